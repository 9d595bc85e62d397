import { CloudWatchClient, DescribeAlarmsCommand, GetMetricDataCommand, MetricDataQuery, StateValue } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { singleRegion } from './support/status-world';
import { PROD, PROFILES } from '../../lib';
import { belongsToEnvironment, EnvironmentAlarms, fetchEnvironmentAlarms, ruleMembers, summarizeAlarms } from '../../lib/ops/alarm-status';
import { fetchAvailability } from '../../lib/ops/availability';
import { DEFAULT_TIMEOUT_SECONDS, parseCommandLine } from '../../lib/ops/cli-args';
import { CREDENTIALS_STEP, describeFailure } from '../../lib/ops/cli-errors';
import { createCloudWatchClient, MAX_ATTEMPTS } from '../../lib/ops/cloudwatch-client';
import { Deadline, DeadlineExceeded } from '../../lib/ops/deadline';
import { elbQuery, getMetricData } from '../../lib/ops/metric-data';
import { renderStatus } from '../../lib/ops/render-status';
import { judge, StatusInput } from '../../lib/ops/verdict';
import { findOutliers } from '../../lib/ops/zones';

const cloudwatch = mockClient(CloudWatchClient);
const client = new CloudWatchClient({ region: 'us-east-1' });
beforeEach(() => cloudwatch.reset());

const LB = 'app/prod-Web/0123456789abcdef';
const arn = (name: string) => `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${name}`;

function composite(name: string, state: StateValue, members: string[] = []) {
  return { AlarmName: name, StateValue: state, StateReason: '', AlarmRule: members.map((m) => `ALARM("${arn(m)}")`).join(' OR ') };
}

function alarmsWith(states: Partial<Record<'users' | 'redundancy' | 'fast' | 'slow', StateValue>> = {}): EnvironmentAlarms {
  return summarizeAlarms(
    'prod',
    [
      { AlarmName: 'prod-web-5xx-rate', StateValue: states.users ?? StateValue.OK },
      { AlarmName: 'prod-web-us-east-1b-5xx-outlier', StateValue: states.redundancy ?? StateValue.OK },
      { AlarmName: 'prod-database-cpu', StateValue: StateValue.ALARM },
    ],
    [
      composite('prod-users-impaired', states.users ?? StateValue.OK, ['prod-web-5xx-rate', 'prod-error-budget-fast-burn']),
      composite('prod-redundancy-lost', states.redundancy ?? StateValue.OK, ['prod-web-us-east-1b-5xx-outlier']),
      composite('prod-error-budget-fast-burn', states.fast ?? StateValue.OK),
      composite('prod-error-budget-slow-burn', states.slow ?? StateValue.OK),
    ],
  );
}

function input(overrides: Partial<StatusInput> = {}): StatusInput {
  return {
    environment: 'prod',
    region: 'us-east-1',
    slo: { availabilityPercent: 99.95, windowDays: 30 },
    alarms: alarmsWith(),
    zones: [],
    perAzWindowHours: 1,
    ...overrides,
  };
}

const measured = (requests: number, errors: number) => ({
  from: new Date('2026-10-30T12:00:00Z'),
  to: new Date('2026-11-29T12:00:00Z'),
  requests,
  requestDatapoints: 720,
  errors,
  availabilityPercent: 100 * (1 - errors / requests),
  sloPercent: 99.95,
  budgetRemainingPercent: 100 * (1 - errors / requests / 0.0005),
});

describe('reading alarms', () => {
  test('asks for both alarm types under the environment prefix, across pages, and reads the web dimensions from the alarms', async () => {
    cloudwatch
      .on(DescribeAlarmsCommand)
      .resolvesOnce({
        CompositeAlarms: [composite('prod-users-impaired', StateValue.OK, ['prod-web-5xx-rate'])],
        MetricAlarms: [
          {
            AlarmName: 'prod-web-5xx-rate',
            StateValue: StateValue.OK,
            Metrics: [
              { Id: 'e', Expression: '100 * m / r' },
              {
                Id: 'm',
                MetricStat: {
                  Metric: {
                    Namespace: 'AWS/ApplicationELB',
                    MetricName: 'HTTPCode_ELB_5XX_Count',
                    Dimensions: [{ Name: 'LoadBalancer', Value: LB }],
                  },
                  Period: 60,
                  Stat: 'Sum',
                },
              },
            ],
          },
        ],
        NextToken: 'page-2',
      })
      .resolvesOnce({
        MetricAlarms: [
          {
            AlarmName: 'prod-web-default-below-baseline',
            StateValue: StateValue.ALARM,
            Namespace: 'AWS/ApplicationELB',
            Dimensions: [
              { Name: 'LoadBalancer', Value: LB },
              { Name: 'TargetGroup', Value: 'targetgroup/prod-default/1' },
            ],
          },
          {
            AlarmName: 'prod-web-us-east-1b-5xx-outlier',
            StateValue: StateValue.OK,
            Metrics: [
              {
                Id: 'z',
                MetricStat: {
                  Metric: {
                    Namespace: 'AWS/ApplicationELB',
                    MetricName: 'RequestCount',
                    Dimensions: [
                      { Name: 'LoadBalancer', Value: LB },
                      { Name: 'AvailabilityZone', Value: 'us-east-1b' },
                    ],
                  },
                  Period: 60,
                  Stat: 'Sum',
                },
              },
            ],
          },
        ],
      });
    const alarms = await fetchEnvironmentAlarms(client, 'prod');
    const calls = cloudwatch.commandCalls(DescribeAlarmsCommand);
    expect(calls.map((c) => c.args[0].input)).toEqual([
      { AlarmNamePrefix: 'prod-', AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], MaxRecords: 100, NextToken: undefined },
      { AlarmNamePrefix: 'prod-', AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], MaxRecords: 100, NextToken: 'page-2' },
    ]);
    expect(alarms.alarms.map((a) => [a.state, a.name])).toEqual([
      ['ALARM', 'prod-web-default-below-baseline'],
      ['OK', 'prod-users-impaired'],
      ['OK', 'prod-web-5xx-rate'],
      ['OK', 'prod-web-us-east-1b-5xx-outlier'],
    ]);
    expect(alarms.web).toEqual({ loadBalancer: LB, targetGroups: ['targetgroup/prod-default/1'], availabilityZones: ['us-east-1b'] });
  });

  test('a composite rule names its members by ARN or by name', () => {
    expect(ruleMembers(`ALARM("${arn('prod-a')}") OR (ALARM(prod-b) AND NOT OK("prod-c"))`)).toEqual(['prod-a', 'prod-b', 'prod-c']);
  });
});

describe('reading metric data', () => {
  test('batches 500 queries a call and follows every NextToken, newest value first', async () => {
    const queries: MetricDataQuery[] = Array.from({ length: 1100 }, (_, i) =>
      elbQuery(`q${i}`, 'RequestCount', 'Sum', 60, { LoadBalancer: LB }),
    );
    cloudwatch.on(GetMetricDataCommand).callsFake((request) => {
      const ids: string[] = request.MetricDataQueries.map((q: MetricDataQuery) => q.Id);
      return request.NextToken
        ? { MetricDataResults: ids.map((Id) => ({ Id, Values: [1] })) }
        : { MetricDataResults: ids.map((Id) => ({ Id, Values: [3, 2] })), NextToken: 'more' };
    });
    const { series, incomplete } = await getMetricData(client, queries, new Date(0), new Date(3_600_000));
    expect(incomplete.size).toBe(0);
    const calls = cloudwatch.commandCalls(GetMetricDataCommand).map((c) => c.args[0].input);
    expect(calls.map((c) => [c.MetricDataQueries!.length, c.NextToken ?? null, c.ScanBy])).toEqual([
      [500, null, 'TimestampDescending'],
      [500, 'more', 'TimestampDescending'],
      [500, null, 'TimestampDescending'],
      [500, 'more', 'TimestampDescending'],
      [100, null, 'TimestampDescending'],
      [100, 'more', 'TimestampDescending'],
    ]);
    expect(series.get('q0')!.values).toEqual([3, 2, 1]);
    expect(series.get('q1099')!.values).toEqual([3, 2, 1]);
  });

  test('availability and budget are measured over the window from the load balancer counts, with hourly sums', async () => {
    cloudwatch.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        { Id: 'requests', Values: [150_000, 50_000] },
        { Id: 'elb5xx', Values: [20] },
        { Id: 'target5xx', Values: [50, 10] },
      ],
    });
    const result = await fetchAvailability(client, LB, 99.95, new Date('2026-10-30T12:00:00Z'), new Date('2026-11-29T12:00:00Z'));
    expect(result).toMatchObject({ requests: 200_000, errors: 80 });
    expect(result.availabilityPercent).toBeCloseTo(99.96, 9);
    expect(result.budgetRemainingPercent).toBeCloseTo(20, 9);
    const queries = cloudwatch.commandCalls(GetMetricDataCommand)[0].args[0].input.MetricDataQueries!;
    expect(queries.map((q) => [q.Id, q.MetricStat!.Period, q.MetricStat!.Metric!.Dimensions])).toEqual(
      ['requests', 'elb5xx', 'target5xx'].map((id) => [id, 3600, [{ Name: 'LoadBalancer', Value: LB }]]),
    );
  });
});

describe('the verdict', () => {
  test.each<[string, string, number, Partial<StatusInput>]>([
    ['all OK and budget left', 'healthy', 0, { availability: measured(1_000_000, 100) }],
    ['redundancy lost', 'degraded', 1, { alarms: alarmsWith({ redundancy: StateValue.ALARM }) }],
    ['a slow burn', 'degraded', 1, { alarms: alarmsWith({ slow: StateValue.ALARM }) }],
    ['the budget exhausted with every alarm OK', 'degraded', 1, { availability: measured(1_000_000, 15_000) }],
    ['users impaired', 'impaired', 2, { alarms: alarmsWith({ users: StateValue.ALARM, redundancy: StateValue.ALARM }) }],
    ['a fast burn', 'impaired', 2, { alarms: alarmsWith({ fast: StateValue.ALARM }) }],
    [
      'users-impaired without data',
      'unknown',
      3,
      { alarms: alarmsWith({ users: StateValue.INSUFFICIENT_DATA, redundancy: StateValue.ALARM }) },
    ],
    ['no alarm at all', 'unknown', 3, { alarms: summarizeAlarms('prod', [], []) }],
  ])('%s: %s, exit %i', (_name, verdict, exitCode, overrides) => {
    expect(judge(input(overrides))).toMatchObject({ verdict, exitCode });
  });

  test('names the composite, the members that fire, and notes saturation alarms without changing the verdict', () => {
    const report = judge(input({ alarms: alarmsWith({ redundancy: StateValue.ALARM }), availability: measured(1_000_000, 100) }));
    expect(report.reasons).toEqual(['prod-redundancy-lost is in ALARM (prod-web-us-east-1b-5xx-outlier)']);
    expect(report.notes).toEqual(['prod-database-cpu is in ALARM (saturation: neither users impaired nor redundancy lost yet)']);
  });

  test('a root with part composites (past 50 alarms) names the metric alarms that fire under its parts', () => {
    const alarms = summarizeAlarms(
      'prod',
      [
        { AlarmName: 'prod-web-5xx-rate', StateValue: StateValue.OK },
        { AlarmName: 'prod-web-svc07-us-east-1a-below-share', StateValue: StateValue.ALARM },
        { AlarmName: 'prod-web-svc08-us-east-1a-below-share', StateValue: StateValue.OK },
      ],
      [
        composite('prod-users-impaired', StateValue.OK, ['prod-web-5xx-rate']),
        composite('prod-redundancy-lost', StateValue.ALARM, ['prod-redundancy-lost-part-1', 'prod-redundancy-lost-part-2']),
        composite('prod-redundancy-lost-part-1', StateValue.OK, ['prod-web-svc08-us-east-1a-below-share']),
        composite('prod-redundancy-lost-part-2', StateValue.ALARM, ['prod-web-svc07-us-east-1a-below-share']),
        composite('prod-error-budget-fast-burn', StateValue.OK),
        composite('prod-error-budget-slow-burn', StateValue.OK),
      ],
    );
    const report = judge(input({ alarms, availability: measured(1_000_000, 100) }));
    expect(report.verdict).toBe('degraded');
    expect(report.reasons).toEqual(['prod-redundancy-lost is in ALARM (prod-web-svc07-us-east-1a-below-share)']);
    expect(report.notes).toEqual([]);
  });

  describe('a composite OK only because its members have no data', () => {
    function withMembers(states: Record<string, StateValue>, redundancy: string[], users: string[]): EnvironmentAlarms {
      return summarizeAlarms(
        'prod',
        Object.entries(states).map(([AlarmName, StateValue]) => ({ AlarmName, StateValue })),
        [
          composite('prod-users-impaired', StateValue.OK, users),
          composite('prod-redundancy-lost', StateValue.OK, redundancy),
          composite('prod-error-budget-fast-burn', StateValue.OK),
          composite('prod-error-budget-slow-burn', StateValue.OK),
        ],
      );
    }
    const { INSUFFICIENT_DATA: NO_DATA, OK } = StateValue;

    test('every users-impaired member INSUFFICIENT_DATA: unknown, naming the composite and its silent members', () => {
      const alarms = withMembers(
        { 'prod-web-5xx-rate': NO_DATA, 'prod-web-p99-latency': NO_DATA, 'prod-web-us-east-1a-5xx-outlier': OK },
        ['prod-web-us-east-1a-5xx-outlier'],
        ['prod-web-5xx-rate', 'prod-web-p99-latency'],
      );
      const report = judge(input({ alarms, availability: measured(1_000_000, 100) }));
      expect([report.verdict, report.exitCode]).toEqual(['unknown', 3]);
      expect(report.reasons).toEqual([
        'prod-users-impaired is OK only because none of its members has data (prod-web-5xx-rate, prod-web-p99-latency all INSUFFICIENT_DATA): nothing watches whether users are affected',
      ]);
    });

    test('every redundancy-lost member INSUFFICIENT_DATA: unknown, as an INSUFFICIENT_DATA redundancy-lost already is', () => {
      const alarms = withMembers(
        { 'prod-web-5xx-rate': OK, 'prod-web-us-east-1a-5xx-outlier': NO_DATA, 'prod-web-us-east-1b-5xx-outlier': NO_DATA },
        ['prod-web-us-east-1a-5xx-outlier', 'prod-web-us-east-1b-5xx-outlier'],
        ['prod-web-5xx-rate'],
      );
      const report = judge(input({ alarms, availability: measured(1_000_000, 100) }));
      expect(report.verdict).toBe('unknown');
      expect(report.reasons[0]).toMatch(/^prod-redundancy-lost is OK only because none of its members has data .*redundancy holds$/);
    });

    test('one member with data is enough: a quiet p99 alarm beside an OK 5xx alarm stays healthy', () => {
      const alarms = withMembers(
        { 'prod-web-5xx-rate': OK, 'prod-web-p99-latency': NO_DATA, 'prod-web-us-east-1a-5xx-outlier': OK },
        ['prod-web-us-east-1a-5xx-outlier'],
        ['prod-web-5xx-rate', 'prod-web-p99-latency'],
      );
      expect(judge(input({ alarms, availability: measured(1_000_000, 100) })).verdict).toBe('healthy');
    });

    test('members not read (no alarm by that name listed) are not taken as silent', () => {
      const alarms = withMembers({ 'prod-web-us-east-1a-5xx-outlier': OK }, ['prod-web-us-east-1a-5xx-outlier'], ['elsewhere-5xx']);
      expect(judge(input({ alarms, availability: measured(1_000_000, 100) })).verdict).toBe('healthy');
    });
  });

  test('not one RequestCount datapoint over the SLO window: unknown, naming the load balancer; datapoints that sum to 0 stay a note', () => {
    const alarms = { ...alarmsWith(), web: { loadBalancer: LB, targetGroups: [], availabilityZones: [] } };
    const none = {
      ...measured(1, 0),
      requests: 0,
      requestDatapoints: 0,
      availabilityPercent: undefined,
      budgetRemainingPercent: undefined,
    };
    const dead = judge(input({ alarms, availability: none }));
    expect([dead.verdict, dead.exitCode]).toEqual(['unknown', 3]);
    expect(dead.reasons).toEqual([
      `${LB} published no RequestCount datapoint in the last 30 days: it is idle, replaced or deleted, so the alarms that name it watch nothing and the SLO cannot be measured`,
    ]);
    const idle = judge(input({ alarms, availability: { ...none, requestDatapoints: 3 } }));
    expect(idle.verdict).toBe('healthy');
    expect(idle.notes).toContain('no requests in the last 30 days: no error budget spent');
  });

  test.each([
    ['prod-web-5xx-rate', true],
    ['prod-users-impaired', true],
    ['prod-users-impaired-part-2', true],
    ['prod-slo-burn-rate-1h', true],
    ['prod-endpoint-health', true],
    ['prod-messaging-orders-dlq-not-empty', true],
    ['prod-canary-web-5xx-rate', false],
    ['prod-canary-users-impaired', false],
    ['prod-us-west-2-endpoint-health', false],
    ['prod-us-west-2-web-5xx-rate', false],
    ['prod-webhook-errors', false],
    ['prod-', false],
    ['staging-web-5xx-rate', false],
  ])("alarm %s belongs to prod: %s (a known family right after 'prod-')", (name, own) => {
    expect(belongsToEnvironment(name, 'prod')).toBe(own);
  });

  test("the standby's own alarms belong to prod-us-west-2", () => {
    expect(belongsToEnvironment('prod-us-west-2-endpoint-health', 'prod-us-west-2')).toBe(true);
    expect(belongsToEnvironment('prod-us-west-2-data-replica-lag', 'prod-us-west-2')).toBe(true);
  });

  test('renders verdict, reasons, SLO, budget, the AZs and every alarm that is not OK', () => {
    const zones = findOutliers(
      [
        { availabilityZone: 'us-east-1a', requests: 1000, errors: 0, errorRatePercent: 0, healthyHosts: 3 },
        { availabilityZone: 'us-east-1b', requests: 1000, errors: 0, errorRatePercent: 0, healthyHosts: 1 },
      ],
      5,
    );
    const text = renderStatus(judge(input({ availability: measured(200_000, 99), zones })));
    expect(text).toBe(
      [
        'prod (us-east-1): DEGRADED',
        '  - us-east-1b is an outlier over the last 1 h: 1 healthy hosts against 3 in another AZ; consider a zonal shift away from it',
        '  note: prod-database-cpu is in ALARM (saturation: neither users impaired nor redundancy lost yet)',
        '',
        'SLO        99.95% of requests without a 5xx over 30 days',
        'measured   99.950% of 200,000 requests (99 answered 5xx)',
        'budget     1.0% remaining',
        '',
        'AZ (last 1 h)   requests   5xx rate   healthy hosts',
        'us-east-1a         1,000      0.00%               3',
        'us-east-1b         1,000      0.00%               1   <- outlier: 1 healthy hosts against 3 in another AZ',
        '',
        'ALARM              prod-database-cpu',
        '6 of 7 alarms OK',
      ].join('\n'),
    );
  });
});

describe('bounded time and clear failures', () => {
  test('the client is bounded: 3 attempts, connection and request timeouts that throw, never longer than the deadline', async () => {
    const bounded = createCloudWatchClient('us-east-1', 2);
    expect(await bounded.config.maxAttempts()).toBe(MAX_ATTEMPTS);
    const handler = bounded.config.requestHandler as unknown as { configProvider: Promise<Record<string, unknown>> };
    expect(await handler.configProvider).toMatchObject({ connectionTimeout: 2000, requestTimeout: 2000, throwOnRequestTimeout: true });
    const handlerOf30 = createCloudWatchClient('us-east-1', DEFAULT_TIMEOUT_SECONDS).config.requestHandler as unknown as typeof handler;
    expect(await handlerOf30.configProvider).toMatchObject({ connectionTimeout: 5000, requestTimeout: 10000 });
    expect(process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED).toBe('true');
  });

  test('the deadline cuts a step that never ends, names it, and aborts its signal', async () => {
    const deadline = new Deadline(0.05);
    let signal: AbortSignal | undefined;
    await expect(
      deadline.run('DescribeAlarms', (s) => {
        signal = s;
        return new Promise(() => undefined);
      }),
    ).rejects.toEqual(new DeadlineExceeded('DescribeAlarms', 0.05));
    expect(signal!.aborted).toBe(true);
    deadline.dispose();
  });

  test("the default deadline is 30 s; the per-AZ window 1 h; the region the profile's", () => {
    // Single-Region prod, whether or not the built-in profile opts in to a standby (status-regions.test.ts has those).
    const prod = singleRegion(PROD);
    expect(parseCommandLine(['prod'], [...PROFILES.filter((p) => p.name !== 'prod'), prod])).toEqual({
      kind: 'run',
      options: { profile: prod, region: 'us-east-1', hours: 1, timeoutSeconds: 30, json: false },
    });
  });

  test('a deadline passed while resolving credentials says so, not that CloudWatch did not answer', () => {
    const text = describeFailure(new DeadlineExceeded(CREDENTIALS_STEP, 30), {
      region: 'us-east-1',
      endpoint: 'https://monitoring.us-east-1.amazonaws.com',
      step: CREDENTIALS_STEP,
    });
    expect(text).toMatch(/^timed out: no AWS credentials within the 30 s deadline .*; check AWS_PROFILE/);
    expect(text).not.toContain('CloudWatch');
  });

  test.each([
    [
      { name: 'AccessDeniedException', message: 'User is not authorized', $metadata: { httpStatusCode: 400 } },
      /^not allowed to call cloudwatch:DescribeAlarms \(User is not authorized\); the credentials need cloudwatch:DescribeAlarms and cloudwatch:GetMetricData$/,
    ],
    [
      { name: 'ExpiredToken', message: 'The security token included in the request is expired', $metadata: { httpStatusCode: 403 } },
      /^AWS refused the credentials \(ExpiredToken: .*\); check AWS_PROFILE/,
    ],
    [{ name: 'Error', message: 'Region is missing' }, /^Region is missing; pass --region or set AWS_REGION$/],
  ])('%j is explained in one line', (error, message) => {
    const text = describeFailure(error, {
      region: 'us-east-1',
      endpoint: 'https://monitoring.us-east-1.amazonaws.com',
      step: 'DescribeAlarms',
    });
    expect(text).toMatch(message);
    expect(text).not.toContain('\n');
  });
});
