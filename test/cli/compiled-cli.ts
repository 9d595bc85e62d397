import { spawnSync, SpawnSyncReturns } from 'child_process';
import { rmSync } from 'fs';
import { join } from 'path';

const ROOT = join(__dirname, '..', '..');

/** The CLIs compiled by `tsc` for one test file, run as a user runs them. */
export interface CompiledClis {
  /** Runs `dist/bin/<script>.js` of this build with the arguments, from the repository root. */
  run(script: 'check' | 'availability-report', ...args: string[]): SpawnSyncReturns<string>;
  /** Removes the build. */
  remove(): void;
}

/**
 * Compiles the CLI entry points (and what they import, nothing else) into a build of their own,
 * inside the repository so that node_modules resolve, apart from dist/ (which the packaging test
 * rebuilds at the same time). Test files are left out, so a test that does not compile elsewhere
 * cannot stop these from running.
 */
export function compileClis(label: string): CompiledClis {
  const build = join(ROOT, '.cache', `${label}-${process.pid}`);
  const entries = ['bin/check.ts', 'bin/availability-report.ts'];
  const options = ['--target', 'ES2022', '--module', 'commonjs', '--strict', '--esModuleInterop', '--skipLibCheck', '--types', 'node'];
  const tsc = spawnSync('npx', ['tsc', '--ignoreConfig', ...entries, ...options, '--rootDir', '.', '--outDir', build], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (tsc.status !== 0) {
    rmSync(build, { recursive: true, force: true });
    throw new Error(`tsc failed to compile the CLIs:\n${tsc.stdout}${tsc.stderr}`);
  }
  return {
    run: (script, ...args) => spawnSync('node', [join(build, 'bin', `${script}.js`), ...args], { cwd: ROOT, encoding: 'utf8' }),
    remove: () => rmSync(build, { recursive: true, force: true }),
  };
}
