import { CloudWatchClient, GetMetricDataCommand, MetricDataQuery } from '@aws-sdk/client-cloudwatch';

/** GetMetricData takes at most 500 queries per call (CloudWatch API reference, GetMetricData, read 2026-11-29). */
export const MAX_QUERIES_PER_CALL = 500;
/** A guard against an endpoint that hands back NextTokens forever. */
const MAX_PAGES = 50;

/** One time series: newest value first. */
export interface Series {
  readonly timestamps: Date[];
  readonly values: number[];
}

/**
 * Runs metric queries over one time range: batched by 500 queries a call, each batch followed
 * through its NextTokens (CloudWatch pages once a call would return more than MaxDatapoints,
 * 100,800 by default), the pages of each query concatenated, newest value first.
 */
export async function getMetricData(
  client: CloudWatchClient,
  queries: MetricDataQuery[],
  from: Date,
  to: Date,
  abortSignal?: AbortSignal,
): Promise<Map<string, Series>> {
  const series = new Map<string, Series>(queries.map((q) => [q.Id!, { timestamps: [], values: [] }]));
  for (let start = 0; start < queries.length; start += MAX_QUERIES_PER_CALL) {
    const batch = queries.slice(start, start + MAX_QUERIES_PER_CALL);
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await client.send(
        new GetMetricDataCommand({
          MetricDataQueries: batch,
          StartTime: from,
          EndTime: to,
          ScanBy: 'TimestampDescending',
          NextToken: nextToken,
        }),
        { abortSignal },
      );
      for (const r of result.MetricDataResults ?? []) {
        const s = series.get(r.Id ?? '');
        if (s) {
          s.timestamps.push(...(r.Timestamps ?? []));
          s.values.push(...(r.Values ?? []));
        }
      }
      if (!result.NextToken || result.NextToken === nextToken) {
        break;
      }
      nextToken = result.NextToken;
    }
  }
  return series;
}

/** A query of one ApplicationELB metric. */
export function elbQuery(
  id: string,
  metricName: string,
  stat: string,
  period: number,
  dimensions: Record<string, string>,
): MetricDataQuery {
  return {
    Id: id,
    MetricStat: {
      Metric: {
        Namespace: 'AWS/ApplicationELB',
        MetricName: metricName,
        Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })),
      },
      Period: period,
      Stat: stat,
    },
    ReturnData: true,
  };
}

/** The sum of a series (0 when empty: the ALB publishes no 5xx datapoint when there are none). */
export function total(series: Series | undefined): number {
  return (series?.values ?? []).reduce((a, b) => a + b, 0);
}
