import { spawn } from 'child_process';
import { mkdirSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { DEFAULT_APP_VARIABLE, synthesizeDefaultApp } from './default-app';

const ROOT = join(__dirname, '..', '..');

/**
 * Prepares what the suites share for one Jest run, on both cores at once:
 *
 * - One `tsc` build of the project, for the tests that spawn the compiled app and CLIs (bin-app,
 *   cdk-ha-check, cdk-ha-status) and for the packed npm package (packed-consumer.ts): one `tsc`
 *   instead of one per test file. The build is apart from dist/, so a run never changes what a
 *   developer built. tsc emits even when some file has a type error; its diagnostics are kept
 *   beside the build for the tests that assert a clean compile.
 * - One synthesis of the default app (dev, staging, prod), read-only, for the suites that only
 *   read its templates (default-app.ts), in this process while tsc runs in its own.
 */
export default async function globalSetup(): Promise<void> {
  const run = String(process.pid);
  const cache = join(ROOT, '.cache');
  const build = join(cache, `jest-build-${run}`);
  const synth = join(cache, `jest-synth-${run}`);
  rmSync(build, { recursive: true, force: true });
  rmSync(synth, { recursive: true, force: true });
  mkdirSync(cache, { recursive: true });

  const compiled = compile(build);
  try {
    synthesizeDefaultApp(synth);
  } catch (error) {
    // Not fatal to the run: the suites that read the default app fail with this, the others run.
    writeFileSync(`${synth}.error`, error instanceof Error ? (error.stack ?? error.message) : String(error));
  }
  writeFileSync(`${build}.diagnostics`, await compiled);

  process.env.CDK_HA_TEST_BUILD = build;
  process.env[DEFAULT_APP_VARIABLE] = synth;
  // Names what suites share for this run only, such as the packed consumer (packed-consumer.ts).
  process.env.CDK_HA_TEST_RUN = run;
}

/** Runs `tsc -p tsconfig.json --outDir <build>` in a child process; resolves to what it printed. */
function compile(build: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const tsc = spawn(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json', '--outDir', build], { cwd: ROOT });
    let output = '';
    tsc.stdout.setEncoding('utf8');
    tsc.stderr.setEncoding('utf8');
    tsc.stdout.on('data', (chunk) => (output += chunk));
    tsc.stderr.on('data', (chunk) => (output += chunk));
    tsc.on('error', reject);
    tsc.on('close', () => resolve(output));
  });
}
