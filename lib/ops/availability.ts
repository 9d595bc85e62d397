import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { elbQuery, getMetricData, incompleteReason, total } from './metric-data';
import { budgetRemainingPercent } from '../monitoring/error-budget';

/** Measured availability of the web tier over a window, and what it leaves of the error budget. */
export interface MeasuredAvailability {
  readonly from: Date;
  readonly to: Date;
  readonly requests: number;
  /**
   * How many hourly RequestCount datapoints CloudWatch returned: 0 means the load balancer
   * published nothing over the window (idle, replaced or deleted), unlike datapoints that sum to 0.
   */
  readonly requestDatapoints: number;
  /** Requests answered 5xx, by the load balancer itself or by a target. */
  readonly errors: number;
  /**
   * Why the measurement is unknown: CloudWatch did not fully return a count (see
   * `getMetricData`). The counts above are then only what was read, and the percentages undefined.
   *
   * @default - undefined: every count fully returned
   */
  readonly unmeasured?: string;
  /** Percentage of requests not answered 5xx; undefined without traffic or when unmeasured. */
  readonly availabilityPercent?: number;
  /** The SLO this window is judged by. */
  readonly sloPercent: number;
  /** Percentage of the window's error budget left (negative when overspent); undefined without traffic or when unmeasured. */
  readonly budgetRemainingPercent?: number;
}

/** Hourly datapoints: valid for any start up to 455 days back (CloudWatch keeps hourly data that long). */
const SLO_PERIOD_SECONDS = 3600;

/**
 * The web tier's request availability over the SLO window, from the load balancer's own metrics:
 * 100 x (1 - 5xx answered by the ALB or the targets / requests), and the budget it leaves.
 *
 * @param loadBalancer the `LoadBalancer` metric dimension (`app/<name>/<id>`)
 */
export async function fetchAvailability(
  client: CloudWatchClient,
  loadBalancer: string,
  sloPercent: number,
  from: Date,
  to: Date,
  abortSignal?: AbortSignal,
): Promise<MeasuredAvailability> {
  const dims = { LoadBalancer: loadBalancer };
  const data = await getMetricData(
    client,
    [
      elbQuery('requests', 'RequestCount', 'Sum', SLO_PERIOD_SECONDS, dims),
      elbQuery('elb5xx', 'HTTPCode_ELB_5XX_Count', 'Sum', SLO_PERIOD_SECONDS, dims),
      elbQuery('target5xx', 'HTTPCode_Target_5XX_Count', 'Sum', SLO_PERIOD_SECONDS, dims),
    ],
    from,
    to,
    abortSignal,
  );
  const requests = total(data.series.get('requests'));
  const requestDatapoints = data.series.get('requests')?.timestamps.length ?? 0;
  const errors = total(data.series.get('elb5xx')) + total(data.series.get('target5xx'));
  const days = Math.round((to.getTime() - from.getTime()) / 86_400_000);
  const unmeasured = incompleteReason(data, ['requests', 'elb5xx', 'target5xx'], `the availability over the last ${days} days`);
  if (unmeasured !== undefined) {
    // A count cut short is no count: summing it would spend too little (or too much) budget.
    return { from, to, requests, requestDatapoints, errors, unmeasured, sloPercent };
  }
  return {
    from,
    to,
    requests,
    requestDatapoints,
    errors,
    availabilityPercent: requests > 0 ? 100 * (1 - errors / requests) : undefined,
    sloPercent,
    budgetRemainingPercent: budgetRemainingPercent(errors, requests, sloPercent),
  };
}
