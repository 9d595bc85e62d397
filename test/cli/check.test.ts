import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { compileClis, CompiledClis } from './compiled-cli';
import { mutatedAssembly, resourcesOf } from './synthesized-app';
import { CAPACITY_PLAN_METADATA, PLACEHOLDER_ACCOUNT } from '../../lib';
import { defaultAppAssembly } from '../support/default-app';

const FIXTURES = join(__dirname, '..', 'fixtures');
const SINGLE_AZ = join(FIXTURES, 'single-az.template.json');

let cli: CompiledClis;
let outdir: string;
let scratch: string;
const prod = () => join(outdir, 'assembly-prod');

beforeAll(() => {
  cli = compileClis('cli-check-test');
  outdir = defaultAppAssembly(); // synthesized once per run, read-only
  scratch = mkdtempSync(join(tmpdir(), 'cdk-ha-check-'));
}, 120_000);
afterAll(() => {
  cli?.remove();
  if (scratch) {
    rmSync(scratch, { recursive: true, force: true });
  }
});

/** The stderr of a failed run is one line naming the problem, never a stack trace. */
function expectOneLine(stderr: string, pattern: RegExp) {
  expect(stderr.trim().split('\n')).toHaveLength(1);
  expect(stderr).toMatch(pattern);
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe('cdk-ha-check', () => {
  test("passes the synthesized prod assembly given with its standby's (exit 0), each Stage's stacks judged together", () => {
    const standby = join(outdir, 'assembly-prod-us-west-2');
    const result = cli.run('check', prod(), standby);
    expect([result.status, result.stderr]).toEqual([0, '']);
    expect(result.stdout).toBe(
      `prod (${prod()}): 7 stack(s), 0 error(s), 0 warning(s)\n  every guarantee holds\n` +
        `prod-us-west-2 (${standby}): 8 stack(s), 0 error(s), 0 warning(s)\n  every guarantee holds\n`,
    );
  });

  test('judges each Stage of a whole cdk.out as its own environment, read through the manifests', () => {
    const result = cli.run('check', outdir);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^dev \(.*assembly-dev\): 6 stack\(s\), 0 error\(s\), 1 warning\(s\)$/m);
    expect(result.stdout).toMatch(/^ {2}warning +HA-NET-001 .*\(acknowledged: dev accepts/m);
    expect(result.stdout).toMatch(/^staging \(.*\): 6 stack\(s\), 0 error\(s\), 0 warning\(s\)$/m);
    expect(result.stdout).toMatch(/^prod \(.*assembly-prod\): 7 stack\(s\), 0 error\(s\), 0 warning\(s\)$/m);
    // prod's standby, its EndpointHealth stack in us-east-1 judged with the rest of its Stage.
    expect(result.stdout).toMatch(/^prod-us-west-2 \(.*assembly-prod-us-west-2\): 8 stack\(s\), 0 error\(s\), 0 warning\(s\)$/m);
  });

  test('judges template files given together as one environment, following references between them', () => {
    // staging: one Region, so its templates alone are the whole environment (prod's pair with its standby).
    const staging = join(outdir, 'assembly-staging');
    const manifest = JSON.parse(readFileSync(join(staging, 'manifest.json'), 'utf8'));
    const templates = Object.values<any>(manifest.artifacts)
      .filter((a) => a.type === 'aws:cloudformation:stack')
      .map((a) => join(staging, a.properties.templateFile));
    expect(templates).toHaveLength(6);
    const together = cli.run('check', '--json', ...templates);
    expect(JSON.parse(together.stdout)).toMatchObject({ environments: [{ name: 'staging', stacks: expect.any(Array) }], errors: 0 });
    expect(together.status).toBe(0);

    // The web stack alone: its load balancer's subnets live in the network stack, so nothing can be proven.
    const alone = cli.run(
      'check',
      templates.find((t) => /Web/.test(t))!,
    );
    expect(alone.status).toBe(1);
    expect(alone.stdout).toMatch(/HA-WEB-002 .*cannot prove/);
  });

  test('rejects a hand-written single-AZ template (exit 1), naming at least four distinct checks', () => {
    const table = cli.run('check', SINGLE_AZ);
    expect(table.status).toBe(1);
    expect(table.stdout).toMatch(/^\(templates\): 1 stack\(s\), \d+ error\(s\), 0 warning\(s\)\n {2}SEVERITY +CHECK +RESOURCE +MESSAGE$/m);

    const json = cli.run('check', '--json', SINGLE_AZ);
    expect(json.status).toBe(1);
    const parsed = JSON.parse(json.stdout);
    const ids = new Set(parsed.environments[0].findings.map((f: { checkId: string }) => f.checkId));
    expect([...ids].sort()).toEqual(expect.arrayContaining(['HA-DATA-001', 'HA-DATA-003', 'HA-WEB-001', 'HA-WEB-002']));
    expect(parsed.errors).toBe(parsed.environments[0].findings.length);
    for (const id of ids) {
      expect(table.stdout).toMatch(new RegExp(`^ {2}ERROR +${id} +single-az/`, 'm'));
    }
  });

  // Bypasses of the construct-level validation that only a judge of the final templates sees.
  test.each<[string, string, RegExp, (template: any) => void]>([
    [
      'every subnet is moved to one AZ',
      'HA-WEB-002',
      /Load balancer \w+ has nodes in 1 AZ\(s\) \(us-east-1a\)/,
      (t) => resourcesOf(t, 'AWS::EC2::Subnet').forEach((s) => (s.Properties.AvailabilityZone = 'us-east-1a')),
    ],
    [
      "the web groups' capacity-plan metadata is removed",
      'HA-WEB-001',
      new RegExp(`${CAPACITY_PLAN_METADATA} metadata \\(the baseline\\) is missing`),
      (t) => resourcesOf(t, 'AWS::AutoScaling::AutoScalingGroup').forEach((g) => delete g.Metadata[CAPACITY_PLAN_METADATA]),
    ],
    [
      'an alarm has ActionsEnabled "false"',
      'HA-MON-001',
      /lacks enabled actions \(ActionsEnabled is false\)/,
      (t) =>
        resourcesOf(t, 'AWS::CloudWatch::Alarm')
          .slice(0, 1)
          .forEach((a) => (a.Properties.ActionsEnabled = 'false')),
    ],
    [
      'the database has MultiAZ "false"',
      'HA-DATA-001',
      /no Multi-AZ standby/,
      (t) =>
        resourcesOf(t, 'AWS::RDS::DBInstance')
          .filter((db) => db.Properties.MultiAZ !== undefined)
          .forEach((db) => (db.Properties.MultiAZ = 'false')),
    ],
  ])('fails prod when %s (exit 1, naming %s)', (_, checkId, detail, mutate) => {
    const mutated = mutatedAssembly(prod(), mutate);
    try {
      const result = cli.run('check', mutated);
      expect(result.status).toBe(1);
      const errors = result.stdout.split('\n').filter((l) => l.startsWith('  ERROR '));
      expect(errors.some((l) => l.includes(` ${checkId} `) && detail.test(l))).toBe(true);
    } finally {
      rmSync(join(mutated, '..'), { recursive: true, force: true });
    }
  });

  test.each<[string, () => string[], RegExp]>([
    ['a file that is not JSON', () => [writeScratch('broken.json', '{ not json')], /broken\.json: not valid JSON/],
    ['a path that does not exist', () => [join(scratch, 'missing.template.json')], /missing\.template\.json: no such file or directory/],
    ['a JSON file that is not a template', () => [writeScratch('not-a-template.json', '{"hello": 1}')], /not a CloudFormation template/],
    ['a folder of templates without a manifest', () => [folderWithoutManifest()], /not a cloud assembly \(no manifest\.json\)/],
    ['an assembly whose manifest names a template that is gone', () => [staleAssembly()], /prodWeb\w+\.template\.json: no such file/],
    ['an assembly with no stacks', () => [emptyAssembly()], /holds no stacks/],
  ])('exits 2 with one line on %s', (_, args, message) => {
    const result = cli.run('check', ...args());
    expect([result.status, result.stdout]).toEqual([2, '']);
    expectOneLine(result.stderr, message);
  });

  test('exits 2 on bad usage and 0 on --help', () => {
    const none = cli.run('check');
    expect(none.status).toBe(2);
    expectOneLine(none.stderr, /^cdk-ha-check: no path given; usage: cdk-ha-check/);
    const unknown = cli.run('check', '--strict', prod());
    expect(unknown.status).toBe(2);
    expectOneLine(unknown.stderr, /^cdk-ha-check: unknown option --strict/);
    const help = cli.run('check', '--help');
    expect([help.status, help.stderr]).toEqual([0, '']);
    expect(help.stdout).toMatch(
      /^usage: cdk-ha-check \[--json\] <path>\.\.\.\n[\s\S]*Exit status: 0 no error finding, 1 error findings, 2/,
    );
  });
});

describe("cdk-ha-check on prod's warm standby and its primary", () => {
  // The default app's prod opts into its us-west-2 standby, with failover records (docs/adr/0080, 0081).
  const pairOut = () => outdir;
  const standby = () => join(outdir, 'assembly-prod-us-west-2');

  test('judges the pair in a whole cdk.out (exit 0): every tier is in the standby, nothing is declared pending', () => {
    const result = cli.run('check', pairOut());
    expect([result.status, result.stderr]).toEqual([0, '']);
    expect(result.stdout).toMatch(/^prod \(.*assembly-prod\): 7 stack\(s\), 0 error\(s\), 0 warning\(s\)$/m);
    expect(result.stdout).toMatch(/^prod-us-west-2 \(.*assembly-prod-us-west-2\): 8 stack\(s\), 0 error\(s\), 0 warning\(s\)$/m);
  });

  test('cdk-ha-report prints what losing the primary Region costs, for both sides of the pair', () => {
    const result = cli.run('availability-report', pairOut());
    expect(result.status).toBe(0);
    const lines = result.stdout.split('\n').filter((l) => l.startsWith('  losing us-east-1:'));
    // RPO: the lag alarm's 300 s + 3 minutes; RTO: 90 s detection + 60 s DNS + 600 s promotion + 300 s scale-up.
    expect(lines).toEqual([
      '  losing us-east-1: prod-us-west-2 takes over, RTO 1050 s, RPO 480 s; not in the standby: nothing',
      '  losing us-east-1: prod-us-west-2 takes over, RTO 1050 s, RPO 480 s; not in the standby: nothing',
    ]);
  });

  test("fails closed on the standby's assembly alone (exit 1): the primary Region's templates were not given", () => {
    const result = cli.run('check', '--json', standby());
    expect([result.status, result.stderr]).toEqual([1, '']);
    const [environment] = JSON.parse(result.stdout).environments;
    const errors = environment.findings.filter((f: { severity: string }) => f.severity === 'error');
    expect(errors.map((f: { checkId: string }) => f.checkId)).toEqual([
      'HA-AVL-002',
      'HA-REG-001',
      'HA-REG-002',
      'HA-REG-003',
      'HA-REG-004',
    ]);
    for (const f of errors) {
      expect(f.message).toMatch(
        /^cannot prove .*: the other Region's templates were not given: prod-us-west-2 stands by for prod in us-east-1/,
      );
    }
  });

  test("fails the pair when the standby's replica uses a key of the primary Region (exit 1, HA-REG-004)", () => {
    const mutated = mutatedAssembly(standby(), (t) =>
      resourcesOf(t, 'AWS::RDS::DBInstance').forEach(
        (db) => (db.Properties.KmsKeyId = `arn:aws:kms:us-east-1:${PLACEHOLDER_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`),
      ),
    );
    try {
      const result = cli.run('check', join(pairOut(), 'assembly-prod'), mutated);
      expect(result.status).toBe(1);
      expect(result.stdout).toMatch(
        /^ {2}ERROR +HA-REG-004 +prod-us-west-2-StandbyData\/Replica\w+ +KmsKeyId of Replica\w+ is a key of us-east-1/m,
      );
    } finally {
      rmSync(join(mutated, '..'), { recursive: true, force: true });
    }
  });
});

describe('cdk-ha-report', () => {
  test('exits 2 with one line on a stale assembly: its manifest names a template that is gone', () => {
    const result = cli.run('availability-report', staleAssembly());
    expect(result.status).toBe(2);
    expectOneLine(result.stderr, /^cdk-ha-report: .*prodWeb\w+\.template\.json: no such file; run 'npm run synth'/);
  });

  test('exits 2 on an assembly with no stacks', () => {
    const result = cli.run('availability-report', emptyAssembly());
    expect(result.status).toBe(2);
    expectOneLine(result.stderr, /holds no stacks/);
  });
});

function writeScratch(name: string, content: string): string {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
}

/** A copy of prod's assembly whose Web template was deleted after synthesis (a half-cleaned cdk.out). */
function staleAssembly(): string {
  const copy = mutatedAssembly(prod(), () => undefined);
  const manifest = JSON.parse(readFileSync(join(copy, 'manifest.json'), 'utf8'));
  const web = Object.values<any>(manifest.artifacts).find((a) => a.type === 'aws:cloudformation:stack' && /Web/.test(a.displayName));
  rmSync(join(copy, web.properties.templateFile));
  return copy;
}

/** An assembly whose manifest lists no stack: templates lying in the folder are not read. */
function emptyAssembly(): string {
  const dir = join(scratch, `empty-${Math.random().toString(36).slice(2)}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ version: '48.0.0', artifacts: {} }));
  writeFileSync(join(dir, 'Stray.template.json'), readFileSync(SINGLE_AZ));
  return dir;
}

function folderWithoutManifest(): string {
  const dir = join(scratch, 'templates-only');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'single-az.template.json'), readFileSync(SINGLE_AZ));
  return dir;
}
