import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { sharedBuild } from './support/shared-build';
import { CDK_JSON_CONTEXT } from './support/test-app';

const ROOT = join(__dirname, '..');
// The project compiled once per Jest run, inside the repo so that node_modules resolve (test/support/global-setup.ts).
const BUILD = sharedBuild().directory;

const OUTDIR = mkdtempSync(join(tmpdir(), 'cdk-ha-blueprint-app-'));

/** Runs the compiled app as the CDK CLI would, with cdk.json's context plus the given flags, into OUTDIR. */
function runApp(context: Record<string, string>) {
  return spawnSync('node', [join(BUILD, 'bin', 'app.js')], {
    cwd: ROOT,
    encoding: 'utf8',
    env: {
      ...process.env,
      CDK_OUTDIR: OUTDIR,
      CDK_CONTEXT_JSON: JSON.stringify({ ...CDK_JSON_CONTEXT, ...context }),
      CDK_VALIDATION: 'false',
    },
  });
}

/** `-c env=dev` synthesized into OUTDIR, once for the tests that need it (the app takes seconds). */
let devSynth: ReturnType<typeof runApp> | undefined;
function synthesizeDev() {
  devSynth ??= runApp({ env: 'dev' });
  return devSynth;
}

/** Runs the compiled availability report. */
function runReport(...args: string[]) {
  return spawnSync('node', [join(BUILD, 'bin', 'availability-report.js'), ...args], { cwd: ROOT, encoding: 'utf8' });
}

describe('bin/app', () => {
  afterAll(() => {
    rmSync(OUTDIR, { recursive: true, force: true });
  });

  test('a configuration mistake exits 1 with the message and the fix, not a stack trace', () => {
    const result = runApp({ env: 'qa' });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe("cdk-ha-blueprint: Unknown environment 'qa' (from -c env=qa); choose one of: dev, staging, prod");
  });

  test('-c env=dev synthesizes dev alone', () => {
    const result = synthesizeDev();
    expect([result.status, result.stderr]).toEqual([0, '']);
  }, 30_000);

  test('cdk-ha-report prints what losing each AZ does, and --require-survival fails on a loss not survived', () => {
    expect(synthesizeDev().status).toBe(0);
    const report = runReport(OUTDIR);
    expect(report.status).toBe(0);
    expect(report.stdout).toMatch(
      /^dev: does NOT survive the loss of every single AZ \(us-east-1a, us-east-1b\)\n {2}losing us-east-1a:\n {4}FAIL egress/,
    );
    expect(report.stdout).toMatch(
      /ok {3}web {11}dev-Web\/WebAutoScalingGroupASG\w+: keeps 1 of 2 instances without scaling at worst \(balanced-only, up to 1 in us-east-1a; baseline 1\)/,
    );
    expect(runReport(OUTDIR, '--require-survival').status).toBe(1);
  }, 30_000);

  test('cdk-ha-report explains a missing assembly', () => {
    const result = runReport(join(OUTDIR, 'nothing-here'));
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/no cloud assembly at .*; run 'npm run synth'/);
  });

  test('cdk-ha-status explains its usage without calling AWS', () => {
    const status = (...args: string[]) => spawnSync('node', [join(BUILD, 'bin', 'status.js'), ...args], { cwd: ROOT, encoding: 'utf8' });
    const bare = status();
    expect([bare.status, bare.stderr.trim()]).toEqual([64, 'cdk-ha-status: name an environment: one of dev, staging, prod']);
    const badHours = status('prod', '--hours', 'soon');
    expect([badHours.status, badHours.stderr.trim()]).toEqual([64, 'cdk-ha-status: --hours soon is not a number above 0 and at most 336']);
  });
});
