import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { elbQuery, getMetricData, total } from './metric-data';
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
  /** Percentage of requests not answered 5xx; undefined without traffic. */
  readonly availabilityPercent?: number;
  /** The SLO this window is judged by. */
  readonly sloPercent: number;
  /** Percentage of the window's error budget left (negative when overspent); undefined without traffic. */
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
  const series = await getMetricData(
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
  const requests = total(series.get('requests'));
  const errors = total(series.get('elb5xx')) + total(series.get('target5xx'));
  return {
    from,
    to,
    requests,
    requestDatapoints: series.get('requests')?.timestamps.length ?? 0,
    errors,
    availabilityPercent: requests > 0 ? 100 * (1 - errors / requests) : undefined,
    sloPercent,
    budgetRemainingPercent: budgetRemainingPercent(errors, requests, sloPercent),
  };
}
