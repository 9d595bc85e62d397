import { EnvironmentModel } from './environment-model';
import { mentioned } from './region-facts';
import { Resolved, ResourceRef, Unknown } from './resolved';

/**
 * Facts about Route 53 failover: failover records (`AWS::Route53::RecordSet`, `RecordSetGroup`
 * entries) and the health checks they name. Read by HA-REG-003 and the Region-loss estimate.
 */

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
 * Defaults of `AWS::Route53::HealthCheck` `HealthCheckConfig`, from the Route 53 API Reference
 * (HealthCheckConfig), read 2026-11-29 through copies generated from the API model (AWS SDK for
 * Kotlin; pub.dev aws_route53_api): "If you don't specify a value for RequestInterval, the default
 * value is 30 seconds"; "If you don't specify a value for FailureThreshold, the default value is
 * three health checks".
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
