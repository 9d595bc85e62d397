import { CloudWatchClient, CompositeAlarm, MetricAlarm, paginateDescribeAlarms, StateValue } from '@aws-sdk/client-cloudwatch';

/** One alarm as the live-status CLI shows it. */
export interface AlarmState {
  readonly name: string;
  readonly kind: 'metric' | 'composite';
  readonly state: string;
  readonly reason: string;
  readonly updated?: Date;
}

/** An environment's alarms and a verdict drawn from its two composite alarms. */
export interface EnvironmentStatus {
  readonly environment: string;
  /**
   * - `impaired`: `<env>-users-impaired` is in ALARM (users see errors, latency or unavailability)
   * - `degraded`: users are served, but `<env>-redundancy-lost` is in ALARM
   * - `healthy`: both composites OK
   * - `unknown`: a composite is missing or has insufficient data (not deployed, or just created)
   */
  readonly verdict: 'impaired' | 'degraded' | 'healthy' | 'unknown';
  /** Every alarm of the environment, ALARM first. */
  readonly alarms: AlarmState[];
  /** The load balancer's metric dimension, read from the web alarms, for availability queries. */
  readonly loadBalancer?: string;
}

const STATE_ORDER: Record<string, number> = { [StateValue.ALARM]: 0, [StateValue.INSUFFICIENT_DATA]: 1, [StateValue.OK]: 2 };

/**
 * Reads every alarm of one environment from CloudWatch: the names this library gives start
 * with `<env>-` (`prod-web-5xx-rate`, `prod-users-impaired`).
 */
export async function fetchEnvironmentStatus(client: CloudWatchClient, environment: string): Promise<EnvironmentStatus> {
  const metricAlarms: MetricAlarm[] = [];
  const compositeAlarms: CompositeAlarm[] = [];
  for await (const page of paginateDescribeAlarms(
    { client },
    { AlarmNamePrefix: `${environment}-`, AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] },
  )) {
    metricAlarms.push(...(page.MetricAlarms ?? []));
    compositeAlarms.push(...(page.CompositeAlarms ?? []));
  }
  const alarms: AlarmState[] = [
    ...compositeAlarms.map((a) => toState(a, 'composite')),
    ...metricAlarms.map((a) => toState(a, 'metric')),
  ].sort((a, b) => (STATE_ORDER[a.state] ?? 3) - (STATE_ORDER[b.state] ?? 3) || a.name.localeCompare(b.name));

  const stateOf = (name: string) => compositeAlarms.find((a) => a.AlarmName === name)?.StateValue;
  const users = stateOf(`${environment}-users-impaired`);
  const redundancy = stateOf(`${environment}-redundancy-lost`);
  const verdict =
    users === StateValue.ALARM
      ? 'impaired'
      : users !== StateValue.OK || redundancy === undefined || redundancy === StateValue.INSUFFICIENT_DATA
        ? 'unknown'
        : redundancy === StateValue.ALARM
          ? 'degraded'
          : 'healthy';

  const latency = metricAlarms.find((a) => a.AlarmName === `${environment}-web-p99-latency`);
  const loadBalancer = latency?.Dimensions?.find((d) => d.Name === 'LoadBalancer')?.Value;
  return { environment, verdict, alarms, loadBalancer };
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
