import { CloudWatchClient, GetMetricDataCommand, MetricDataQuery } from '@aws-sdk/client-cloudwatch';

/** Measured availability of the web tier over a window. */
export interface MeasuredAvailability {
  readonly from: Date;
  readonly to: Date;
  readonly requests: number;
  readonly errors: number;
  /** Percentage of requests not answered 5xx; undefined without traffic. */
  readonly availabilityPercent?: number;
}

/**
 * The web tier's request availability over a window, from the load balancer's own metrics:
 * 100 x (1 - 5xx answered by the ALB or the targets / requests).
 *
 * @param loadBalancer the `LoadBalancer` metric dimension (`app/<name>/<id>`)
 */
export async function fetchAvailability(
  client: CloudWatchClient,
  loadBalancer: string,
  from: Date,
  to: Date,
): Promise<MeasuredAvailability> {
  // One datapoint per query for the whole window: the period is the window, rounded up to a minute.
  const period = Math.max(60, Math.ceil((to.getTime() - from.getTime()) / 60_000) * 60);
  const query = (id: string, metricName: string): MetricDataQuery => ({
    Id: id,
    MetricStat: {
      Metric: { Namespace: 'AWS/ApplicationELB', MetricName: metricName, Dimensions: [{ Name: 'LoadBalancer', Value: loadBalancer }] },
      Period: period,
      Stat: 'Sum',
    },
  });
  const result = await client.send(
    new GetMetricDataCommand({
      StartTime: from,
      EndTime: to,
      MetricDataQueries: [
        query('requests', 'RequestCount'),
        query('elb5xx', 'HTTPCode_ELB_5XX_Count'),
        query('target5xx', 'HTTPCode_Target_5XX_Count'),
      ],
    }),
  );
  const sum = (id: string) =>
    (result.MetricDataResults ?? [])
      .filter((r) => r.Id === id)
      .flatMap((r) => r.Values ?? [])
      .reduce((a, b) => a + b, 0);
  const requests = sum('requests');
  const errors = sum('elb5xx') + sum('target5xx');
  return { from, to, requests, errors, availabilityPercent: requests > 0 ? 100 * (1 - errors / requests) : undefined };
}
