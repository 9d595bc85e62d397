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

/** What one GetMetricData run returned: the series, and which of them CloudWatch did not fully return. */
export interface MetricData {
  readonly series: Map<string, Series>;
  /**
   * Why a query's series is not the whole range, by query id: a `StatusCode` other than
   * `Complete`, a `Messages` entry on the response, or pages still pending at the page guard.
   * Such a series must not be summed as if complete: its measurement is unknown.
   */
  readonly incomplete: Map<string, string>;
}

/**
 * Runs metric queries over one time range: batched by 500 queries a call, each batch followed
 * through its NextTokens (CloudWatch pages once a call would return more than MaxDatapoints,
 * 100,800 by default), the pages of each query concatenated, newest value first.
 *
 * A query is incomplete when CloudWatch says so. `StatusCode` is one of `Complete | InternalError
 * | PartialData | Forbidden`: `PartialData` means more datapoints follow under the NextToken,
 * `InternalError` that an error occurred (CloudWatch API reference, MetricDataResult, read
 * 2026-11-29). So a query with any page in error (InternalError, Forbidden, or a status this code
 * does not know), a query whose last page is still `PartialData`, a query CloudWatch returned no
 * result for, a batch whose response
 * carries `Messages` (e.g. a query limit exceeded), and a batch still handing out new NextTokens
 * after {@link MAX_PAGES} pages are all reported in `incomplete`, never silently truncated. A
 * NextToken already followed ends the paging: CloudWatch would hand back pages already read.
 */
export async function getMetricData(
  client: CloudWatchClient,
  queries: MetricDataQuery[],
  from: Date,
  to: Date,
  abortSignal?: AbortSignal,
): Promise<MetricData> {
  const series = new Map<string, Series>(queries.map((q) => [q.Id!, { timestamps: [], values: [] }]));
  const incomplete = new Map<string, string>();
  for (let start = 0; start < queries.length; start += MAX_QUERIES_PER_CALL) {
    const batch = queries.slice(start, start + MAX_QUERIES_PER_CALL);
    const lastStatus = new Map<string, string>();
    const seenTokens = new Set<string>();
    let nextToken: string | undefined;
    let pending = true;
    for (let page = 0; page < MAX_PAGES && pending; page++) {
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
          const messages = (r.Messages ?? []).map((m) => `${m.Code ?? ''} ${m.Value ?? ''}`.trim()).filter((m) => m !== '');
          // An absent StatusCode is read as Complete (the API reference marks the field optional);
          // every status CloudWatch does send is judged.
          const status = `${r.StatusCode ?? 'Complete'}${messages.length > 0 ? ` (${messages.join('; ')})` : ''}`;
          lastStatus.set(r.Id!, status);
          // A page in error lacks its datapoints whatever later pages say: only PartialData is mended by paging on.
          if (r.StatusCode !== undefined && r.StatusCode !== 'Complete' && r.StatusCode !== 'PartialData' && !incomplete.has(r.Id!)) {
            incomplete.set(r.Id!, `GetMetricData answered ${status} for ${r.Id}`);
          }
        }
      }
      for (const m of result.Messages ?? []) {
        for (const q of batch) {
          incomplete.set(q.Id!, `CloudWatch answered GetMetricData with ${m.Code ?? 'a message'}${m.Value ? `: ${m.Value}` : ''}`);
        }
      }
      pending = result.NextToken !== undefined && result.NextToken !== '' && !seenTokens.has(result.NextToken);
      if (pending) {
        seenTokens.add(result.NextToken!);
        nextToken = result.NextToken;
      }
    }
    for (const q of batch) {
      const status = lastStatus.get(q.Id!);
      if (status === undefined) {
        incomplete.set(q.Id!, `GetMetricData returned no result for ${q.Id}`);
      } else if (pending) {
        incomplete.set(q.Id!, `GetMetricData still had pages pending after ${MAX_PAGES}: the older datapoints were not read`);
      } else if (!status.startsWith('Complete') && !incomplete.has(q.Id!)) {
        incomplete.set(q.Id!, `GetMetricData answered ${status} for ${q.Id}`);
      }
    }
  }
  return { series, incomplete };
}

/**
 * Why the named queries' measurement is unknown, in one sentence, or undefined when every one
 * of them was fully returned.
 *
 * @param what what the queries measure, e.g. `the availability over the last 30 days`
 */
export function incompleteReason(data: MetricData, ids: string[], what: string): string | undefined {
  const why = [...new Set(ids.map((id) => data.incomplete.get(id)).filter((w): w is string => w !== undefined))];
  return why.length > 0 ? `${what} is unknown: CloudWatch did not fully return its metric data (${why.join('; ')})` : undefined;
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
