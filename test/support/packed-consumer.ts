import { execFileSync, spawnSync } from 'child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { sharedBuild } from './shared-build';

const ROOT = join(__dirname, '..', '..');
const TSC = join(ROOT, 'node_modules', '.bin', 'tsc');

/** The tarball `npm pack` makes, unpacked into a consumer project beside its peers. */
export interface Consumer {
  /** The consumer project: `node_modules/cdk-ha-blueprint` from the tarball, the peers beside it. */
  readonly directory: string;
  /** The files the tarball holds. */
  readonly files: string[];
}

/**
 * The consumer project of this Jest run, packed once however many suites ask for it: the first
 * suite packs (holding a lock directory), the others wait for its `ready` file. Removed by the
 * run's globalTeardown.
 */
export function packedConsumer(): Consumer {
  const run = process.env.CDK_HA_TEST_RUN;
  if (!run) {
    throw new Error('No test run id: run the tests with the jest.config.js of the repository (its globalSetup sets it)');
  }
  // Outside the repository, so that nothing resolves from its node_modules: only the tarball and its peers.
  const work = packDirectory(run);
  const ready = join(work, 'ready.json');
  try {
    mkdirSync(work, { recursive: false });
  } catch {
    // Another suite packs: wait for it (npm pack with its build takes well under two minutes).
    const deadline = Date.now() + 180_000;
    while (!existsSync(ready)) {
      if (Date.now() > deadline) {
        throw new Error(`The packed consumer at ${work} did not become ready`);
      }
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
    return JSON.parse(readFileSync(ready, 'utf8'));
  }
  try {
    const consumer = pack(work);
    writeFileSync(ready, JSON.stringify(consumer));
    return consumer;
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    throw error;
  }
}

/** Where the run's consumer project lives; global-teardown.ts removes it. */
export function packDirectory(run: string): string {
  return join(tmpdir(), `cdk-ha-blueprint-jest-pack-${run}`);
}

/** What `npm pack` must not see of the repository: installs, builds and outputs. */
const NOT_PACKED = new Set(['.git', 'node_modules', 'dist', '.cache', 'cdk.out']);

/**
 * `npm pack` of the repository as it would run in it, but with the run's shared build as dist/
 * instead of prepack's own tsc (`npm run build`, the same `tsc -p tsconfig.json` with another
 * outDir): a copy of the repository (what npm's `files` and ignore rules choose from) with the
 * build in dist/, packed with `--ignore-scripts`. A build with type errors fails here, as
 * prepack would.
 */
function packRepository(work: string): { filename: string; files: Array<{ path: string }> } {
  const build = sharedBuild();
  if (build.diagnostics.trim() !== '') {
    throw new Error(`tsc reports errors, so prepack (npm run build) would fail:\n${build.diagnostics}`);
  }
  const staged = join(work, 'package');
  for (const entry of readdirSync(ROOT).filter((e) => !NOT_PACKED.has(e))) {
    cpSync(join(ROOT, entry), join(staged, entry), { recursive: true });
  }
  cpSync(build.directory, join(staged, 'dist'), { recursive: true });
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], {
      cwd: staged,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  return packed;
}

function pack(work: string): Consumer {
  const packed = packRepository(work);
  const directory = join(work, 'consumer');
  const modules = join(directory, 'node_modules');
  mkdirSync(join(modules, 'cdk-ha-blueprint'), { recursive: true });
  execFileSync('tar', ['xzf', join(work, packed.filename), '-C', join(modules, 'cdk-ha-blueprint'), '--strip-components=1']);
  // What npm would install beside it: the peers, and the package's own dependencies.
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  for (const name of [...Object.keys(manifest.peerDependencies), ...Object.keys(manifest.dependencies ?? {})]) {
    mkdirSync(join(modules, name, '..'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', name), join(modules, name), 'dir');
  }
  return { directory, files: packed.files.map((f: { path: string }) => f.path) };
}

/**
 * Compiles the given files in the consumer with the package's .d.ts, as a user's strict tsc
 * would, in one tsc run with its own tsconfig file; returns tsc's output (empty when all compiled).
 */
export function compileInConsumer(consumer: Consumer, config: string, files: string[], types: string[] = []): string {
  writeFileSync(
    join(consumer.directory, config),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'commonjs',
        strict: true,
        types,
        typeRoots: [join(ROOT, 'node_modules', '@types')],
        skipLibCheck: true,
      },
      files,
    }),
  );
  const tsc = spawnSync(TSC, ['-p', config], { cwd: consumer.directory, encoding: 'utf8' });
  return `${tsc.stdout}${tsc.stderr}`;
}

/** tsc's diagnostics about one file. */
export function errorsIn(output: string, file: string): string[] {
  return output.split('\n').filter((line) => line.startsWith(`${file}(`));
}
