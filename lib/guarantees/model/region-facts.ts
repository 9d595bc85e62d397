import { EnvironmentModel } from './environment-model';
import { Resolved, ResourceRef, StackTemplate, Unknown, isUnknown } from './resolved';

/**
 * Facts about the cross-Region parts of an environment: replicas named by ARN, Aurora global
 * clusters and their secondaries, Route 53 failover records and health checks, replication-lag
 * alarms. Shared by the HA-REG checks, HA-AVL-002 and the Region-loss analysis. Each fact is known
 * or an `Unknown` carrying the reason.
 */

/** The parts of an RDS ARN (`arn:aws:rds:us-east-1:123456789012:db:prod-db`). */
export interface RdsArn {
  readonly region: string;
  readonly account: string;
  /** `db` (an instance) or `cluster`. */
  readonly resourceType: 'db' | 'cluster';
  readonly identifier: string;
}

const RDS_ARN = /^arn:aws[a-z-]*:rds:([a-z0-9-]+):(\d{12}):(db|cluster):([A-Za-z0-9-]+)$/;

/** An RDS ARN's parts, or undefined when the value is not a literal RDS ARN. */
export function parseRdsArn(value: unknown): RdsArn | undefined {
  const match = typeof value === 'string' ? RDS_ARN.exec(value) : null;
  return match ? { region: match[1], account: match[2], resourceType: match[3] as 'db' | 'cluster', identifier: match[4] } : undefined;
}

/** A DB instance whose `SourceDBInstanceIdentifier` is a literal ARN: a replica of a database outside these templates. */
export interface ReplicaByArn {
  readonly ref: ResourceRef;
  readonly source: RdsArn;
}

/** Every DB instance replicating from a database named by a literal ARN (in any Region). */
export function replicasByArnOf(model: EnvironmentModel): ReplicaByArn[] {
  return model.resources('AWS::RDS::DBInstance').flatMap((ref) => {
    const source = model.resolve(ref.stack, ref.resource.Properties?.SourceDBInstanceIdentifier);
    const arn = source.kind === 'literal' ? parseRdsArn(source.value) : undefined;
    return arn ? [{ ref, source: arn }] : [];
  });
}

/**
 * The source of a DB instance when it is a literal ARN in another Region than the environment's
 * own (known from the cloud assembly): a cross-Region replica, whose source no template of this
 * environment holds. Its placement is judged by the HA-REG checks over the Region pair, not by
 * HA-DATA-002. Undefined for every other instance, and when the environment's Region is unknown.
 */
export function crossRegionSourceOf(model: EnvironmentModel, instance: ResourceRef): RdsArn | undefined {
  const source = model.resolve(instance.stack, instance.resource.Properties?.SourceDBInstanceIdentifier);
  const arn = source.kind === 'literal' ? parseRdsArn(source.value) : undefined;
  return arn && model.region !== undefined && arn.region !== model.region ? arn : undefined;
}

/** An Aurora global cluster (`AWS::RDS::GlobalCluster`) and the cluster that is its source. */
export interface GlobalClusterFacts {
  readonly ref: ResourceRef;
  /** Its `GlobalClusterIdentifier`, which a secondary cluster in another Region names. */
  readonly identifier: string | Unknown;
  /** The primary cluster: `SourceDBClusterIdentifier`, or a cluster naming this global cluster. */
  readonly members: ResourceRef[];
}

/** Every Aurora global cluster of an environment, with the clusters of this environment that belong to it. */
export function globalClustersOf(model: EnvironmentModel): GlobalClusterFacts[] {
  const clusters = model.resources('AWS::RDS::DBCluster');
  return model.resources('AWS::RDS::GlobalCluster').map((ref) => {
    const id = model.resolve(ref.stack, ref.resource.Properties?.GlobalClusterIdentifier);
    const identifier: string | Unknown =
      id.kind === 'literal' && typeof id.value === 'string'
        ? id.value
        : {
            kind: 'unknown',
            why: `global cluster ${ref.logicalId} has no literal GlobalClusterIdentifier for another Region's cluster to name`,
          };
    const members = clusters.filter((cluster) => {
      const named = model.resolve(cluster.stack, cluster.resource.Properties?.GlobalClusterIdentifier);
      return (
        (named.kind === 'resource' && named.ref.resource === ref.resource) ||
        (named.kind === 'literal' && typeof identifier === 'string' && named.value === identifier)
      );
    });
    const source = model.resolve(ref.stack, ref.resource.Properties?.SourceDBClusterIdentifier);
    if (
      source.kind === 'resource' &&
      source.ref.resource.Type === 'AWS::RDS::DBCluster' &&
      !members.some((m) => m.resource === source.ref.resource)
    ) {
      members.push(source.ref);
    }
    return { ref, identifier, members };
  });
}

/** A DB cluster that joins a global cluster no template of this environment holds: an Aurora secondary. */
export interface SecondaryClusterFacts {
  readonly ref: ResourceRef;
  /** The global cluster it joins, by identifier. */
  readonly globalClusterIdentifier: string;
}

/** Every Aurora secondary cluster of an environment. */
export function secondaryClustersOf(model: EnvironmentModel): SecondaryClusterFacts[] {
  const local = globalClustersOf(model).flatMap((g) => (typeof g.identifier === 'string' ? [g.identifier] : []));
  return model.resources('AWS::RDS::DBCluster').flatMap((ref) => {
    const named = model.resolve(ref.stack, ref.resource.Properties?.GlobalClusterIdentifier);
    return named.kind === 'literal' && typeof named.value === 'string' && !local.includes(named.value)
      ? [{ ref, globalClusterIdentifier: named.value }]
      : [];
  });
}

/** One Route 53 failover record (`AWS::Route53::RecordSet`, or an entry of a `RecordSetGroup`). */
export interface FailoverRecord {
  readonly ref: ResourceRef;
  /** `PRIMARY` or `SECONDARY` (as written). */
  readonly failover: string;
  /** The record's name, lower case, without the final dot. */
  readonly name: string | Unknown;
  readonly type: string | Unknown;
  /** `HostedZoneId` (or `HostedZoneName`, prefixed `name:`), lower case. */
  readonly zone: string | Unknown;
  /** `HealthCheckId`, resolved; undefined when the record has none. */
  readonly healthCheck?: Resolved;
  /** The resources `AliasTarget.DNSName` mentions; undefined for a record that is not an alias. */
  readonly aliasTargets?: ResourceRef[] | Unknown;
  /** `TTL` of a record that is not an alias. */
  readonly ttl?: number | Unknown;
}

/** Every failover record of an environment. */
export function failoverRecordsOf(model: EnvironmentModel): FailoverRecord[] {
  const records: FailoverRecord[] = [];
  for (const ref of model.resources('AWS::Route53::RecordSet')) {
    const record = failoverRecord(model, ref, ref.resource.Properties ?? {}, ref.resource.Properties ?? {});
    if (record) {
      records.push(record);
    }
  }
  for (const ref of model.resources('AWS::Route53::RecordSetGroup')) {
    const group = ref.resource.Properties ?? {};
    const sets = model.resolve(ref.stack, group.RecordSets);
    for (const set of sets.kind === 'literal' && Array.isArray(sets.value)
      ? sets.value
      : Array.isArray(group.RecordSets)
        ? group.RecordSets
        : []) {
      const record = failoverRecord(model, ref, set ?? {}, group);
      if (record) {
        records.push(record);
      }
    }
  }
  return records;
}

function failoverRecord(
  model: EnvironmentModel,
  ref: ResourceRef,
  props: Record<string, any>,
  zoneProps: Record<string, any>,
): FailoverRecord | undefined {
  const failover = model.resolve(ref.stack, props.Failover);
  if (failover.kind === 'noValue' || props.Failover === undefined) {
    return undefined;
  }
  const text = (value: unknown, what: string, normalize: (s: string) => string = (s) => s): string | Unknown => {
    const v = model.resolve(ref.stack, value);
    return v.kind === 'literal' && typeof v.value === 'string'
      ? normalize(v.value)
      : { kind: 'unknown', why: `${what} of ${ref.logicalId} is ${v.kind === 'unknown' ? v.why : 'not a literal string'}` };
  };
  const dnsName = (s: string) => s.toLowerCase().replace(/\.$/, '');
  const zoneId = props.HostedZoneId ?? zoneProps.HostedZoneId;
  const zoneName = props.HostedZoneName ?? zoneProps.HostedZoneName;
  const zone =
    zoneId !== undefined
      ? text(zoneId, 'HostedZoneId', (s) => s.replace(/^\/hostedzone\//, '').toLowerCase())
      : zoneName !== undefined
        ? text(zoneName, 'HostedZoneName', (s) => `name:${dnsName(s)}`)
        : ({ kind: 'unknown', why: `${ref.logicalId} names no hosted zone` } as Unknown);
  const alias = props.AliasTarget;
  let ttl: number | Unknown | undefined;
  if (!alias) {
    const t = model.resolve(ref.stack, props.TTL);
    ttl =
      t.kind === 'literal' && /^\d+$/.test(String(t.value))
        ? Number(t.value)
        : { kind: 'unknown', why: `TTL of ${ref.logicalId} is not a literal number` };
  }
  return {
    ref,
    failover: failover.kind === 'literal' ? String(failover.value).toUpperCase() : `(${failover.kind})`,
    name: text(props.Name, 'Name', dnsName),
    type: text(props.Type, 'Type', (s) => s.toUpperCase()),
    zone,
    healthCheck: props.HealthCheckId === undefined ? undefined : model.resolve(ref.stack, props.HealthCheckId),
    aliasTargets: alias ? mentioned(model, ref.stack, alias.DNSName) : undefined,
    ttl,
  };
}

/**
 * The resources a value names anywhere inside it (an alias target is `dualstack.` joined to a load
 * balancer's `DNSName`); pseudo parameters inside a join do not hide a reference.
 */
export function mentioned(model: EnvironmentModel, stack: StackTemplate, value: unknown): ResourceRef[] | Unknown {
  const direct = model.resolve(stack, value);
  if (direct.kind === 'resource') {
    return [direct.ref];
  }
  if (direct.kind !== 'unknown') {
    return [];
  }
  const join = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, any>)['Fn::Join'] : undefined;
  if (Array.isArray(join) && Array.isArray(join[1])) {
    const found: ResourceRef[] = [];
    for (const part of join[1]) {
      const inner = mentioned(model, stack, part);
      if (isUnknown(inner)) {
        return inner;
      }
      found.push(...inner);
    }
    return found;
  }
  return direct;
}

/** A Route 53 health check's detection settings and what it probes. */
export interface HealthCheckFacts {
  readonly ref: ResourceRef;
  /** `HTTPS`, `HTTP`, `TCP`, `CALCULATED`, `CLOUDWATCH_METRIC`, ... */
  readonly type: string | Unknown;
  /** Seconds between checks by each checker (`RequestInterval`, 30 when unset). */
  readonly requestIntervalSeconds: number | Unknown;
  /** Consecutive failures before the endpoint is unhealthy (`FailureThreshold`, 3 when unset). */
  readonly failureThreshold: number | Unknown;
  /** The resources `FullyQualifiedDomainName` names, or the literal name it probes. */
  readonly endpoint: ResourceRef[] | string | Unknown;
  /** `disabled` or `inverted` (or why either cannot be read) when the check does not report the endpoint's health as is. */
  readonly disabledOrInverted?: string;
}

/**
 * Defaults of `AWS::Route53::HealthCheck` `HealthCheckConfig`: "If you don't specify a value for
 * RequestInterval, the default value is 30 seconds"; FailureThreshold "If you don't specify a
 * value ..., the default value is three health checks" (Route 53 API Reference, HealthCheckConfig;
 * read 2026-11-29 through the AWS SDK's copy of it).
 */
export const ROUTE53_HEALTH_CHECK_DEFAULTS = { requestIntervalSeconds: 30, failureThreshold: 3 } as const;

/** The facts of a health check resource. */
export function healthCheckFacts(model: EnvironmentModel, ref: ResourceRef): HealthCheckFacts {
  const config = ref.resource.Properties?.HealthCheckConfig ?? {};
  const number = (value: unknown, fallback: number, what: string): number | Unknown => {
    if (value === undefined) {
      return fallback;
    }
    const v = model.resolve(ref.stack, value);
    return v.kind === 'literal' && /^\d+$/.test(String(v.value))
      ? Number(v.value)
      : { kind: 'unknown', why: `${what} of ${ref.logicalId} is not a literal number` };
  };
  const type = model.resolve(ref.stack, config.Type);
  const flag = (name: 'Disabled' | 'Inverted') => {
    const v = config[name] === undefined ? undefined : model.resolve(ref.stack, config[name]);
    return v === undefined || (v.kind === 'literal' && String(v.value).toLowerCase() === 'false')
      ? undefined
      : v.kind === 'literal' && String(v.value).toLowerCase() === 'true'
        ? name.toLowerCase()
        : `possibly ${name.toLowerCase()} (${name} cannot be read)`;
  };
  const disabledOrInverted = flag('Disabled') ?? flag('Inverted');
  const fqdn = model.resolve(ref.stack, config.FullyQualifiedDomainName);
  return {
    ref,
    type:
      type.kind === 'literal' ? String(type.value).toUpperCase() : { kind: 'unknown', why: `the Type of ${ref.logicalId} is not literal` },
    ...(disabledOrInverted ? { disabledOrInverted } : {}),
    requestIntervalSeconds: number(config.RequestInterval, ROUTE53_HEALTH_CHECK_DEFAULTS.requestIntervalSeconds, 'RequestInterval'),
    failureThreshold: number(config.FailureThreshold, ROUTE53_HEALTH_CHECK_DEFAULTS.failureThreshold, 'FailureThreshold'),
    endpoint:
      config.FullyQualifiedDomainName === undefined
        ? { kind: 'unknown', why: `${ref.logicalId} probes an IP address or no endpoint at all, not a name of this Region's load balancer` }
        : fqdn.kind === 'literal' && typeof fqdn.value === 'string'
          ? fqdn.value.toLowerCase().replace(/\.$/, '')
          : mentioned(model, ref.stack, config.FullyQualifiedDomainName),
  };
}

/** An alarm on a database's replication lag, with what it lets through before it fires. */
export interface LagAlarmFacts {
  readonly alarm: ResourceRef;
  /** Threshold, in seconds (`AuroraGlobalDB*Lag` metrics are in milliseconds and are converted). */
  readonly thresholdSeconds: number;
  /** Period x EvaluationPeriods: how long the lag may sit above the threshold before the alarm fires. */
  readonly windowSeconds: number;
  /** Whether missing data counts as breaching: a replica that stops reporting then alarms. */
  readonly missingDataBreaches: boolean;
}

const LAG_METRICS: Record<string, { dimension: string; scale: number }> = {
  ReplicaLag: { dimension: 'DBInstanceIdentifier', scale: 1 },
  AuroraGlobalDBReplicationLag: { dimension: 'DBClusterIdentifier', scale: 1000 },
  AuroraGlobalDBRPOLag: { dimension: 'DBClusterIdentifier', scale: 1000 },
};

/**
 * Whether a metric-math alarm returns the lag itself, or something at least as large: the metric's
 * id, `MAX([ids])`, or `IF(id < 0, N, id)` with N above the threshold (HaCrossRegionReplica's form:
 * MySQL reports -1 when replication stops). Any other expression (`lag * 0`, `MIN(...)`) may hide
 * the lag, so the alarm does not bound it.
 */
function returnsTheLag(metrics: any[], threshold: number): boolean {
  const ids = metrics.filter((m) => m?.MetricStat).map((m) => String(m.Id));
  const returned = metrics.filter((m) => m?.ReturnData !== false);
  if (returned.length !== 1) {
    return false;
  }
  const [r] = returned;
  if (r.MetricStat) {
    return true;
  }
  const expression = String(r.Expression ?? '').replace(/\s+/g, '');
  const max = /^MAX\(\[([A-Za-z0-9_,]+)\]\)$/.exec(expression);
  if (ids.includes(expression) || (max && max[1].split(',').every((id) => ids.includes(id)))) {
    return true;
  }
  const guard = /^IF\(([A-Za-z0-9_]+)<0,([\d.]+),([A-Za-z0-9_]+)\)$/.exec(expression);
  return !!guard && guard[1] === guard[3] && ids.includes(guard[1]) && Number(guard[2]) > threshold;
}

/**
 * The alarms on one replica's (or secondary cluster's) replication lag that fire when it is too
 * high: a plain metric alarm, or a metric-math alarm whose every metric is that lag and whose
 * returned value is the lag (`returnsTheLag`), compared `GreaterThan(OrEqualTo)Threshold`.
 */
export function lagAlarmsOf(model: EnvironmentModel, replica: ResourceRef): LagAlarmFacts[] {
  const found: LagAlarmFacts[] = [];
  for (const alarm of model.resources('AWS::CloudWatch::Alarm')) {
    const props = alarm.resource.Properties ?? {};
    const metrics: Array<{ name: unknown; dimensions: unknown; period: unknown }> =
      props.MetricName !== undefined
        ? [{ name: props.MetricName, dimensions: props.Dimensions, period: props.Period }]
        : (Array.isArray(props.Metrics) ? props.Metrics : [])
            .filter((m: any) => m?.MetricStat)
            .map((m: any) => ({
              name: m.MetricStat.Metric?.MetricName,
              dimensions: m.MetricStat.Metric?.Dimensions,
              period: m.MetricStat.Period,
            }));
    const kinds = metrics.map((m) => LAG_METRICS[String(m.name)]);
    if (metrics.length === 0 || kinds.some((k) => k === undefined)) {
      continue;
    }
    const watchesReplica = metrics.every((m, i) => {
      const dims = Array.isArray(m.dimensions) ? m.dimensions : [];
      const dim = dims.find((d: any) => d?.Name === kinds[i].dimension);
      const target = dim ? model.resolve(alarm.stack, dim.Value) : undefined;
      return target?.kind === 'resource' && target.ref.resource === replica.resource;
    });
    const threshold = model.resolve(alarm.stack, props.Threshold);
    const periods = model.resolve(alarm.stack, props.EvaluationPeriods);
    const period = model.resolve(alarm.stack, metrics[0].period);
    const numbers = [threshold, periods, period].map((v) => (v.kind === 'literal' ? Number(v.value) : NaN));
    if (!watchesReplica || numbers.some((n) => !Number.isFinite(n))) {
      continue;
    }
    const operator = model.resolve(alarm.stack, props.ComparisonOperator);
    const firesWhenHigh =
      operator.kind === 'literal' && ['GreaterThanThreshold', 'GreaterThanOrEqualToThreshold'].includes(String(operator.value));
    if (!firesWhenHigh || (props.MetricName === undefined && !returnsTheLag(props.Metrics, numbers[0]))) {
      continue;
    }
    const missing = model.resolve(alarm.stack, props.TreatMissingData);
    found.push({
      alarm,
      thresholdSeconds: numbers[0] / kinds[0].scale,
      windowSeconds: numbers[1] * numbers[2],
      missingDataBreaches: missing.kind === 'literal' && missing.value === 'breaching',
    });
  }
  return found;
}
