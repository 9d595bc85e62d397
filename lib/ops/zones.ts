import { CloudWatchClient, MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { WebResources } from './alarm-status';
import { elbQuery, getMetricData, incompleteReason, total } from './metric-data';

/** One AZ of the web tier over the per-AZ window. */
export interface ZoneView {
  readonly availabilityZone: string;
  readonly requests: number;
  /** Requests answered 5xx by this AZ's load-balancer node or its targets. */
  readonly errors: number;
  /** Percentage of this AZ's requests answered 5xx; undefined without traffic. */
  readonly errorRatePercent?: number;
  /** Healthy targets in this AZ now (latest minimum, summed over the target groups); undefined without data. */
  readonly healthyHosts?: number;
  /**
   * Why this AZ's view is unknown: CloudWatch did not fully return its metric data (see
   * `getMetricData`). Its rate and healthy hosts are then undefined, and it is neither judged an
   * outlier nor counted among the other AZs an outlier is judged against.
   *
   * @default - undefined: every query of the AZ fully returned
   */
  readonly unmeasured?: string;
  /** Why this AZ stands out from the others; empty when it does not. */
  readonly outlierReasons: string[];
}

/**
 * Requests, 5xx rate and healthy hosts by AZ, from the load balancer's per-AZ metrics, with the
 * AZs that stand out from the others named: a gray failure in one AZ, answered with a zonal shift.
 *
 * @param outlierPoints how many percentage points an AZ's 5xx rate may exceed the other AZs' together
 */
export async function fetchZones(
  client: CloudWatchClient,
  web: WebResources,
  zones: string[],
  from: Date,
  to: Date,
  outlierPoints: number,
  abortSignal?: AbortSignal,
): Promise<ZoneView[]> {
  if (!web.loadBalancer || zones.length === 0) {
    return [];
  }
  // 1-minute data lasts 15 days; longer windows ask for 5-minute data (fewer points, same sums).
  const period = to.getTime() - from.getTime() <= 24 * 3_600_000 ? 60 : 300;
  const queries: MetricDataQuery[] = [];
  zones.forEach((az, z) => {
    const dims = { LoadBalancer: web.loadBalancer!, AvailabilityZone: az };
    queries.push(
      elbQuery(`requests_${z}`, 'RequestCount', 'Sum', period, dims),
      elbQuery(`elb5xx_${z}`, 'HTTPCode_ELB_5XX_Count', 'Sum', period, dims),
      elbQuery(`target5xx_${z}`, 'HTTPCode_Target_5XX_Count', 'Sum', period, dims),
      ...web.targetGroups.map((tg, t) =>
        elbQuery(`healthy_${z}_${t}`, 'HealthyHostCount', 'Minimum', period, { ...dims, TargetGroup: tg }),
      ),
    );
  });
  const data = await getMetricData(client, queries, from, to, abortSignal);
  const series = data.series;
  const hours = Math.round((to.getTime() - from.getTime()) / 3_600_000);
  const views = zones.map((availabilityZone, z) => {
    const ids = [`requests_${z}`, `elb5xx_${z}`, `target5xx_${z}`, ...web.targetGroups.map((_, t) => `healthy_${z}_${t}`)];
    const unmeasured = incompleteReason(data, ids, `${availabilityZone} over the last ${hours} h`);
    const requests = total(series.get(`requests_${z}`));
    const errors = total(series.get(`elb5xx_${z}`)) + total(series.get(`target5xx_${z}`));
    // Newest first: the latest minimum of each target group.
    const latest = web.targetGroups.map((_, t) => series.get(`healthy_${z}_${t}`)?.values[0]).filter((v): v is number => v !== undefined);
    if (unmeasured !== undefined) {
      return { availabilityZone, requests, errors, unmeasured };
    }
    return {
      availabilityZone,
      requests,
      errors,
      errorRatePercent: requests > 0 ? (100 * errors) / requests : undefined,
      healthyHosts: latest.length > 0 ? latest.reduce((a, b) => a + b, 0) : undefined,
    };
  });
  return findOutliers(views, outlierPoints);
}

/**
 * Names the AZs that stand out: a 5xx rate more than `outlierPoints` above the other AZs'
 * together (the rule of HaMonitoring's `<az>-5xx-outlier` alarm), or fewer than half the healthy
 * hosts of the best other AZ (instances failing in one AZ while the others serve).
 */
export function findOutliers(views: Omit<ZoneView, 'outlierReasons'>[], outlierPoints: number): ZoneView[] {
  return views.map((zone) => {
    // An AZ whose data is incomplete is no yardstick for the others.
    const others = views.filter((v) => v !== zone && v.unmeasured === undefined);
    const reasons: string[] = [];
    const otherRequests = others.reduce((a, v) => a + v.requests, 0);
    const otherErrors = others.reduce((a, v) => a + v.errors, 0);
    if (zone.errorRatePercent !== undefined && otherRequests > 0) {
      const otherRate = (100 * otherErrors) / otherRequests;
      if (zone.errorRatePercent - otherRate > outlierPoints) {
        reasons.push(`5xx rate ${zone.errorRatePercent.toFixed(2)}% against ${otherRate.toFixed(2)}% in the other AZs`);
      }
    }
    const bestOther = Math.max(...others.map((v) => v.healthyHosts ?? 0));
    if (zone.healthyHosts !== undefined && bestOther > 0 && zone.healthyHosts < bestOther / 2) {
      reasons.push(`${zone.healthyHosts} healthy hosts against ${bestOther} in another AZ`);
    }
    return { ...zone, outlierReasons: reasons };
  });
}
