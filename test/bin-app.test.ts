import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { CDK_JSON_CONTEXT } from './support/test-app';

const ROOT = join(__dirname, '..');
// A build of its own, inside the repo so that node_modules resolve, and apart from dist/, which
// the packaging test's `npm pack` rebuilds at the same time.
const BUILD = join(ROOT, '.cache', `bin-app-test-${process.pid}`);

/** Runs the compiled app as the CDK CLI would, with cdk.json's context plus the given flags. */
function runApp(context: Record<string, string>) {
  const outdir = mkdtempSync(join(tmpdir(), 'cdk-ha-blueprint-app-'));
  try {
    return spawnSync('node', [join(BUILD, 'bin', 'app.js')], {
      cwd: ROOT,
      encoding: 'utf8',
      env: {
        ...process.env,
        CDK_OUTDIR: outdir,
        CDK_CONTEXT_JSON: JSON.stringify({ ...CDK_JSON_CONTEXT, ...context }),
        CDK_VALIDATION: 'false',
      },
    });
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

describe('bin/app', () => {
  beforeAll(() => {
    const build = spawnSync('npx', ['tsc', '-p', 'tsconfig.json', '--outDir', BUILD], { cwd: ROOT, encoding: 'utf8' });
    expect(build.status).toBe(0);
  }, 60_000);
  afterAll(() => rmSync(BUILD, { recursive: true, force: true }));

  test('a configuration mistake exits 1 with the message and the fix, not a stack trace', () => {
    const result = runApp({ env: 'qa' });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe("cdk-ha-blueprint: Unknown environment 'qa' (from -c env=qa); choose one of: dev, staging, prod");
  });

  test('-c env=dev synthesizes dev alone', () => {
    const result = runApp({ env: 'dev' });
    expect([result.status, result.stderr]).toEqual([0, '']);
  }, 30_000);
});
