import { createServer, IncomingMessage, Server, ServerResponse } from 'http';
import { AddressInfo, Socket } from 'net';

/**
 * A local stand-in for CloudWatch that speaks its wire protocol, AWS JSON 1.0
 * (`x-amz-target: GraniteServiceVersion20100801.<Op>`, `application/x-amz-json-1.0`, timestamps
 * as epoch seconds), so that tests run the real SDK, its retries and its timeouts, against it.
 * Binds 127.0.0.1 only.
 */

/** One alarm in DescribeAlarms' JSON shape. */
export type FakeAlarm = Record<string, unknown> & { AlarmName: string; StateValue: string };

/** Traffic the load balancer's metrics report, spread evenly over the AZs. */
export interface FakeTraffic {
  readonly loadBalancer: string;
  readonly zones: string[];
  /** Requests per hour over all AZs. */
  readonly requestsPerHour: number;
  /** Share of requests answered 5xx by targets, per AZ (a missing AZ: `errorRatio`). */
  readonly zoneErrorRatio?: Record<string, number>;
  /** Share of requests answered 5xx by targets. */
  readonly errorRatio: number;
  /** The metrics exist for the last this many hours only. */
  readonly hours: number;
  /** Healthy hosts per AZ and target group. @default 3 */
  readonly healthyHostsPerZone?: Record<string, number>;
}

/** A fault the next request meets instead of an answer. */
export type Fault = 'throttle' | 'http500' | 'http404' | 'hang';

export interface RecordedCall {
  readonly operation: string;
  readonly body: any;
  /** The Region the request was signed for (SigV4 credential scope). */
  readonly region?: string;
}

export class FakeCloudWatch {
  /** Alarms DescribeAlarms returns (filtered by the request's AlarmNamePrefix or AlarmNames), `alarmsPerPage` a page. */
  public alarms: FakeAlarm[] = [];
  /** Alarms by the Region a request is signed for; a Region not listed gets `alarms`. */
  public alarmsByRegion: Record<string, FakeAlarm[]> = {};
  /** Regions whose requests are read and never answered (a lost Region). */
  public hangRegions: string[] = [];
  public alarmsPerPage = 3;
  public traffic?: FakeTraffic;
  /** Traffic of other load balancers (a standby's), each by its own `loadBalancer`. */
  public otherTraffic: FakeTraffic[] = [];
  /** GetMetricData splits every answer over this many pages. */
  public metricPages = 2;
  /** Faults met by the next requests, in order. */
  public faults: Fault[] = [];
  /** Every request answered or not, in order. */
  public readonly calls: RecordedCall[] = [];

  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor() {
    this.server = createServer((req, res) => this.handle(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  /** @returns the endpoint URL, for AWS_ENDPOINT_URL_CLOUDWATCH */
  public async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  public async close(): Promise<void> {
    for (const socket of this.sockets) {
      socket.destroy();
    }
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  public callsOf(operation: string): RecordedCall[] {
    return this.calls.filter((c) => c.operation === operation);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const [service, operation] = target.split('.');
      const body = chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
      const region = /Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\/monitoring\//.exec(String(req.headers.authorization ?? ''))?.[1];
      this.calls.push({ operation, body, region });
      const fault = this.faults.shift();
      if (fault === 'hang' || (region && this.hangRegions.includes(region))) {
        return; // accept, read, never answer
      }
      if (fault === 'throttle') {
        return this.error(res, 400, 'Throttling', 'Rate exceeded');
      }
      if (fault === 'http500') {
        return this.error(res, 500, 'InternalServiceError', 'Internal failure');
      }
      if (fault === 'http404') {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
        return;
      }
      if (service !== 'GraniteServiceVersion20100801' || req.headers['content-type'] !== 'application/x-amz-json-1.0') {
        return this.error(res, 400, 'InvalidAction', `not a CloudWatch JSON 1.0 request: ${target}`);
      }
      if (operation === 'DescribeAlarms') {
        return this.json(res, this.describeAlarms(body, (region && this.alarmsByRegion[region]) || this.alarms));
      }
      if (operation === 'GetMetricData') {
        return this.json(res, this.getMetricData(body));
      }
      return this.error(res, 400, 'InvalidAction', `operation ${operation} is not served here`);
    });
  }

  private describeAlarms(body: any, alarms: FakeAlarm[]): unknown {
    const matching = alarms.filter((a) =>
      body.AlarmNames ? body.AlarmNames.includes(a.AlarmName) : a.AlarmName.startsWith(body.AlarmNamePrefix ?? ''),
    );
    const start = body.NextToken ? Number(body.NextToken) : 0;
    const page = matching.slice(start, start + this.alarmsPerPage);
    const next = start + this.alarmsPerPage < matching.length ? String(start + this.alarmsPerPage) : undefined;
    const isComposite = (a: FakeAlarm) => typeof a.AlarmRule === 'string';
    return {
      MetricAlarms: page.filter((a) => !isComposite(a)),
      CompositeAlarms: page.filter(isComposite),
      ...(next ? { NextToken: next } : {}),
    };
  }

  private getMetricData(body: any): unknown {
    const queries: any[] = body.MetricDataQueries;
    if (queries.length > 500 || new Set(queries.map((q) => q.Id)).size !== queries.length) {
      throw new Error('GetMetricData: more than 500 queries, or a repeated Id');
    }
    const page = body.NextToken ? Number(body.NextToken) : 0;
    const results = queries.map((q) => {
      const points = this.series(q.MetricStat, body.StartTime, body.EndTime);
      const size = Math.ceil(points.length / this.metricPages);
      const slice = points.slice(page * size, (page + 1) * size);
      return {
        Id: q.Id,
        Label: q.MetricStat.Metric.MetricName,
        Timestamps: slice.map((p) => p[0]),
        Values: slice.map((p) => p[1]),
        StatusCode: 'Complete',
      };
    });
    return { MetricDataResults: results, ...(page + 1 < this.metricPages ? { NextToken: String(page + 1) } : {}), Messages: [] };
  }

  /** Datapoints of one metric, newest first, as [epoch seconds, value]; none where the ALB would publish none. */
  private series(stat: any, startSeconds: number, endSeconds: number): [number, number][] {
    const dims: Record<string, string> = Object.fromEntries((stat.Metric.Dimensions ?? []).map((d: any) => [d.Name, d.Value]));
    const t = [this.traffic, ...this.otherTraffic].find((candidate) => candidate?.loadBalancer === dims.LoadBalancer);
    if (!t) {
      return [];
    }
    const zones = dims.AvailabilityZone ? [dims.AvailabilityZone].filter((z) => t.zones.includes(z)) : t.zones;
    const perSecond = t.requestsPerHour / 3600 / t.zones.length;
    const dataFrom = Date.now() / 1000 - t.hours * 3600;
    const points: [number, number][] = [];
    for (let bucket = startSeconds; bucket < endSeconds; bucket += stat.Period) {
      const seconds = Math.max(0, Math.min(bucket + stat.Period, endSeconds) - Math.max(bucket, dataFrom));
      if (seconds === 0) {
        continue;
      }
      let value = 0;
      for (const zone of zones) {
        const requests = perSecond * seconds;
        switch (stat.Metric.MetricName) {
          case 'RequestCount':
            value += requests;
            break;
          case 'HTTPCode_Target_5XX_Count':
            value += requests * (t.zoneErrorRatio?.[zone] ?? t.errorRatio);
            break;
          case 'HealthyHostCount':
            value += t.healthyHostsPerZone?.[zone] ?? 3;
            break;
        }
      }
      if (value > 0 || stat.Metric.MetricName === 'HealthyHostCount') {
        points.push([bucket, value]);
      }
    }
    return points.reverse();
  }

  private json(res: ServerResponse, body: unknown): void {
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify(body));
  }

  private error(res: ServerResponse, status: number, code: string, message: string): void {
    res
      .writeHead(status, {
        'content-type': 'application/x-amz-json-1.0',
        'x-amzn-query-error': `${code};${status >= 500 ? 'Receiver' : 'Sender'}`,
      })
      .end(JSON.stringify({ __type: `com.amazonaws.cloudwatch#${code}`, message }));
  }
}

/** The alarms a deployed environment has, named and shaped as HaMonitoring and SloMonitoring make them; all OK. */
export function deployedAlarms(env: string, loadBalancer: string, targetGroups: string[], zones: string[]): FakeAlarm[] {
  const arn = (name: string) => `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${name}`;
  const elb = (metricName: string, extra: Record<string, string> = {}) => ({
    Namespace: 'AWS/ApplicationELB',
    MetricName: metricName,
    Dimensions: Object.entries({ LoadBalancer: loadBalancer, ...extra }).map(([Name, Value]) => ({ Name, Value })),
  });
  const math = (name: string, metrics: object[]): FakeAlarm => ({
    AlarmName: name,
    StateValue: 'OK',
    StateReason: 'Threshold Crossed: no datapoints were breaching',
    StateUpdatedTimestamp: 1_764_400_000,
    Metrics: [
      { Id: 'expr', Expression: 'm1 + m2', ReturnData: true },
      ...metrics.map((metric, i) => ({ Id: `m${i + 1}`, MetricStat: { Metric: metric, Period: 60, Stat: 'Sum' }, ReturnData: false })),
    ],
  });
  const single = (name: string, metric: object): FakeAlarm => ({ AlarmName: name, StateValue: 'OK', StateReason: 'ok', ...metric });
  const symptoms = [
    math(`${env}-web-5xx-rate`, [elb('HTTPCode_ELB_5XX_Count'), elb('RequestCount')]),
    single(`${env}-web-p99-latency`, elb('TargetResponseTime')),
    ...targetGroups.map((tg, i) => single(`${env}-web-service${i}-below-baseline`, elb('HealthyHostCount', { TargetGroup: tg }))),
  ];
  const redundancy = zones.map((az) =>
    math(`${env}-web-${az}-5xx-outlier`, [elb('HTTPCode_ELB_5XX_Count', { AvailabilityZone: az }), elb('RequestCount')]),
  );
  const burn = ['1h', '5m', '6h', '30m'].map((w) =>
    math(`${env}-slo-burn-rate-${w}`, [elb('HTTPCode_Target_5XX_Count'), elb('RequestCount')]),
  );
  const saturation = [single(`${env}-database-cpu`, { Namespace: 'AWS/RDS', MetricName: 'CPUUtilization', Dimensions: [] })];
  const composite = (name: string, members: FakeAlarm[], join: 'OR' | 'AND'): FakeAlarm => ({
    AlarmName: name,
    StateValue: 'OK',
    StateReason: '',
    AlarmRule: members.map((m) => `ALARM("${arn(m.AlarmName)}")`).join(` ${join} `),
  });
  const fast = composite(`${env}-error-budget-fast-burn`, burn.slice(0, 2), 'AND');
  const slow = composite(`${env}-error-budget-slow-burn`, burn.slice(2), 'AND');
  return [
    composite(`${env}-users-impaired`, [...symptoms, fast], 'OR'),
    composite(`${env}-redundancy-lost`, redundancy, 'OR'),
    fast,
    slow,
    ...symptoms,
    ...redundancy,
    ...burn,
    ...saturation,
  ];
}

/** Sets one alarm's state (and reason) in a list of fake alarms. */
export function setState(alarms: FakeAlarm[], name: string, state: string, reason = `${name} changed to ${state}`): FakeAlarm[] {
  const alarm = alarms.find((a) => a.AlarmName === name);
  if (!alarm) {
    throw new Error(`no fake alarm ${name}`);
  }
  alarm.StateValue = state;
  alarm.StateReason = reason;
  return alarms;
}
