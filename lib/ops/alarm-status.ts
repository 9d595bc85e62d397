import { CloudWatchClient, CompositeAlarm, DescribeAlarmsCommand, Dimension, MetricAlarm, StateValue } from '@aws-sdk/client-cloudwatch';

/** One alarm as the live-status CLI shows it. */
export interface AlarmState {
  readonly name: string;
  readonly kind: 'metric' | 'composite';
  /** `OK`, `ALARM` or `INSUFFICIENT_DATA`. */
  readonly state: string;
  readonly reason: string;
  readonly updated?: Date;
}

/** The web tier's metric dimensions, read from the alarms' own metric definitions. */
export interface WebResources {
  /** The `LoadBalancer` dimension (`app/<name>/<id>`). */
  readonly loadBalancer?: string;
  /** Every `TargetGroup` dimension (`targetgroup/<name>/<id>`) of that load balancer. */
  readonly targetGroups: string[];
  /** Every `AvailabilityZone` dimension of load-balancer metrics, sorted. */
  readonly availabilityZones: string[];
}

/** The alarms of one environment, as CloudWatch holds them. */
export interface EnvironmentAlarms {
  readonly environment: string;
  /** Every alarm of the environment (`<env>-<family>-*`, {@link belongsToEnvironment}), ALARM first, then INSUFFICIENT_DATA, then OK; by name within a state. */
  readonly alarms: AlarmState[];
  /** Each composite's state, by name. */
  readonly composites: ReadonlyMap<string, string>;
  /** Each composite's member alarm names (from its rule), by composite name. */
  readonly members: ReadonlyMap<string, string[]>;
  readonly web: WebResources;
}

/** The composite alarms that HaMonitoring and SloMonitoring name. */
export function compositeNames(environment: string) {
  return {
    usersImpaired: `${environment}-users-impaired`,
    redundancyLost: `${environment}-redundancy-lost`,
    fastBurn: `${environment}-error-budget-fast-burn`,
    slowBurn: `${environment}-error-budget-slow-burn`,
  };
}

/**
 * The words that follow `<env>-` in every alarm name this library gives (synthesized app,
 * 2026-11-29): HaMonitoring's `<env>-<tier>-<name>` (alarm-spec.ts tiers web, database, cache,
 * network), the web tier's and messaging's `alarmNamePrefix` (`<env>-web`, `<env>-messaging`),
 * the standby's `<env>-data-replica-lag`, SloMonitoring's `<env>-slo-burn-rate-*` and
 * `<env>-error-budget-*`, the composites (and their CompositeHierarchy `-part-N`), and
 * `<env>-endpoint-health`. Add a word here when the library names a new family.
 */
export const ALARM_FAMILIES = [
  'web',
  'database',
  'cache',
  'network',
  'messaging',
  'data',
  'slo-burn-rate',
  'error-budget',
  'users-impaired',
  'redundancy-lost',
  'endpoint-health',
] as const;

/**
 * Whether an alarm is one of `environment`'s own: `<env>-` then one of {@link ALARM_FAMILIES}.
 * A positive rule, because the prefix alone also matches another environment whose name starts
 * with `<env>-` (`prod-canary-web-5xx-rate`, the standby's `prod-us-west-2-endpoint-health`):
 * its alarms, and its load balancer, would be taken for this environment's (docs/adr/0021).
 */
export function belongsToEnvironment(alarmName: string, environment: string): boolean {
  if (!alarmName.startsWith(`${environment}-`)) {
    return false;
  }
  const rest = alarmName.slice(environment.length + 1);
  return ALARM_FAMILIES.some((family) => rest === family || rest.startsWith(`${family}-`));
}

const STATE_ORDER: Record<string, number> = { [StateValue.ALARM]: 0, [StateValue.INSUFFICIENT_DATA]: 1, [StateValue.OK]: 2 };
/** A guard against an endpoint that hands back NextTokens forever: 100 pages of 100 is 10,000 alarms. */
const MAX_PAGES = 100;

/**
 * Reads every alarm of one environment from CloudWatch, page by page: the names this library
 * gives start with `<env>-` (`prod-web-5xx-rate`, `prod-users-impaired`), and of those only the
 * environment's own ({@link belongsToEnvironment}).
 *
 * @param exclude names under the prefix that belong to another report (a standby's `<env>-<region>-*`)
 */
export async function fetchEnvironmentAlarms(
  client: CloudWatchClient,
  environment: string,
  abortSignal?: AbortSignal,
  exclude?: (alarmName: string) => boolean,
): Promise<EnvironmentAlarms> {
  const metricAlarms: MetricAlarm[] = [];
  const compositeAlarms: CompositeAlarm[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await client.send(
      new DescribeAlarmsCommand({
        AlarmNamePrefix: `${environment}-`,
        AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
        MaxRecords: 100,
        NextToken: nextToken,
      }),
      { abortSignal },
    );
    const kept = (alarm: MetricAlarm | CompositeAlarm) =>
      belongsToEnvironment(alarm.AlarmName ?? '', environment) && !exclude?.(alarm.AlarmName ?? '');
    metricAlarms.push(...(result.MetricAlarms ?? []).filter(kept));
    compositeAlarms.push(...(result.CompositeAlarms ?? []).filter(kept));
    if (!result.NextToken || result.NextToken === nextToken) {
      break;
    }
    nextToken = result.NextToken;
  }
  return summarizeAlarms(environment, metricAlarms, compositeAlarms);
}

/** Sorts the alarms, reads the composites' states and members, and finds the web tier's dimensions. */
export function summarizeAlarms(environment: string, metricAlarms: MetricAlarm[], compositeAlarms: CompositeAlarm[]): EnvironmentAlarms {
  const alarms: AlarmState[] = [
    ...compositeAlarms.map((a) => toState(a, 'composite')),
    ...metricAlarms.map((a) => toState(a, 'metric')),
  ].sort((a, b) => (STATE_ORDER[a.state] ?? 3) - (STATE_ORDER[b.state] ?? 3) || a.name.localeCompare(b.name));
  const composites = new Map(compositeAlarms.map((a) => [a.AlarmName ?? '', a.StateValue ?? 'UNKNOWN']));
  const members = new Map(compositeAlarms.map((a) => [a.AlarmName ?? '', ruleMembers(a.AlarmRule ?? '')]));
  return { environment, alarms, composites, members, web: webResources(metricAlarms) };
}

/**
 * The alarm names a composite rule refers to: `ALARM("arn:aws:cloudwatch:...:alarm:prod-web-5xx-rate")`
 * or `ALARM(prod-web-5xx-rate)`.
 */
export function ruleMembers(rule: string): string[] {
  return [...rule.matchAll(/\b(?:ALARM|OK|INSUFFICIENT_DATA)\(\s*"?([^")]+?)"?\s*\)/g)].map((m) =>
    m[1].replace(/^arn:[^:]+:cloudwatch:[^:]*:\d*:alarm:/, ''),
  );
}

/** The load balancer, its target groups and AZs, from the dimensions of every ApplicationELB metric the alarms watch. */
function webResources(metricAlarms: MetricAlarm[]): WebResources {
  const dimensionSets: Dimension[][] = [];
  for (const alarm of metricAlarms) {
    if (alarm.Namespace === 'AWS/ApplicationELB') {
      dimensionSets.push(alarm.Dimensions ?? []);
    }
    for (const query of alarm.Metrics ?? []) {
      if (query.MetricStat?.Metric?.Namespace === 'AWS/ApplicationELB') {
        dimensionSets.push(query.MetricStat.Metric.Dimensions ?? []);
      }
    }
  }
  const valuesOf = (name: string) => dimensionSets.map((dims) => dims.find((d) => d.Name === name)?.Value);
  const count = new Map<string, number>();
  for (const value of valuesOf('LoadBalancer')) {
    if (value) {
      count.set(value, (count.get(value) ?? 0) + 1);
    }
  }
  // One web tier per environment; should two appear (a replacement half-deployed), the most watched one.
  const loadBalancer = [...count.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
  const ofLoadBalancer = dimensionSets.filter(
    (dims) => !loadBalancer || dims.some((d) => d.Name === 'LoadBalancer' && d.Value === loadBalancer),
  );
  const distinct = (name: string) =>
    [...new Set(ofLoadBalancer.map((dims) => dims.find((d) => d.Name === name)?.Value).filter((v): v is string => !!v))].sort();
  return { loadBalancer, targetGroups: distinct('TargetGroup'), availabilityZones: distinct('AvailabilityZone') };
}

function toState(alarm: MetricAlarm | CompositeAlarm, kind: AlarmState['kind']): AlarmState {
  return {
    name: alarm.AlarmName ?? '(unnamed)',
    kind,
    state: alarm.StateValue ?? 'UNKNOWN',
    reason: alarm.StateReason ?? '',
    updated: alarm.StateUpdatedTimestamp,
  };
}
