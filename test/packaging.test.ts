import { execFileSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { readmeTypeScriptBlocks } from './support/readme-blocks';

const ROOT = join(__dirname, '..');
const TSC = join(ROOT, 'node_modules', '.bin', 'tsc');

/** The tarball `npm pack` makes (prepack builds it), unpacked into a consumer project beside its peers. Packed once per run. */
interface Consumer {
  readonly directory: string;
  readonly files: string[];
}

function packIntoConsumer(work: string): Consumer {
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', work], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
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

/** Compiles the given files in the consumer with the package's .d.ts, as a user's strict tsc would. */
function compile(consumer: Consumer, files: string[], types: string[] = []): void {
  writeFileSync(
    join(consumer.directory, 'tsconfig.json'),
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
  execFileSync(TSC, ['-p', 'tsconfig.json'], { cwd: consumer.directory, stdio: 'pipe' });
}

describe('the packed npm package', () => {
  const work = mkdtempSync(join(tmpdir(), 'cdk-ha-blueprint-consumer-'));
  let consumer: Consumer;
  beforeAll(() => {
    consumer = packIntoConsumer(work);
  }, 120_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('ships the compiled library, the CLIs, the test entry point, the README and the LICENSE, and no sources or tests', () => {
    expect(consumer.files).toEqual(
      expect.arrayContaining([
        'dist/lib/index.js',
        'dist/lib/index.d.ts',
        'dist/bin/check.js',
        'testing/package.json',
        'package.json',
        'README.md',
        'LICENSE',
      ]),
    );
    expect(
      consumer.files.filter((f) => f.startsWith('test/') || f.startsWith('dist/test/') || (f.endsWith('.ts') && !f.endsWith('.d.ts'))),
    ).toEqual([]);
  });

  test('builds and synthesizes a stack with HaNetwork from a separate consumer project', () => {
    const dir = consumer.directory;
    writeFileSync(
      join(dir, 'main.ts'),
      `import { App, Stack } from 'aws-cdk-lib';
import { HaNetwork } from 'cdk-ha-blueprint';
const app = new App({ outdir: 'out', builtinCloudFormationValidation: false });
const stack = new Stack(app, 'Consumer', { env: { account: '123456789012', region: 'eu-west-1' } });
const network = new HaNetwork(stack, 'Network', { availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] });
const azs: string[] = network.availabilityZones;
console.log(azs.join(','));
app.synth();
`,
    );
    // The test helpers' entry point, as a user's test suite imports it.
    writeFileSync(
      join(dir, 'testing.ts'),
      `import { haGuaranteesMatchers } from 'cdk-ha-blueprint/testing';
console.log(typeof haGuaranteesMatchers.toMeetHaGuarantees);
`,
    );
    compile(consumer, ['main.ts', 'testing.ts']);
    const printed = execFileSync('node', ['main.js'], { cwd: dir, encoding: 'utf8' });
    expect(printed.trim()).toBe('eu-west-1a,eu-west-1b,eu-west-1c');
    expect(execFileSync('node', ['testing.js'], { cwd: dir, encoding: 'utf8' }).trim()).toBe('function');

    const template = JSON.parse(readFileSync(join(dir, 'out', 'Consumer.template.json'), 'utf8'));
    const natGateways = Object.values<{ Type: string }>(template.Resources).filter((r) => r.Type === 'AWS::EC2::NatGateway');
    expect(natGateways).toHaveLength(3);
  });

  // Every `ts` block of the README, pasted as is into a project that has only the package and its
  // peers: compiled, then run as the CDK CLI runs an app (CDK_OUTDIR set, so the App synthesizes
  // itself on exit), with no context but what the block gives. Synthesis fails on any validation
  // finding the block's plugins report; a missing lookup would mean a real user's synth stops offline.
  describe('README examples', () => {
    const blocks = readmeTypeScriptBlocks(readFileSync(join(ROOT, 'README.md'), 'utf8'));

    test('the README has its examples', () => {
      expect(blocks.length).toBeGreaterThanOrEqual(3);
    });

    test.each(blocks.map((block, i) => [i + 1, block.line, block] as const))(
      'block %i (README line %i) compiles and synthesizes offline with no finding',
      (i, _line, block) => {
        const dir = consumer.directory;
        const file = `readme-${i}.ts`;
        writeFileSync(join(dir, file), block.code);
        // A block written for a test runner gets the runner's globals: jest's types, and at run time jest's own expect.
        const usesJest = /\b(expect|test)\(/.test(block.code);
        compile(consumer, [file], usesJest ? ['jest'] : []);
        const outdir = join(work, `readme-${i}.out`);
        const preload = join(dir, 'jest-globals.js');
        writeFileSync(
          preload,
          `const { expect } = require(${JSON.stringify(require.resolve('expect'))});
globalThis.expect = expect;
globalThis.test = (name, fn) => fn();
`,
        );
        execFileSync('node', [...(usesJest ? ['-r', preload] : []), file.replace(/\.ts$/, '.js')], {
          cwd: dir,
          env: { ...process.env, CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: '{}' },
          stdio: 'pipe',
        });
        if (existsSync(join(outdir, 'manifest.json'))) {
          const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8'));
          expect(manifest.missing ?? []).toEqual([]);
        }
      },
    );
  });
});
