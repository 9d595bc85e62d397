import { EnvironmentModel } from './environment-model';
import { Probe } from './load-balancer-serving';
import { Resolved, ResourceRef, StackTemplate, Unknown } from './resolved';

/**
 * Facts about Route 53 failover: failover records (`AWS::Route53::RecordSet`, `RecordSetGroup`
 * entries) and the health checks they name. Read by HA-REG-003 and the Region-loss estimate.
 */

/** One Route 53 record (`AWS::Route53::RecordSet`, or an entry of a `RecordSetGroup`). */
export interface RecordFacts {
  readonly ref: ResourceRef;
  /** `PRIMARY` or `SECONDARY` (upper case); undefined for a record without `Failover`. */
  readonly failover?: string;
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

/** One Route 53 failover record. */
export interface FailoverRecord extends RecordFacts {
  readonly failover: string;
}

/** Every failover record of an environment. */
export function failoverRecordsOf(model: EnvironmentModel): FailoverRecord[] {
  return recordsOf(model).filter((r): r is FailoverRecord => r.failover !== undefined);
}

/** Every record of an environment, failover or not. */
export function recordsOf(model: EnvironmentModel): RecordFacts[] {
  const records: RecordFacts[] = [];
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
): RecordFacts | undefined {
  if (props === null || typeof props !== 'object') {
    return undefined;
  }
  const failover = props.Failover === undefined ? ({ kind: 'noValue' } as const) : model.resolve(ref.stack, props.Failover);
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
    failover:
      failover.kind === 'noValue' ? undefined : failover.kind === 'literal' ? String(failover.value).toUpperCase() : `(${failover.kind})`,
    name: text(props.Name, 'Name', dnsName),
    type: text(props.Type, 'Type', (s) => s.toUpperCase()),
    zone,
    healthCheck: props.HealthCheckId === undefined ? undefined : model.resolve(ref.stack, props.HealthCheckId),
    aliasTargets: alias ? aliasTargetsOf(model, ref.stack, alias.DNSName) : undefined,
    ttl,
  };
}

/** The resources an alias names exactly; a literal name is no resource of these templates. */
function aliasTargetsOf(model: EnvironmentModel, stack: StackTemplate, dnsName: unknown): ResourceRef[] | Unknown {
  const targets = exactTargets(model, stack, dnsName);
  return typeof targets === 'string' ? [] : targets;
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
  /**
   * What `FullyQualifiedDomainName` is: exactly the `DNSName` of the resource given (`Fn::GetAtt`,
   * or `dualstack.` joined to it), a literal name, or anything else as an `Unknown`.
   */
  readonly endpoint: ResourceRef[] | string | Unknown;
  /** `IPAddress`, when set: Route 53 then probes that address and sends the name only as Host and SNI. */
  readonly ipAddress?: string;
  /** The port, protocol and path it probes (`Port`: 80 for HTTP, 443 for HTTPS when unset). */
  readonly probe: Probe | Unknown;
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
  const ip = config.IPAddress === undefined ? undefined : model.resolve(ref.stack, config.IPAddress);
  const typeName = type.kind === 'literal' ? String(type.value).toUpperCase() : undefined;
  return {
    ref,
    type: typeName ?? { kind: 'unknown', why: `the Type of ${ref.logicalId} is not literal` },
    ...(disabledOrInverted ? { disabledOrInverted } : {}),
    ...(ip !== undefined && ip.kind !== 'noValue'
      ? { ipAddress: ip.kind === 'literal' ? String(ip.value) : '(an IP address that cannot be read)' }
      : {}),
    requestIntervalSeconds: number(config.RequestInterval, ROUTE53_HEALTH_CHECK_DEFAULTS.requestIntervalSeconds, 'RequestInterval'),
    failureThreshold: number(config.FailureThreshold, ROUTE53_HEALTH_CHECK_DEFAULTS.failureThreshold, 'FailureThreshold'),
    endpoint:
      config.FullyQualifiedDomainName === undefined
        ? { kind: 'unknown', why: `${ref.logicalId} probes an IP address or no endpoint at all, not a name of this Region's load balancer` }
        : exactTargets(model, ref.stack, config.FullyQualifiedDomainName),
    probe: probeOf(model, ref, config, typeName),
  };
}

/**
 * The port, protocol and path a health check probes. When `Port` is unset: 80 for HTTP(_STR_MATCH)
 * and 443 for HTTPS(_STR_MATCH), as aws-cdk-lib 2.276's `route53.HealthCheckProps.port` documents
 * and writes (read 2026-11-29; the Route 53 API Reference's `HealthCheckConfig.Port`, read the same
 * day through the AWS SDK for Kotlin, states no default). A TCP check has no default port; an
 * unset `ResourcePath` requests `/`.
 */
function probeOf(model: EnvironmentModel, ref: ResourceRef, config: Record<string, any>, type: string | undefined): Probe | Unknown {
  const protocol = type?.startsWith('HTTPS') ? 'HTTPS' : type?.startsWith('HTTP') ? 'HTTP' : type === 'TCP' ? 'TCP' : undefined;
  if (!protocol) {
    return { kind: 'unknown', why: `${ref.logicalId} is not an HTTP, HTTPS or TCP check` };
  }
  const port = config.Port === undefined ? undefined : model.resolve(ref.stack, config.Port);
  const number =
    port === undefined || port.kind === 'noValue'
      ? { HTTP: 80, HTTPS: 443, TCP: undefined }[protocol]
      : port.kind === 'literal' && /^\d+$/.test(String(port.value))
        ? Number(port.value)
        : undefined;
  if (number === undefined) {
    return { kind: 'unknown', why: `the Port of ${ref.logicalId} is not a literal number` };
  }
  if (protocol === 'TCP') {
    return { port: number, protocol };
  }
  const path = config.ResourcePath === undefined ? { kind: 'literal' as const, value: '/' } : model.resolve(ref.stack, config.ResourcePath);
  if (path.kind !== 'literal' || typeof path.value !== 'string') {
    return { kind: 'unknown', why: `the ResourcePath of ${ref.logicalId} is not a literal` };
  }
  const bare = path.value.split('?')[0];
  return { port: number, protocol, path: bare.startsWith('/') ? bare : `/${bare}` };
}

/**
 * The resource whose `DNSName` a value is exactly (`Fn::GetAtt [X, DNSName]`, or `dualstack.`
 * joined to it), a literal name, or why it is neither: a name that merely contains a load
 * balancer's (a suffix, another label) is another host.
 */
export function exactTargets(model: EnvironmentModel, stack: StackTemplate, value: unknown): ResourceRef[] | string | Unknown {
  const direct = model.resolve(stack, value);
  if (direct.kind === 'literal' && typeof direct.value === 'string') {
    return direct.value.toLowerCase().replace(/\.$/, '');
  }
  if (direct.kind === 'resource') {
    return direct.attribute === 'DNSName'
      ? [direct.ref]
      : { kind: 'unknown', why: `it names ${direct.ref.logicalId}${direct.attribute ? `.${direct.attribute}` : ''}, not a DNSName` };
  }
  const join = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, any>)['Fn::Join'] : undefined;
  if (Array.isArray(join) && join[0] === '' && Array.isArray(join[1]) && join[1].length === 2 && join[1][0] === 'dualstack.') {
    const inner = model.resolve(stack, join[1][1]);
    if (inner.kind === 'resource' && inner.attribute === 'DNSName') {
      return [inner.ref];
    }
  }
  return direct.kind === 'unknown' && !join
    ? direct
    : {
        kind: 'unknown',
        why: "it is not exactly a load balancer's DNSName (Fn::GetAtt DNSName, or 'dualstack.' joined to it): a name built around it is another host",
      };
}
