import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import {
  capturingIo,
  CapturedRun,
  deployedWorld,
  prodWithStandby,
  removeAlarm,
  serveWorld,
  setWorldState,
  singleRegion,
  World,
} from './support/status-world';
import { deployedAlarms } from './support/fake-cloudwatch';
import { DEV, PROD, STAGING } from '../../lib';
import { EndpointHealth } from '../../lib/ops/endpoint-health';
import { servingRegion } from '../../lib/ops/failover-verdict';
import { runStatusCommand } from '../../lib/ops/status-command';

const cloudwatch = mockClient(CloudWatchClient);
beforeEach(() => cloudwatch.reset());

const STANDBY_PROFILES = [singleRegion(DEV), singleRegion(STAGING), prodWithStandby()];

async function run(
  world: World,
  argv: string[],
  options: { profiles?: typeof STANDBY_PROFILES; failing?: Record<string, Error> } = {},
): Promise<CapturedRun> {
  serveWorld(cloudwatch, world, options.failing);
  const io = capturingIo();
  const code = await runStatusCommand(argv, options.profiles ?? STANDBY_PROFILES, io);
  return { code, stdout: io.stdout.join('\n'), stderr: io.stderr.join('\n') };
}

/** Each DescribeAlarms call as [Region, what it asked for]. */
async function describeCalls(): Promise<[string, string][]> {
  return Promise.all(
    cloudwatch.commandCalls(DescribeAlarmsCommand).map(async (call) => {
      const region = await (call.thisValue as CloudWatchClient).config.region();
      const input = call.args[0].input;
      return [region, input.AlarmNames ? `names ${input.AlarmNames.join(',')}` : `prefix ${input.AlarmNamePrefix}`] as [string, string];
    }),
  );
}

describe('which Region serves, as Route 53 failover records decide', () => {
  const cases: [EndpointHealth, EndpointHealth, string][] = [
    ['healthy', 'healthy', 'primary'],
    ['healthy', 'unhealthy', 'primary'],
    ['healthy', 'unknown', 'primary'],
    ['unhealthy', 'healthy', 'standby'],
    ['unhealthy', 'unhealthy', 'none'],
    ['unhealthy', 'unknown', 'unknown'],
    ['unknown', 'healthy', 'unknown'],
    ['unknown', 'unhealthy', 'unknown'],
    ['unknown', 'unknown', 'unknown'],
  ];
  test.each(cases)('primary %s, standby %s: %s serves', (primary, standby, serving) => {
    expect(servingRegion(primary, standby).serving).toBe(serving);
  });
});

describe('cdk-ha-status on an environment with a warm standby', () => {
  test('the primary serving with everything OK is healthy (exit 0); it reads each Region by its own prefix and the endpoint alarms in us-east-1', async () => {
    const result = await run(deployedWorld(), ['prod']);
    expect([result.code, result.stderr]).toEqual([0, '']);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('prod (us-east-1, standby prod-us-west-2 in us-west-2): HEALTHY');
    expect(lines[1]).toBe(
      '  serving: primary (us-east-1): the primary passes its Route 53 health check: Route 53 answers with the PRIMARY record',
    );
    expect(result.stdout).toMatch(/primary +us-east-1 +prod-endpoint-health +OK +healthy +hc-prod-endpoint-health\n/);
    expect(result.stdout).toMatch(/standby +us-west-2 +prod-us-west-2-endpoint-health +OK +healthy +hc-prod-us-west-2-endpoint-health\n/);
    expect(result.stdout).toContain('replica lag   prod-us-west-2-data-replica-lag (us-west-2): OK: the replica is at most 120 s behind');
    expect(result.stdout).toContain('== primary ==\nprod (us-east-1): HEALTHY');
    expect(result.stdout).toContain('== standby ==\nprod-us-west-2 (us-west-2): HEALTHY');
    expect((await describeCalls()).sort()).toEqual([
      ['us-east-1', 'names prod-endpoint-health,prod-us-west-2-endpoint-health'],
      ['us-east-1', 'prefix prod-'],
      ['us-west-2', 'prefix prod-us-west-2-'],
    ]);
  });

  test("the primary's report leaves out the standby's and the Route 53 alarms that share its Region and prefix", async () => {
    const world = setWorldState(deployedWorld(), 'prod-us-west-2-endpoint-health', 'ALARM');
    // A leftover copy of the standby's alarms in the primary's Region, under the primary's prefix.
    world['us-east-1'].push(...deployedAlarms('prod-us-west-2', 'app/leftover/1', ['targetgroup/leftover/1'], ['us-east-1a']));
    const result = await run(world, ['prod', '--json']);
    const doc = JSON.parse(result.stdout);
    const names = doc.regions.primary.alarms.map((a: { name: string }) => a.name);
    expect(names).not.toContain('prod-endpoint-health');
    expect(names).not.toContain('prod-us-west-2-endpoint-health');
    expect(names.filter((n: string) => n.startsWith('prod-us-west-2-'))).toEqual([]);
    // Judged once, as the standby's health, and never as a saturation note of the primary.
    expect(doc.notes.join('\n')).not.toContain('saturation');
  });

  test('the primary failing its health check while the standby passes: failed over, exit 4', async () => {
    const world = setWorldState(deployedWorld(), 'prod-endpoint-health', 'ALARM');
    setWorldState(world, 'prod-users-impaired', 'ALARM');
    setWorldState(world, 'prod-us-west-2-data-replica-lag', 'ALARM');
    const result = await run(world, ['prod']);
    expect(result.code).toBe(4);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('prod (us-east-1, standby prod-us-west-2 in us-west-2): FAILED-OVER');
    expect(lines[1]).toMatch(/^ {2}serving: standby \(us-west-2\): the primary fails its Route 53 health check and the standby passes/);
    expect(lines[2]).toBe('  - prod-endpoint-health is in ALARM');
    // The lost primary's impairment and the stopped replication are notes: the standby is what serves.
    expect(result.stdout).toContain('  note: primary prod (us-east-1): prod-users-impaired is in ALARM');
    expect(result.stdout).toContain('  note: RPO at risk: prod-us-west-2-data-replica-lag is in ALARM');
  });

  test('both Regions failing their health checks: nobody serves, Route 53 answers with the primary, exit 5', async () => {
    const world = setWorldState(deployedWorld(), 'prod-endpoint-health', 'ALARM');
    setWorldState(world, 'prod-us-west-2-endpoint-health', 'ALARM');
    const result = await run(world, ['prod', '--json']);
    expect(result.code).toBe(5);
    const doc = JSON.parse(result.stdout);
    expect(doc).toMatchObject({
      verdict: 'down',
      exitCode: 5,
      serving: 'none',
      servingRegion: null,
      servingReason:
        'both Regions fail their Route 53 health checks: Route 53 answers with the PRIMARY record, whose endpoint fails its check; no Region serves',
      endpointHealth: {
        region: 'us-east-1',
        primary: { alarmName: 'prod-endpoint-health', state: 'ALARM', health: 'unhealthy', healthCheckId: 'hc-prod-endpoint-health' },
        standby: { alarmName: 'prod-us-west-2-endpoint-health', state: 'ALARM', health: 'unhealthy' },
      },
    });
  });

  test('a missing endpoint-health alarm is unknown, never healthy: which Region serves cannot be told, exit 3', async () => {
    const world = removeAlarm(setWorldState(deployedWorld(), 'prod-us-west-2-endpoint-health', 'OK'), 'prod-endpoint-health');
    const result = await run(world, ['prod']);
    expect(result.code).toBe(3);
    expect(result.stdout.split('\n')[0]).toMatch(/: UNKNOWN$/);
    expect(result.stdout).toContain("serving: unknown: the primary's Route 53 health is unknown: the primary or the standby serves");
    expect(result.stdout).toContain(
      "- prod-endpoint-health missing: no alarm named prod-endpoint-health in us-east-1: the health check's alarm is not deployed",
    );
    expect(result.stdout).toMatch(/primary +us-east-1 +prod-endpoint-health +missing +unknown +-\n/);
  });

  test("the standby's endpoint alarm missing while the primary serves: still unknown (exit 3), since nobody knows whether the standby could take over", async () => {
    const result = await run(removeAlarm(deployedWorld(), 'prod-us-west-2-endpoint-health'), ['prod']);
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('serving: primary (us-east-1)');
    expect(result.stdout).toContain('  - prod-us-west-2-endpoint-health missing: ');
  });

  test('an endpoint alarm without data (INSUFFICIENT_DATA) is unknown too', async () => {
    const result = await run(setWorldState(deployedWorld(), 'prod-endpoint-health', 'INSUFFICIENT_DATA'), ['prod']);
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('serving: unknown');
  });

  test('the replica lag alarm in ALARM while the primary serves: RPO at risk, degraded (exit 1)', async () => {
    const world = setWorldState(deployedWorld(), 'prod-us-west-2-data-replica-lag', 'ALARM');
    setWorldState(world, 'prod-us-west-2-redundancy-lost', 'ALARM');
    const result = await run(world, ['prod', '--json']);
    expect(result.code).toBe(1);
    const doc = JSON.parse(result.stdout);
    expect(doc.verdict).toBe('degraded');
    expect(doc.serving).toBe('primary');
    expect(doc.reasons).toEqual([
      'standby prod-us-west-2 (us-west-2): prod-us-west-2-redundancy-lost is in ALARM (prod-us-west-2-data-replica-lag)',
      'RPO at risk: prod-us-west-2-data-replica-lag is in ALARM: the cross-region replica is more than 120 s behind, or not replicating',
    ]);
    expect(doc.replicaLag).toMatchObject({
      alarmName: 'prod-us-west-2-data-replica-lag',
      region: 'us-west-2',
      state: 'ALARM',
      rpoAtRisk: true,
      maxLagSeconds: 120,
    });
  });

  test('no replica built yet (no source ARN in the profile) is degraded: a Region loss would lose the data', async () => {
    const profiles = [singleRegion(DEV), singleRegion(STAGING), prodWithStandby(false)];
    const result = await run(deployedWorld({ replica: false }), ['prod'], { profiles });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('  - no cross-region replica yet (secondaryRegion.sourceDatabaseInstanceArn is not set)');
  });

  test("the replica's lag alarm missing although the profile has the replica: unknown (exit 3)", async () => {
    const result = await run(removeAlarm(deployedWorld(), 'prod-us-west-2-data-replica-lag'), ['prod']);
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('  - replica lag unknown: no alarm named prod-us-west-2-data-replica-lag in us-west-2');
  });

  test('a Region whose CloudWatch fails is reported unknown with why, and the other Region is still read', async () => {
    const lost = Object.assign(new Error('connect ECONNREFUSED'), { name: 'Error', code: 'ECONNREFUSED' });
    const result = await run(deployedWorld(), ['prod'], { failing: { 'us-west-2': lost } });
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('serving: primary (us-east-1)');
    expect(result.stdout).toContain(
      '  - standby prod-us-west-2 (us-west-2): cannot reach CloudWatch at https://monitoring.us-west-2.amazonaws.com (ECONNREFUSED)',
    );
    expect(result.stdout).toContain('== primary ==\nprod (us-east-1): HEALTHY');
  });

  test('us-east-1 unreachable leaves both endpoint healths, and so the serving Region, unknown', async () => {
    const lost = Object.assign(new Error('connect ECONNREFUSED'), { name: 'Error', code: 'ECONNREFUSED' });
    const result = await run(deployedWorld(), ['prod', '--json'], { failing: { 'us-east-1': lost } });
    expect(result.code).toBe(3);
    const doc = JSON.parse(result.stdout);
    expect([doc.serving, doc.endpointHealth.primary.state, doc.endpointHealth.standby.state]).toEqual([
      'unknown',
      'unreadable',
      'unreadable',
    ]);
    expect(doc.regions.standby.verdict).toBe('healthy');
  });

  test('the standby impaired while the primary serves makes the environment degraded, not impaired: no user is on it', async () => {
    const world = setWorldState(deployedWorld(), 'prod-us-west-2-users-impaired', 'ALARM');
    const result = await run(world, ['prod']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('  - standby prod-us-west-2 (us-west-2): prod-us-west-2-users-impaired is in ALARM');
  });

  test('the primary impaired while it serves is impaired (exit 2), as for one Region', async () => {
    const result = await run(setWorldState(deployedWorld(), 'prod-users-impaired', 'ALARM'), ['prod']);
    expect(result.code).toBe(2);
  });

  test('a standby named alone is read as one Region, in its own Region, under its own prefix', async () => {
    const result = await run(deployedWorld(), ['prod-us-west-2']);
    expect([result.code, result.stdout.split('\n')[0]]).toEqual([0, 'prod-us-west-2 (us-west-2): HEALTHY']);
    expect(await describeCalls()).toEqual([['us-west-2', 'prefix prod-us-west-2-']]);
  });

  test('--region is refused for an environment with a standby (exit 64), naming what to run instead', async () => {
    const result = await run(deployedWorld(), ['prod', '--region', 'us-west-2']);
    expect([result.code, result.stdout]).toEqual([64, '']);
    expect(result.stderr).toBe(
      "cdk-ha-status: --region does not apply to prod, which has a standby in us-west-2: 'prod' reads both Regions, 'prod-us-west-2' the standby alone",
    );
  });

  test('--help names the standby and the two-Region exit codes', async () => {
    const result = await run(deployedWorld(), ['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('prod has a warm standby (prod-us-west-2): it reads both Regions and says which one serves.');
    expect(result.stdout).toContain('4   failed over');
    expect(result.stdout).toContain('5   down');
  });
});

describe('a single-Region environment is read exactly as before', () => {
  test('one Region, one prefix, no endpoint-health call, the same report and exit codes', async () => {
    const world = deployedWorld();
    setWorldState(world, 'prod-redundancy-lost', 'ALARM');
    setWorldState(world, 'prod-web-us-east-1b-5xx-outlier', 'ALARM');
    const result = await run(world, ['prod'], { profiles: [singleRegion(PROD)] });
    expect(result.code).toBe(1);
    expect(await describeCalls()).toEqual([['us-east-1', 'prefix prod-']]);
    // The single-Region format of docs/guarantees.md, line for line; of the alarms under the prefix
    // only prod's own count (16: prod-endpoint-health is prod's, prod-us-west-2-endpoint-health is not).
    expect(result.stdout).toBe(
      [
        'prod (us-east-1): DEGRADED',
        '  - prod-redundancy-lost is in ALARM (prod-web-us-east-1b-5xx-outlier)',
        '',
        'SLO        99.95% of requests without a 5xx over 30 days',
        'measured   100.000% of 1,000 requests (0 answered 5xx)',
        'budget     100.0% remaining',
        '',
        'AZ (last 1 h)   requests   5xx rate   healthy hosts',
        'us-east-1a         1,000      0.00%               3',
        'us-east-1b         1,000      0.00%               3',
        'us-east-1c         1,000      0.00%               3',
        '',
        'ALARM              prod-redundancy-lost: prod-redundancy-lost changed to ALARM',
        'ALARM              prod-web-us-east-1b-5xx-outlier: prod-web-us-east-1b-5xx-outlier changed to ALARM',
        '14 of 16 alarms OK',
      ].join('\n'),
    );
  });

  test("prod run single-Region does not list the standby's prod-us-west-2-* alarms as its own, nor judge them", async () => {
    const world = deployedWorld();
    world['us-east-1'].push({ AlarmName: 'prod-us-west-2-web-5xx-rate', StateValue: 'ALARM', StateReason: 'a leftover copy' });
    setWorldState(world, 'prod-us-west-2-endpoint-health', 'ALARM');
    const result = await run(world, ['prod', '--json'], { profiles: [singleRegion(PROD)] });
    const doc = JSON.parse(result.stdout);
    expect(doc.alarms.map((a: { name: string }) => a.name).filter((n: string) => n.startsWith('prod-us-west-2-'))).toEqual([]);
    expect(doc.alarms.map((a: { name: string }) => a.name)).toContain('prod-endpoint-health');
    expect([result.code, doc.notes.join('\n')]).toEqual([0, expect.not.stringContaining('prod-us-west-2')]);
  });
});

test('--region still reads another Region for a single-Region environment', async () => {
  const world = { 'eu-west-1': deployedWorld()['us-east-1'] };
  const result = await run(world, ['prod', '--region', 'eu-west-1'], { profiles: [singleRegion(PROD)] });
  expect([result.code, result.stdout.split('\n')[0]]).toEqual([0, 'prod (eu-west-1): HEALTHY']);
  expect(await describeCalls()).toEqual([['eu-west-1', 'prefix prod-']]);
});
