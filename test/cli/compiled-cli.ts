import { spawnSync, SpawnSyncReturns } from 'child_process';
import { join } from 'path';
import { sharedBuild } from '../support/shared-build';

const ROOT = join(__dirname, '..', '..');

/** The CLIs as compiled by `tsc`, run as a user runs them. */
export interface CompiledClis {
  /** Runs `bin/<script>.js` of the build with the arguments, from the repository root. */
  run(script: 'check' | 'availability-report', ...args: string[]): SpawnSyncReturns<string>;
  /** Nothing to remove: the build is shared by the Jest run and removed by its globalTeardown. */
  remove(): void;
}

/**
 * The CLI entry points of the project build compiled once per Jest run (test/support/global-setup.ts),
 * inside the repository so that node_modules resolve, apart from dist/ (which the packaging test
 * rebuilds at the same time). tsc emits every file even when another one has a type error, so a
 * test that does not compile elsewhere cannot stop these from running.
 */
export function compileClis(_label: string): CompiledClis {
  const build = sharedBuild().directory;
  return {
    run: (script, ...args) => spawnSync('node', [join(build, 'bin', `${script}.js`), ...args], { cwd: ROOT, encoding: 'utf8' }),
    remove: () => undefined,
  };
}
