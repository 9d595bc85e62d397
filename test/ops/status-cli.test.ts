import { spawn } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { deployedAlarms, FakeCloudWatch, setState } from './support/fake-cloudwatch';
import { deployedWorld, PRIMARY_LB, setWorldState, STANDBY_LB } from './support/status-world';
import { sharedBuild } from '../support/shared-build';

// End to end: the compiled CLI, spawned as a pipeline would run it, against a local HTTP server
// that speaks CloudWatch's AWS JSON 1.0 protocol. The real SDK does the signing, retries,
// timeouts and paging. The command is spawned through test/ops/support/status-entry.ts, which is
// bin/status.ts over the built-in profiles made single-Region (or, for the two-Region tests,
// prod with a us-west-2 standby), so that these outputs do not change when prod opts in to a standby.

const ROOT = join(__dirname, '..', '..');
// The project compiled once per Jest run, inside the repo so that node_modules resolve (test/support/global-setup.ts).
const BUILD = sharedBuild().directory;
const HOME = mkdtempSync(join(tmpdir(), 'cdk-ha-status-home-'));
const EMPTY = join(HOME, 'empty');

const LB = 'app/prod-Web/0123456789abcdef';
const TARGET_GROUPS = ['targetgroup/prod-default/1111', 'targetgroup/prod-api/2222'];
const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

const ENTRY = join(BUILD, 'test', 'ops', 'support', 'status-entry.js');
const BIN = join(BUILD, 'bin', 'status.js');

/** Runs the CLI with an environment that holds nothing from this machine: fake keys, empty AWS files, no IMDS. */
function runCli(args: string[], env: Record<string, string | undefined> = {}, script = ENTRY): Promise<Run> {
  const started = Date.now();
  const child = spawn('node', [script, ...args], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME,
      AWS_CONFIG_FILE: EMPTY,
      AWS_SHARED_CREDENTIALS_FILE: EMPTY,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_ACCESS_KEY_ID: 'test-access-key',
      AWS_SECRET_ACCESS_KEY: 'test-secret-key',
      ...env,
    } as NodeJS.ProcessEnv,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started })));
}

let fake: FakeCloudWatch;
let endpoint: string;
const cli = (...args: string[]) => runCli(args, { AWS_ENDPOINT_URL_CLOUDWATCH: endpoint });

beforeAll(() => {
  writeFileSync(EMPTY, '');
  expect(sharedBuild().diagnostics).toBe('');
});
afterAll(() => {
  rmSync(HOME, { recursive: true, force: true });
});

beforeEach(async () => {
  fake = new FakeCloudWatch();
  endpoint = await fake.start();
  fake.alarms = deployedAlarms('prod', LB, TARGET_GROUPS, ZONES);
  fake.traffic = { loadBalancer: LB, zones: ZONES, requestsPerHour: 90_000, errorRatio: 0.0001, hours: 24 * 30 };
});
afterEach(() => fake.close());

describe('cdk-ha-status against a CloudWatch endpoint', () => {
  test('a healthy environment exits 0, reading every page of alarms and of metric data, without a warning', async () => {
    const run = await cli('prod');
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toMatch(/^prod \(us-east-1\): HEALTHY\n/);
    expect(run.stdout).toMatch(/measured {3}99\.990% of [\d,]+ requests/);
    expect(run.stdout).toMatch(/budget {5}80\.0% remaining/);
    expect(run.stdout).toMatch(/us-east-1b +30,000 +0\.01% +6\n/);
    expect(run.stdout).toMatch(/\n16 of 16 alarms OK$/m);
    // 16 alarms at 3 a page: 6 pages, each after the first asking with the previous NextToken.
    const describes = fake.callsOf('DescribeAlarms');
    expect(describes.map((c) => c.body.NextToken ?? null)).toEqual([null, '3', '6', '9', '12', '15']);
    expect(describes[0].body).toMatchObject({ AlarmNamePrefix: 'prod-', AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] });
    // Two GetMetricData calls (SLO window, per AZ), each over two pages.
    expect(fake.callsOf('GetMetricData').map((c) => c.body.NextToken ?? null)).toEqual([null, '1', null, '1']);
  }, 20_000);

  test('the SLO window is measured with hourly sums, and the per-AZ view uses the dimensions read from the alarms', async () => {
    await cli('prod');
    const [slo, , perAz] = fake.callsOf('GetMetricData').map((c) => c.body);
    expect(slo.EndTime - slo.StartTime).toBe(30 * 86_400);
    expect(slo.MetricDataQueries.map((q: any) => [q.MetricStat.Metric.MetricName, q.MetricStat.Period])).toEqual([
      ['RequestCount', 3600],
      ['HTTPCode_ELB_5XX_Count', 3600],
      ['HTTPCode_Target_5XX_Count', 3600],
    ]);
    const healthy = perAz.MetricDataQueries.filter((q: any) => q.MetricStat.Metric.MetricName === 'HealthyHostCount');
    expect(healthy.map((q: any) => q.MetricStat.Metric.Dimensions.map((d: any) => d.Value).join(' '))).toEqual(
      ZONES.flatMap((az) => [...TARGET_GROUPS].sort().map((tg) => `${LB} ${az} ${tg}`)),
    );
  }, 20_000);

  test('users-impaired in ALARM exits 2 and names it, with the member alarms that fire', async () => {
    setState(fake.alarms, 'prod-web-5xx-rate', 'ALARM');
    setState(fake.alarms, 'prod-users-impaired', 'ALARM');
    const run = await cli('prod');
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^prod \(us-east-1\): IMPAIRED\n {2}- prod-users-impaired is in ALARM \(prod-web-5xx-rate\)\n/);
  }, 20_000);

  test('1.5% of requests answered 5xx for 24 h with every alarm OK exits 1, naming the exhausted budget', async () => {
    fake.traffic = { ...fake.traffic!, errorRatio: 0.015, hours: 24 };
    const run = await cli('prod');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^prod \(us-east-1\): DEGRADED\n {2}- error budget exhausted: 98\.500% of [\d,]+ requests answered without a 5xx over the last 30 days, against the 99\.95% SLO \(-2900\.0% of the budget left\)\n/,
    );
    expect(run.stdout).toMatch(/budget {5}-2900\.0% remaining \(exhausted\)/);
  }, 20_000);

  test('a slow burn exits 1; a fast burn exits 2', async () => {
    setState(fake.alarms, 'prod-error-budget-slow-burn', 'ALARM');
    const slow = await cli('prod');
    expect([slow.code, slow.stdout]).toEqual([1, expect.stringContaining('prod-error-budget-slow-burn is in ALARM: at this pace')]);
    setState(fake.alarms, 'prod-error-budget-fast-burn', 'ALARM');
    const fast = await cli('prod');
    expect([fast.code, fast.stdout]).toEqual([
      2,
      expect.stringContaining('prod-error-budget-fast-burn is in ALARM: the error budget burns 14.4x'),
    ]);
  }, 20_000);

  test('one AZ answering 5xx far more than the others is named as the outlier, and the verdict is degraded', async () => {
    fake.traffic = { ...fake.traffic!, zoneErrorRatio: { 'us-east-1b': 0.12 }, hours: 2 };
    const run = await cli('prod');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      '- us-east-1b is an outlier over the last 1 h: 5xx rate 12.00% against 0.01% in the other AZs; consider a zonal shift away from it',
    );
    expect(run.stdout).toMatch(/us-east-1b +30,000 +12\.00% +6 {3}<- outlier/);
  }, 20_000);

  test('no alarm under the prefix (nothing deployed) exits 3 and says so', async () => {
    fake.alarms = [];
    const run = await cli('prod');
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('- no alarm named prod-* in us-east-1: nothing of prod is deployed');
  }, 20_000);

  test('a throttled call is retried and then succeeds', async () => {
    fake.faults = ['throttle'];
    const run = await cli('prod');
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(fake.callsOf('DescribeAlarms')[0].body).toEqual(fake.callsOf('DescribeAlarms')[1].body);
  }, 20_000);

  test('throttled past the retries exits 3 in one line', async () => {
    fake.faults = ['throttle', 'throttle', 'throttle'];
    const run = await cli('prod');
    expect([run.code, run.stdout]).toEqual([3, '']);
    expect(run.stderr).toBe(
      'cdk-ha-status: CloudWatch throttled DescribeAlarms past 3 attempts (Throttling); try again in a minute, or ask for a higher quota\n',
    );
  }, 20_000);

  test('a 5xx from CloudWatch on every attempt exits 3 in one line', async () => {
    fake.faults = ['http500', 'http500', 'http500'];
    const run = await cli('prod');
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      /^cdk-ha-status: CloudWatch at http:\/\/127\.0\.0\.1:\d+ answered HTTP 500 to DescribeAlarms in 3 attempts \(\w+\); try again later\n$/,
    );
  }, 20_000);

  test('a 404 (not a CloudWatch endpoint) exits 3 and says what to check', async () => {
    fake.faults = ['http404'];
    const run = await cli('prod');
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      /^cdk-ha-status: CloudWatch at http:\/\/127\.0\.0\.1:\d+ answered HTTP 404 to DescribeAlarms; is that a CloudWatch endpoint for us-east-1\? Check --region and AWS_ENDPOINT_URL_CLOUDWATCH\n$/,
    );
  }, 20_000);

  test('an endpoint that never answers exits 3 within --timeout, naming what timed out', async () => {
    fake.faults = ['hang', 'hang', 'hang'];
    const run = await cli('prod', '--timeout', '2');
    expect(run.code).toBe(3);
    // The deadline plus Node's start-up, with slack for a loaded CI machine.
    expect(run.ms).toBeLessThan(5_000);
    expect(run.ms).toBeGreaterThanOrEqual(1_900);
    expect(run.stderr).toMatch(
      /^cdk-ha-status: timed out: DescribeAlarms got no answer from CloudWatch at http:\/\/127\.0\.0\.1:\d+ within the 2 s deadline; check the network or raise --timeout\n$/,
    );
  }, 20_000);

  test('an endpoint nobody listens on exits 3: unreachable', async () => {
    await fake.close();
    fake = new FakeCloudWatch();
    const closed = endpoint;
    endpoint = await fake.start(); // for afterEach; the CLI gets the closed port
    const run = await runCli(['prod'], { AWS_ENDPOINT_URL_CLOUDWATCH: closed });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^cdk-ha-status: cannot reach CloudWatch at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\); check the network/);
  }, 20_000);

  test('no credentials exits 3 in at most 3 lines naming what to set, without calling CloudWatch', async () => {
    const run = await runCli(['prod'], {
      AWS_ENDPOINT_URL_CLOUDWATCH: endpoint,
      AWS_ACCESS_KEY_ID: undefined,
      AWS_SECRET_ACCESS_KEY: undefined,
    });
    expect(run.code).toBe(3);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(3);
    expect(lines[0]).toBe(
      "cdk-ha-status: no AWS credentials found for us-east-1: set AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), or run 'aws sso login'",
    );
    expect(fake.calls).toEqual([]);
  }, 20_000);

  test('--json prints the documented document', async () => {
    setState(fake.alarms, 'prod-redundancy-lost', 'ALARM');
    setState(fake.alarms, 'prod-web-us-east-1c-5xx-outlier', 'ALARM');
    const run = await cli('prod', '--json');
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.stdout);
    expect(doc).toMatchObject({
      schemaVersion: 1,
      environment: 'prod',
      region: 'us-east-1',
      verdict: 'degraded',
      exitCode: 1,
      reasons: ['prod-redundancy-lost is in ALARM (prod-web-us-east-1c-5xx-outlier)'],
      slo: { availabilityPercent: 99.95, windowDays: 30 },
      availability: { requests: expect.any(Number), errors: expect.any(Number), availabilityPercent: expect.any(Number) },
      budget: { remainingPercent: expect.any(Number), exhausted: false },
      zones: { windowHours: 1, outliers: [] },
    });
    expect(doc.zones.byZone.map((z: any) => Object.keys(z))).toEqual(
      ZONES.map(() => ['availabilityZone', 'requests', 'errors', 'errorRatePercent', 'healthyHosts', 'outlierReasons']),
    );
    expect(doc.alarms[0]).toEqual({
      name: 'prod-redundancy-lost',
      kind: 'composite',
      state: 'ALARM',
      reason: expect.any(String),
      updated: null,
    });
    expect(new Date(doc.availability.to).getTime() - new Date(doc.availability.from).getTime()).toBe(30 * 86_400_000);
  }, 20_000);

  test('--json on a failure still prints a document with verdict unknown, and the message on stderr', async () => {
    fake.alarms = [];
    fake.faults = ['http404'];
    const run = await cli('prod', '--json');
    expect(run.code).toBe(3);
    expect(JSON.parse(run.stdout)).toMatchObject({
      verdict: 'unknown',
      exitCode: 3,
      reasons: [expect.stringContaining('answered HTTP 404')],
    });
  }, 20_000);

  test('--region reads another region than the profile', async () => {
    const run = await cli('prod', '--region', 'eu-west-1');
    expect(run.stdout).toMatch(/^prod \(eu-west-1\): HEALTHY/);
  }, 20_000);
});

describe('cdk-ha-status on an environment with a warm standby, against a CloudWatch endpoint per Region', () => {
  const standby = (...args: string[]) => runCli(args, { AWS_ENDPOINT_URL_CLOUDWATCH: endpoint, CDK_HA_STATUS_TEST_PROFILES: 'standby' });
  beforeEach(() => {
    // Both load balancers serve: one that published nothing over the SLO window is unknown (ADR 0021).
    const serving = (loadBalancer: string, zones: string[]) => ({
      loadBalancer,
      zones,
      requestsPerHour: 9_000,
      errorRatio: 0,
      hours: 24 * 30,
    });
    fake.traffic = serving(PRIMARY_LB, ['us-east-1a', 'us-east-1b', 'us-east-1c']);
    fake.otherTraffic = [serving(STANDBY_LB, ['us-west-2a', 'us-west-2b', 'us-west-2c'])];
    fake.alarmsByRegion = deployedWorld();
  });

  test('both Regions healthy, the primary serving, exits 0; each call signed for its own Region', async () => {
    const run = await standby('prod');
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toMatch(/^prod \(us-east-1, standby prod-us-west-2 in us-west-2\): HEALTHY\n {2}serving: primary \(us-east-1\)/);
    const describes = fake.callsOf('DescribeAlarms').map((c) => `${c.region} ${c.body.AlarmNamePrefix ?? c.body.AlarmNames.join(',')}`);
    expect([...new Set(describes)].sort()).toEqual([
      'us-east-1 prod-',
      'us-east-1 prod-endpoint-health,prod-us-west-2-endpoint-health',
      'us-west-2 prod-us-west-2-',
    ]);
  }, 20_000);

  test('failed over exits 4; --json says which Region serves', async () => {
    setWorldState(fake.alarmsByRegion, 'prod-endpoint-health', 'ALARM');
    const run = await standby('prod', '--json');
    expect(run.code).toBe(4);
    expect(JSON.parse(run.stdout)).toMatchObject({ verdict: 'failed-over', exitCode: 4, serving: 'standby', servingRegion: 'us-west-2' });
  }, 20_000);

  test('a primary Region that never answers (us-east-1 lost): the standby is still read, the serving Region is unknown, exit 3 within --timeout', async () => {
    fake.hangRegions = ['us-east-1'];
    const run = await standby('prod', '--timeout', '3');
    expect(run.code).toBe(3);
    // Without the deadline the SDK would wait 3 attempts x 10 s; the slack is Node's start-up on a loaded machine.
    expect(run.ms).toBeLessThan(8_000);
    expect(run.stdout).toMatch(
      /^prod \(us-east-1, standby prod-us-west-2 in us-west-2\): UNKNOWN\n {2}serving: unknown: neither Region's Route 53 health is known/,
    );
    expect(run.stdout).toMatch(
      /timed out: DescribeAlarms got no answer from CloudWatch at http:\/\/127\.0\.0\.1:\d+ within the 3 s deadline/,
    );
    expect(run.stdout).toContain('== standby ==\nprod-us-west-2 (us-west-2): HEALTHY');
  }, 20_000);

  test('a standby Region that never answers while the primary serves: unknown (exit 3), the primary still reported', async () => {
    fake.hangRegions = ['us-west-2'];
    const run = await standby('prod', '--timeout', '3');
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('serving: primary (us-east-1)');
    expect(run.stdout).toContain('== primary ==\nprod (us-east-1): HEALTHY');
  }, 20_000);
});

describe('cdk-ha-status usage', () => {
  test('bin/status.js itself answers --help with the exit codes of both kinds of environment', async () => {
    const run = await runCli(['--help'], {}, BIN);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toMatch(/^usage: cdk-ha-status <dev\|staging\|prod/);
    for (const code of ['0   healthy', '3   cannot tell', '4   failed over', '5   down', '64  usage error']) {
      expect(run.stdout).toContain(code);
    }
  }, 20_000);

  test.each(['--help', '-h'])(
    '%s exits 0 with the exit codes and the default deadline',
    async (flag) => {
      const run = await runCli([flag]);
      expect([run.code, run.stderr]).toEqual([0, '']);
      expect(run.stdout).toContain('--timeout SECONDS   overall deadline (default 30)');
      for (const code of ['0   healthy', '1   degraded', '2   impaired', '3   cannot tell', '64  usage error']) {
        expect(run.stdout).toContain(code);
      }
    },
    20_000,
  );

  test.each([
    [['qa'], "cdk-ha-status: unknown environment 'qa'; choose one of: dev, staging, prod"],
    [['prod', '--hours'], "cdk-ha-status: Option '--hours <value>' argument missing; see --help"],
    [['prod', '--jsn'], "cdk-ha-status: Unknown option '--jsn'; see --help"],
    [['prod', '--timeout', 'soon'], 'cdk-ha-status: --timeout soon is not a number above 0 and at most 600'],
    [['prod', '--region', 'mars'], 'cdk-ha-status: --region mars is not an AWS region name such as us-east-1'],
    [['prod', 'staging'], 'cdk-ha-status: one environment at a time, not prod staging'],
  ])(
    '%j exits 64: %s',
    async (args, message) => {
      const run = await runCli(args);
      expect([run.code, run.stdout, run.stderr]).toEqual([64, '', `${message}\n`]);
    },
    20_000,
  );
});
