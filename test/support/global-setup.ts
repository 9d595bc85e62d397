import { spawnSync } from 'child_process';
import { mkdirSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';

const ROOT = join(__dirname, '..', '..');

/**
 * Compiles the project once per Jest run, for the tests that spawn the compiled app and CLIs
 * (bin-app, cdk-ha-check, cdk-ha-status): one `tsc` instead of one per test file. The build is
 * apart from dist/, which the packaging test's `npm pack` rebuilds at the same time. tsc emits
 * even when some file has a type error; its diagnostics are kept beside the build for the tests
 * that assert a clean compile.
 */
export default function globalSetup(): void {
  const build = join(ROOT, '.cache', `jest-build-${process.pid}`);
  rmSync(build, { recursive: true, force: true });
  mkdirSync(join(ROOT, '.cache'), { recursive: true });
  const tsc = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json', '--outDir', build], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  writeFileSync(join(ROOT, '.cache', `jest-build-${process.pid}.diagnostics`), `${tsc.stdout ?? ''}${tsc.stderr ?? ''}`);
  process.env.CDK_HA_TEST_BUILD = build;
  // Names what suites share for this run only, such as the packed consumer (packed-consumer.ts).
  process.env.CDK_HA_TEST_RUN = String(process.pid);
}
