import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';

/**
 * Where every Stage's endpoint-health alarm lives, whatever the Stage's own Region: Route 53
 * publishes its health-check metrics (`AWS/Route53 HealthCheckStatus`) in us-east-1, and the
 * alarm contract of the failover records (docs/adr/0087) names that Region. (Route 53 Developer
 * Guide, "Monitoring health checks using CloudWatch"; not re-read this session, 2026-11-29.)
 */
export const ENDPOINT_HEALTH_REGION = 'us-east-1';

/**
 * The alarm on an environment's Route 53 health check (`HealthCheckStatus`, Minimum over 60 s,
 * missing data breaching): `prod-endpoint-health`, `prod-us-west-2-endpoint-health`. The name is the
 * contract with the Stage that creates the health check and its failover record.
 */
export function endpointHealthAlarmName(environment: string): string {
  return `${environment}-endpoint-health`;
}

/** The alarm on the standby's cross-region replica lag (HaCrossRegionReplica in the StandbyData stack), in the standby's Region. */
export function replicaLagAlarmName(standbyEnvironment: string): string {
  return `${standbyEnvironment}-data-replica-lag`;
}

/** What an endpoint-health alarm says about the endpoint Route 53 checks. */
export type EndpointHealth = 'healthy' | 'unhealthy' | 'unknown';

/** One endpoint-health alarm as read (or not) from CloudWatch. */
export interface EndpointHealthReading {
  readonly alarmName: string;
  readonly health: EndpointHealth;
  /** The alarm's state, or `missing` when no alarm has that name, or `unreadable` when CloudWatch could not be asked. */
  readonly state: string;
  /** Why: the alarm's own reason, or what went wrong. */
  readonly reason: string;
  readonly updated?: Date;
  /** The Route 53 health check the alarm watches (its `HealthCheckId` dimension), for the runbook's commands. */
  readonly healthCheckId?: string;
}

/**
 * OK is healthy and ALARM unhealthy; anything else (INSUFFICIENT_DATA, a missing alarm, a failed
 * call) is unknown, never healthy: a verdict on failover must not rest on data nobody read.
 */
export function healthOfState(state: string | undefined): EndpointHealth {
  return state === 'OK' ? 'healthy' : state === 'ALARM' ? 'unhealthy' : 'unknown';
}

/**
 * Reads the named endpoint-health alarms in one DescribeAlarms call (at most 100 names); a name
 * CloudWatch does not return is read as `missing`, health unknown.
 *
 * An alarm is trusted only for what it watches, not for its name: one that is not on
 * `AWS/Route53 HealthCheckStatus` with a `HealthCheckId` dimension (a hand-made or half-migrated
 * alarm) says nothing about Route 53's view of the endpoint, and one whose HealthCheckId an
 * earlier name's alarm already watches (a copy-paste of the primary's id into the standby's
 * alarm) leaves that Region's own health check unwatched. Either reads as health unknown, with
 * the alarm's state kept and the reason saying why it is not believed.
 *
 * @param alarmNames the primary's alarm first: of two alarms on one health check, the later
 *   name's is the one not believed
 */
export async function fetchEndpointHealth(
  client: CloudWatchClient,
  alarmNames: string[],
  abortSignal?: AbortSignal,
): Promise<EndpointHealthReading[]> {
  const result = await client.send(new DescribeAlarmsCommand({ AlarmNames: alarmNames, AlarmTypes: ['MetricAlarm'], MaxRecords: 100 }), {
    abortSignal,
  });
  const found = new Map((result.MetricAlarms ?? []).map((alarm) => [alarm.AlarmName ?? '', alarm]));
  const watchedBy = new Map<string, string>();
  return alarmNames.map((alarmName): EndpointHealthReading => {
    const alarm = found.get(alarmName);
    if (!alarm) {
      return {
        alarmName,
        health: 'unknown',
        state: 'missing',
        reason: `no alarm named ${alarmName} in ${ENDPOINT_HEALTH_REGION}: the health check's alarm is not deployed`,
      };
    }
    const healthCheckId = alarm.Dimensions?.find((d) => d.Name === 'HealthCheckId')?.Value;
    const reading = {
      alarmName,
      health: healthOfState(alarm.StateValue),
      state: alarm.StateValue ?? 'UNKNOWN',
      reason: alarm.StateReason ?? '',
      updated: alarm.StateUpdatedTimestamp,
      healthCheckId,
    };
    if (alarm.Namespace !== 'AWS/Route53' || alarm.MetricName !== 'HealthCheckStatus' || !healthCheckId) {
      const watches = alarm.MetricName ? `${alarm.Namespace ?? '?'} ${alarm.MetricName}` : 'a metric-math expression';
      return {
        ...reading,
        health: 'unknown',
        reason: `it watches ${watches}${healthCheckId ? '' : ' with no HealthCheckId dimension'}, not AWS/Route53 HealthCheckStatus of a health check: it says nothing about Route 53's view of the endpoint`,
      };
    }
    const earlier = watchedBy.get(healthCheckId);
    if (earlier !== undefined) {
      return {
        ...reading,
        health: 'unknown',
        reason: `it watches health check ${healthCheckId}, as ${earlier} does: this Region's own health check is watched by no alarm`,
      };
    }
    watchedBy.set(healthCheckId, alarmName);
    return reading;
  });
}

/** The readings when CloudWatch in us-east-1 could not be asked: every one unknown, with the failure as the reason. */
export function unreadableEndpointHealth(alarmNames: string[], failure: string): EndpointHealthReading[] {
  return alarmNames.map((alarmName) => ({ alarmName, health: 'unknown', state: 'unreadable', reason: failure }));
}
