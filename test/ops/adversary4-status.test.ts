import { CloudWatchClient, DescribeAlarmsCommand, GetMetricDataCommand, MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { deployedAlarms, FakeAlarm } from './support/fake-cloudwatch';
import {
  capturingIo,
  CapturedRun,
  deployedWorld,
  PRIMARY_LB,
  prodWithStandby,
  removeAlarm,
  serveWorld,
  setWorldState,
  singleRegion,
  World,
} from './support/status-world';
import { DEV, PROD, STAGING } from '../../lib';
import { runStatusCommand } from '../../lib/ops/status-command';

/**
 * Adversary round 4 on `cdk-ha-status`: CloudWatch answers for which the CLI could say something
 * false or too reassuring. Tests outside 'already handled' assert the correct behaviour and are
 * red until the defect they name is fixed; each says why it matters.
 */

const cloudwatch = mockClient(CloudWatchClient);
beforeEach(() => cloudwatch.reset());

const SINGLE = [singleRegion(DEV), singleRegion(STAGING), singleRegion(PROD)];
const STANDBY = [singleRegion(DEV), singleRegion(STAGING), prodWithStandby()];
const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];

type MetricAnswer = (query: any, input: any) => { Timestamps: Date[]; Values: number[]; StatusCode?: string } | undefined;

async function run(
  world: World,
  argv: string[],
  options: { profiles?: typeof SINGLE; failing?: Record<string, Error>; metrics?: MetricAnswer } = {},
): Promise<CapturedRun> {
  serveWorld(cloudwatch, world, options.failing);
  if (options.metrics) {
    const answer = options.metrics;
    cloudwatch.on(GetMetricDataCommand).callsFake(async (input) => ({
      MetricDataResults: input.MetricDataQueries.map((q: any) => ({
        Id: q.Id,
        StatusCode: 'Complete',
        ...(answer(q, input) ?? { Timestamps: [], Values: [] }),
      })),
    }));
  }
  const io = capturingIo();
  const code = await runStatusCommand(argv, options.profiles ?? SINGLE, io);
  return { code, stdout: io.stdout.join('\n'), stderr: io.stderr.join('\n') };
}

/** Prod alone in us-east-1, every alarm OK. */
function prodWorld(): World {
  return { 'us-east-1': deployedAlarms('prod', PRIMARY_LB, ['targetgroup/prod-default/1111'], ZONES) };
}

/** Hourly datapoints over 30 days for one load balancer: `requests` an hour, `targetErrors` of them 5xx. */
function traffic(loadBalancer: string, requests: number, targetErrors: number): MetricAnswer {
  return (q, input) => {
    const dims = Object.fromEntries((q.MetricStat?.Metric?.Dimensions ?? []).map((d: any) => [d.Name, d.Value]));
    if (dims.LoadBalancer !== loadBalancer) {
      return undefined;
    }
    const name = q.MetricStat.Metric.MetricName;
    const value =
      name === 'RequestCount' ? requests : name === 'HTTPCode_Target_5XX_Count' ? targetErrors : name === 'HealthyHostCount' ? 3 : 0;
    return { Timestamps: [input.EndTime], Values: [value] };
  };
}

describe('dead alarms: a users-impaired composite OK only because nothing it watches has data', () => {
  // Defect: lib/ops/verdict.ts judge() reads only the composite's state. A composite rule
  // `ALARM(a) OR ALARM(b) ...` is false, so OK, when every member is INSUFFICIENT_DATA: the web
  // tier's metrics are gone (load balancer replaced, alarms still on the old dimensions), nothing
  // watches users, and the CLI says HEALTHY, exit 0. It must say it cannot tell (unknown, 3).
  test('every symptom alarm of prod-users-impaired INSUFFICIENT_DATA, the composite OK: not healthy', async () => {
    const world = prodWorld();
    for (const name of ['prod-web-5xx-rate', 'prod-web-p99-latency', 'prod-web-service0-below-baseline']) {
      setWorldState(world, name, 'INSUFFICIENT_DATA');
    }
    for (const w of ['1h', '5m', '6h', '30m']) {
      setWorldState(world, `prod-slo-burn-rate-${w}`, 'INSUFFICIENT_DATA');
    }
    const result = await run(world, ['prod']);
    expect(result.code).toBe(3);
  });

  // Defect: lib/ops/verdict.ts judge() turns "no requests over the whole SLO window" into a note
  // ("no error budget spent") and stays HEALTHY. For prod, 30 days with no RequestCount datapoint
  // at all from the load balancer the alarms name means the alarms watch a load balancer that no
  // longer serves (their OK is the dead alarm's notBreaching default, StateUpdatedTimestamp weeks
  // old): nothing read says users are served. Cannot tell is the honest verdict.
  test('alarms OK since weeks, but the load balancer they name has published no datapoint in 30 days: not healthy', async () => {
    const world = prodWorld();
    for (const alarm of world['us-east-1']) {
      alarm.StateUpdatedTimestamp = Date.parse('2026-10-01T00:00:00Z') / 1000;
    }
    const result = await run(world, ['prod'], { metrics: () => ({ Timestamps: [], Values: [] }) });
    expect(result.code).not.toBe(0);
  });
});

describe('metric data CloudWatch did not fully return', () => {
  // Defect: lib/ops/metric-data.ts getMetricData() ignores each result's StatusCode (and the
  // response's Messages). A 5xx query answered `InternalError` with no values is summed as 0
  // errors, so the measured availability is 100% and the budget untouched, while the real 5xx
  // rate (here 5%, budget long exhausted) was simply not read. Anything unread must make the
  // verdict unknown (the CLI's own rule), never a full budget.
  test('the 5xx queries answered InternalError: the budget is not reported intact, and the verdict is not healthy', async () => {
    const metrics: MetricAnswer = (q, input) => {
      const name = q.MetricStat?.Metric?.MetricName;
      if (name === 'HTTPCode_Target_5XX_Count' || name === 'HTTPCode_ELB_5XX_Count') {
        return { Timestamps: [], Values: [], StatusCode: 'InternalError' };
      }
      return { Timestamps: [input.EndTime], Values: [name === 'HealthyHostCount' ? 3 : 1000] };
    };
    const result = await run(prodWorld(), ['prod', '--json'], { metrics });
    const doc = JSON.parse(result.stdout);
    // Today: exit 0 and `budget.remainingPercent` 100 (0 errors counted out of 720,000 requests).
    expect([result.code, doc.budget?.remainingPercent === 100]).toEqual([3, false]);
  });

  // Defect: same function. `PartialData` with no NextToken to follow (CloudWatch's answer when a
  // query hit its own limits) is taken as the whole series: the hours it left out count as if
  // there had been no errors in them.
  test('the 5xx query answered PartialData: the verdict is not healthy', async () => {
    const metrics: MetricAnswer = (q, input) => {
      const name = q.MetricStat?.Metric?.MetricName;
      if (name === 'HTTPCode_Target_5XX_Count') {
        return { Timestamps: [], Values: [], StatusCode: 'PartialData' };
      }
      return { Timestamps: [input.EndTime], Values: [name === 'HealthyHostCount' ? 3 : name === 'RequestCount' ? 1000 : 0] };
    };
    const result = await run(prodWorld(), ['prod'], { metrics });
    expect(result.code).not.toBe(0);
  });
});

describe('metric data CloudWatch paged past the guard', () => {
  // Defect: lib/ops/metric-data.ts getMetricData() stops after MAX_PAGES (50) pages and returns
  // what it has as if it were the whole series, without a note: with TimestampDescending the
  // OLDEST hours are the ones dropped, so 5xx earlier in the window vanish from the budget. A
  // series cut short must make the verdict unknown (or at least be said), not judged as complete.
  test('an endpoint that keeps handing back new NextTokens: the truncated series is not judged healthy', async () => {
    serveWorld(cloudwatch, prodWorld());
    cloudwatch.on(GetMetricDataCommand).callsFake(async (input) => {
      const page = input.NextToken ? Number(input.NextToken) : 0;
      return {
        MetricDataResults: input.MetricDataQueries.map((q: any) => {
          const name = q.MetricStat?.Metric?.MetricName;
          // Newest pages clean; from page 50 on (older hours), every request a 5xx.
          const value =
            name === 'RequestCount'
              ? 1000
              : name === 'HTTPCode_Target_5XX_Count'
                ? page >= 50
                  ? 1000
                  : 0
                : name === 'HealthyHostCount'
                  ? 3
                  : 0;
          return {
            Id: q.Id,
            Timestamps: [new Date(input.EndTime!.getTime() - page * 3_600_000)],
            Values: [value],
            StatusCode: 'PartialData',
          };
        }),
        NextToken: String(page + 1),
      };
    });
    const io = capturingIo();
    const code = await runStatusCommand(['prod'], SINGLE, io);
    expect(code).not.toBe(0);
  });
});

describe('alarm-name prefix collisions', () => {
  // Defect: lib/ops/alarm-status.ts fetchEnvironmentAlarms() reads every alarm under `prod-`,
  // which includes another environment whose name starts with `prod-` in the same account and
  // Region (`prod-canary`), and webResources() then picks "the most watched" load balancer among
  // all of them. When the other environment has more target groups (more alarms), prod's
  // availability and per-AZ view are measured on ITS load balancer: prod's exhausted error
  // budget (5% 5xx against a 99.9% SLO) is reported as healthy, exit 0.
  test("prod's availability is measured on prod's load balancer, not on a prod-canary environment's", async () => {
    const canaryLb = 'app/prod-canary-Web/aaaaaaaaaaaaaaaa';
    const world = prodWorld();
    world['us-east-1'].push(
      ...deployedAlarms('prod-canary', canaryLb, ['targetgroup/c1/1', 'targetgroup/c2/2', 'targetgroup/c3/3', 'targetgroup/c4/4'], ZONES),
    );
    const prodTraffic = traffic(PRIMARY_LB, 1000, 50);
    const canaryTraffic = traffic(canaryLb, 1000, 0);
    const result = await run(world, ['prod', '--json'], { metrics: (q, input) => prodTraffic(q, input) ?? canaryTraffic(q, input) });
    const doc = JSON.parse(result.stdout);
    expect(doc.availability?.requests).toBeGreaterThan(0);
    // Today: exit 0, no reason, the budget of the canary's clean load balancer shown as prod's.
    expect([result.code, doc.reasons.join('\n')]).toEqual([1, expect.stringContaining('error budget exhausted')]);
    // And the other environment's alarms are not listed (nor noted as saturation) as prod's own.
    expect(doc.alarms.map((a: { name: string }) => a.name).filter((n: string) => n.startsWith('prod-canary-'))).toEqual([]);
  });
});

describe('endpoint-health alarms that do not watch what their name says', () => {
  // Defect: lib/ops/endpoint-health.ts fetchEndpointHealth() trusts the alarm's name alone. When
  // both alarms watch the SAME Route 53 health check (a copy-paste of the primary's
  // HealthCheckId into the standby's alarm), the "standby passes its health check" the CLI
  // reports is the primary's check: nothing watches the standby's, so whether it could take
  // over is unknown. The CLI has the two dimensions in hand and says HEALTHY, exit 0.
  test('both endpoint-health alarms on one HealthCheckId: the standby health is not reported healthy', async () => {
    const world = deployedWorld();
    const standbyAlarm = world['us-east-1'].find((a) => a.AlarmName === 'prod-us-west-2-endpoint-health')!;
    standbyAlarm.Dimensions = [{ Name: 'HealthCheckId', Value: 'hc-prod-endpoint-health' }];
    const result = await run(world, ['prod', '--json'], { profiles: STANDBY });
    const doc = JSON.parse(result.stdout);
    expect([result.code, doc.endpointHealth.standby.health]).toEqual([3, 'unknown']);
  });

  // Defect: same function. An alarm named `prod-us-west-2-endpoint-health` that watches no Route 53
  // health check at all (here a CPU metric, no HealthCheckId dimension: a hand-made or half-migrated
  // alarm) is read as the standby's Route 53 health: OK, healthy, the standby "could take over".
  test('an endpoint-health alarm that does not watch AWS/Route53 HealthCheckStatus is unknown, not healthy', async () => {
    const world = deployedWorld();
    Object.assign(
      world['us-east-1'].find((a) => a.AlarmName === 'prod-us-west-2-endpoint-health')!,
      {
        Namespace: 'AWS/EC2',
        MetricName: 'CPUUtilization',
        Dimensions: [{ Name: 'AutoScalingGroupName', Value: 'prod-us-west-2-web' }],
      },
    );
    const result = await run(world, ['prod'], { profiles: STANDBY });
    expect(result.code).toBe(3);
  });
});

describe('already handled', () => {
  test('a prod-canary environment beside prod, with fewer alarms: prod is still measured on its own load balancer (exhausted budget seen)', async () => {
    const canaryLb = 'app/prod-canary-Web/aaaaaaaaaaaaaaaa';
    const world = prodWorld();
    world['us-east-1'].push(...deployedAlarms('prod-canary', canaryLb, ['targetgroup/c1/1'], ['us-east-1a']));
    const prodTraffic = traffic(PRIMARY_LB, 1000, 50);
    const result = await run(world, ['prod'], { metrics: (q, input) => prodTraffic(q, input) ?? traffic(canaryLb, 1000, 0)(q, input) });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('error budget exhausted');
  });

  test('an INSUFFICIENT_DATA endpoint-health alarm is unknown, never healthy (exit 3)', async () => {
    const world = setWorldState(deployedWorld(), 'prod-endpoint-health', 'INSUFFICIENT_DATA');
    const result = await run(world, ['prod'], { profiles: STANDBY });
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('serving: unknown');
  });

  test('the standby endpoint alarm INSUFFICIENT_DATA while the primary serves: unknown, not healthy', async () => {
    const world = setWorldState(deployedWorld(), 'prod-us-west-2-endpoint-health', 'INSUFFICIENT_DATA');
    const result = await run(world, ['prod'], { profiles: STANDBY });
    expect(result.code).toBe(3);
  });

  test('a stale duplicate `prod-endpoint-health-old` in ALARM does not decide which Region serves (alarms read by exact name)', async () => {
    const world = deployedWorld();
    world['us-east-1'].push({
      AlarmName: 'prod-endpoint-health-old',
      StateValue: 'ALARM',
      StateReason: 'old',
      Namespace: 'AWS/Route53',
      MetricName: 'HealthCheckStatus',
      Dimensions: [{ Name: 'HealthCheckId', Value: 'hc-deleted' }],
    });
    const result = await run(world, ['prod', '--json'], { profiles: STANDBY });
    const doc = JSON.parse(result.stdout);
    expect(doc.serving).toBe('primary');
    expect(doc.endpointHealth.primary.healthCheckId).toBe('hc-prod-endpoint-health');
  });

  test('an endpoint-health alarm with ActionsEnabled false is still read for its state (Route 53 routes on the check, not the actions)', async () => {
    const world = setWorldState(deployedWorld(), 'prod-endpoint-health', 'ALARM');
    world['us-east-1'].find((a) => a.AlarmName === 'prod-endpoint-health')!.ActionsEnabled = false;
    const result = await run(world, ['prod'], { profiles: STANDBY });
    expect(result.code).toBe(4);
  });

  test("the standby's endpoint-health alarm deployed in us-west-2 instead of us-east-1 is missing, unknown (exit 3)", async () => {
    const world = deployedWorld();
    const alarm = world['us-east-1'].find((a) => a.AlarmName === 'prod-us-west-2-endpoint-health')!;
    world['us-east-1'] = world['us-east-1'].filter((a) => a !== alarm);
    world['us-west-2'].push(alarm);
    const result = await run(world, ['prod'], { profiles: STANDBY });
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('prod-us-west-2-endpoint-health missing');
  });

  test('the replica-lag alarm missing: not healthy (unknown, exit 3)', async () => {
    const world = removeAlarm(deployedWorld(), 'prod-us-west-2-data-replica-lag');
    const result = await run(world, ['prod'], { profiles: STANDBY });
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('replica lag unknown');
  });

  test('the replica-lag alarm INSUFFICIENT_DATA (replication stopped publishing): unknown, exit 3', async () => {
    const world = setWorldState(deployedWorld(), 'prod-us-west-2-data-replica-lag', 'INSUFFICIENT_DATA');
    const result = await run(world, ['prod'], { profiles: STANDBY });
    expect(result.code).toBe(3);
  });

  test("the standby's alarms are read in us-west-2 only: a copy of them in us-east-1 is not mistaken for the standby's", async () => {
    const world = deployedWorld();
    // A leftover copy of the standby's composites in the primary's Region, all OK, while the real ones fire.
    world['us-east-1'].push(...deployedAlarms('prod-us-west-2', 'app/x/1', ['targetgroup/x/1'], ZONES));
    setWorldState({ 'us-west-2': world['us-west-2'] }, 'prod-us-west-2-users-impaired', 'ALARM');
    const result = await run(world, ['prod', '--json'], { profiles: STANDBY });
    const doc = JSON.parse(result.stdout);
    expect(doc.regions.standby.verdict).toBe('impaired');
    expect(result.code).toBe(1);
  });

  test('throttling in the standby Region only: the primary is read, the verdict is unknown (exit 3), never healthy', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $metadata: { httpStatusCode: 400, attempts: 3 } });
    const result = await run(deployedWorld(), ['prod'], { profiles: STANDBY, failing: { 'us-west-2': throttled } });
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('throttled');
    expect(result.stderr).toBe('');
  });

  test('us-east-1 unreachable (the primary and both endpoint alarms) with us-west-2 fine: unknown, exit 3', async () => {
    const lost = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const result = await run(deployedWorld(), ['prod'], { profiles: STANDBY, failing: { 'us-east-1': lost } });
    expect(result.code).toBe(3);
  });

  test('failed over while the standby itself impairs users: exit 4 as ADR 0087 decides, but the impairment is in the reasons and the JSON', async () => {
    // Not a defect: ADR 0087 chose exit 4 whatever the standby's verdict, so a pipeline must read
    // `regions.standby.verdict` (in --json) to tell a clean failover from users hurt on the standby.
    const world = setWorldState(deployedWorld(), 'prod-endpoint-health', 'ALARM');
    setWorldState(world, 'prod-us-west-2-users-impaired', 'ALARM');
    const result = await run(world, ['prod', '--json'], { profiles: STANDBY });
    expect(result.code).toBe(4);
    const doc = JSON.parse(result.stdout);
    expect(doc.regions.standby.verdict).toBe('impaired');
    expect(doc.reasons.join('\n')).toContain('prod-us-west-2-users-impaired is in ALARM');
  });

  test("failed over while the standby's CloudWatch does not answer: exit 4, the unread standby is a reason", async () => {
    const world = setWorldState(deployedWorld(), 'prod-endpoint-health', 'ALARM');
    const lost = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const result = await run(world, ['prod', '--json'], { profiles: STANDBY, failing: { 'us-west-2': lost } });
    expect(result.code).toBe(4);
    const doc = JSON.parse(result.stdout);
    expect(doc.regions.standby.verdict).toBe('unknown');
    expect(doc.reasons.join('\n')).toContain('cannot reach');
  });

  test('prod-users-impaired in ALARM with its actions suppressed (ActionsSuppressedBy) is still impaired, exit 2', async () => {
    const world = setWorldState(prodWorld(), 'prod-users-impaired', 'ALARM');
    Object.assign(
      world['us-east-1'].find((a) => a.AlarmName === 'prod-users-impaired')!,
      {
        ActionsSuppressedBy: 'Alarm',
        ActionsSuppressedReason: 'suppressed by prod-maintenance',
      },
    );
    const result = await run(world, ['prod']);
    expect(result.code).toBe(2);
  });

  test('timestamps in the future (clock skew) neither crash the CLI nor change the verdict', async () => {
    const world = prodWorld();
    for (const alarm of world['us-east-1']) {
      alarm.StateUpdatedTimestamp = Date.parse('2027-06-01T00:00:00Z') / 1000;
    }
    const future = new Date('2027-06-01T00:00:00Z');
    const result = await run(world, ['prod'], {
      metrics: (q) => ({ Timestamps: [future], Values: [q.MetricStat?.Metric?.MetricName === 'RequestCount' ? 1000 : 0] }),
    });
    expect([result.code, result.stderr]).toEqual([0, '']);
  });

  test('DescribeAlarms handing back alternating NextTokens forever ends, and the verdict is still read', async () => {
    const alarms = setWorldState(prodWorld(), 'prod-users-impaired', 'ALARM')['us-east-1'];
    const asSdk = (a: FakeAlarm) => ({ ...a, StateUpdatedTimestamp: undefined }) as never;
    cloudwatch.on(DescribeAlarmsCommand).callsFake(async (input) => ({
      MetricAlarms: alarms.filter((a) => typeof a.AlarmRule !== 'string').map(asSdk) as MetricAlarm[],
      CompositeAlarms: alarms.filter((a) => typeof a.AlarmRule === 'string').map(asSdk),
      NextToken: input.NextToken === 'A' ? 'B' : 'A',
    }));
    cloudwatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
    const io = capturingIo();
    const code = await runStatusCommand(['prod'], SINGLE, io);
    expect(code).toBe(2);
    expect(cloudwatch.commandCalls(DescribeAlarmsCommand).length).toBeLessThanOrEqual(100);
  });

  test('GetMetricData alternating NextTokens forever ends, and budget exhaustion is still seen', async () => {
    serveWorld(cloudwatch, prodWorld());
    cloudwatch.on(GetMetricDataCommand).callsFake(async (input) => ({
      MetricDataResults: input.MetricDataQueries.map((q: any) => {
        const name = q.MetricStat?.Metric?.MetricName;
        return {
          Id: q.Id,
          Timestamps: [input.EndTime],
          Values: [name === 'RequestCount' ? 1000 : name === 'HTTPCode_Target_5XX_Count' ? 50 : 0],
        };
      }),
      NextToken: input.NextToken === 'A' ? 'B' : 'A',
    }));
    const io = capturingIo();
    const code = await runStatusCommand(['prod'], SINGLE, io);
    expect(code).toBe(1);
  });

  test('a non-Error rejection from the SDK is one line on stderr and exit 3, no stack trace', async () => {
    cloudwatch.on(DescribeAlarmsCommand).callsFake(async () => {
      throw 'socket hang up';
    });
    const io = capturingIo();
    const code = await runStatusCommand(['prod'], SINGLE, io);
    expect(code).toBe(3);
    expect(io.stderr.join('\n')).not.toMatch(/\n\s+at /);
  });

  test('a composite with no StateValue is never read as OK', async () => {
    const world = prodWorld();
    delete (world['us-east-1'].find((a) => a.AlarmName === 'prod-users-impaired') as Record<string, unknown>).StateValue;
    const result = await run(world, ['prod']);
    expect(result.code).toBe(3);
  });
});
