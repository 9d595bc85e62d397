import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { fetchEnvironmentAlarms } from './alarm-status';
import { fetchAvailability } from './availability';
import { Deadline } from './deadline';
import { judge, StatusReport } from './verdict';
import { fetchZones } from './zones';

/** One environment in one Region, as the CLI reads it. */
export interface RegionTarget {
  /** The environment's name, the prefix of its alarms (`prod`, `prod-us-west-2`). */
  readonly environment: string;
  readonly region: string;
  readonly slo: { readonly availabilityPercent: number; readonly windowDays: number };
  /** The AZs to show when no alarm names one (the profile's). */
  readonly availabilityZones: string[];
  /** Percentage points by which an AZ's 5xx rate may exceed the others' before it is an outlier. */
  readonly outlierPoints: number;
  /**
   * Alarms under the prefix that belong to someone else: in the primary's Region, the standby's
   * `<env>-<region>-*` endpoint-health alarm (Route 53's alarms all live in us-east-1), and both
   * endpoint-health alarms, which the two-Region report judges on their own.
   *
   * @default - none excluded
   */
  readonly exclude?: (alarmName: string) => boolean;
}

/**
 * Reads one environment's alarms, its availability over the SLO window and its per-AZ view, and
 * judges them: the single-Region report, each step under the deadline.
 */
export async function readRegion(
  client: CloudWatchClient,
  deadline: Deadline,
  target: RegionTarget,
  now: Date,
  perAzWindowHours: number,
): Promise<StatusReport> {
  const { environment, region, slo } = target;
  const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000);
  const alarms = await deadline.run('DescribeAlarms', (signal) => fetchEnvironmentAlarms(client, environment, signal, target.exclude));
  const loadBalancer = alarms.web.loadBalancer;
  const availability = loadBalancer
    ? await deadline.run('GetMetricData (availability)', (signal) =>
        fetchAvailability(client, loadBalancer, slo.availabilityPercent, hoursAgo(slo.windowDays * 24), now, signal),
      )
    : undefined;
  const zoneNames = alarms.web.availabilityZones.length > 0 ? alarms.web.availabilityZones : target.availabilityZones;
  const zones = await deadline.run('GetMetricData (per AZ)', (signal) =>
    fetchZones(client, alarms.web, zoneNames, hoursAgo(perAzWindowHours), now, target.outlierPoints, signal),
  );
  return judge({ environment, region, slo, alarms, availability, zones, perAzWindowHours });
}

/** The report of a Region CloudWatch could not be asked about: unknown, with the failure as its one reason. */
export function unreadableReport(target: RegionTarget, failure: string, perAzWindowHours: number): StatusReport {
  return {
    environment: target.environment,
    region: target.region,
    verdict: 'unknown',
    exitCode: 3,
    reasons: [failure],
    notes: [],
    slo: target.slo,
    alarms: [],
    zones: [],
    perAzWindowHours,
  };
}
