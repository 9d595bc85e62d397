import { execFileSync, spawnSync } from 'child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { readmeTypeScriptBlocks } from './support/readme-blocks';

const ROOT = join(__dirname, '..');
const TSC = join(ROOT, 'node_modules', '.bin', 'tsc');
const EXAMPLES = ['single-stack', 'split-stacks'];

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

/**
 * Compiles the given files in the consumer with the package's .d.ts, as a user's strict tsc
 * would, in one tsc run; returns tsc's output (empty when everything compiled).
 */
function compile(consumer: Consumer, config: string, files: string[], types: string[] = []): string {
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
function errorsIn(output: string, file: string): string[] {
  return output.split('\n').filter((line) => line.startsWith(`${file}(`));
}

const MAIN = `import { App, Stack } from 'aws-cdk-lib';
import { HaNetwork } from 'cdk-ha-blueprint';
const app = new App({ outdir: 'out', builtinCloudFormationValidation: false });
const stack = new Stack(app, 'Consumer', { env: { account: '123456789012', region: 'eu-west-1' } });
const network = new HaNetwork(stack, 'Network', { availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] });
const azs: string[] = network.availabilityZones;
console.log(azs.join(','));
app.synth();
`;

// The test helpers' entry point, as a user's test suite imports it.
const TESTING = `import { haGuaranteesMatchers } from 'cdk-ha-blueprint/testing';
console.log(typeof haGuaranteesMatchers.toMeetHaGuarantees);
`;

describe('the packed npm package', () => {
  const work = mkdtempSync(join(tmpdir(), 'cdk-ha-blueprint-consumer-'));
  const blocks = readmeTypeScriptBlocks(readFileSync(join(ROOT, 'README.md'), 'utf8'));
  // A block written for a test runner gets the runner's globals: jest's types, and at run time jest's own expect.
  const usesJest = (code: string) => /\b(expect|test)\(/.test(code);
  const readmeFile = (i: number) => `readme-${i + 1}.ts`;
  let consumer: Consumer;
  let compiled = '';
  beforeAll(() => {
    consumer = packIntoConsumer(work);
    const dir = consumer.directory;
    writeFileSync(join(dir, 'main.ts'), MAIN);
    writeFileSync(join(dir, 'testing.ts'), TESTING);
    blocks.forEach((block, i) => writeFileSync(join(dir, readmeFile(i)), block.code));
    for (const example of EXAMPLES) {
      copyFileSync(join(ROOT, 'examples', example, 'app.ts'), join(dir, `example-${example}.ts`));
    }
    // Two tsc runs in all: plain consumer code, and code written for Jest.
    const plain = [
      'main.ts',
      'testing.ts',
      ...EXAMPLES.map((e) => `example-${e}.ts`),
      ...blocks.map((b, i) => (usesJest(b.code) ? undefined : readmeFile(i))),
    ];
    const withJest = blocks.map((b, i) => (usesJest(b.code) ? readmeFile(i) : undefined));
    compiled = compile(
      consumer,
      'tsconfig.json',
      plain.filter((f): f is string => f !== undefined),
    );
    const jestFiles = withJest.filter((f): f is string => f !== undefined);
    if (jestFiles.length > 0) {
      compiled += compile(consumer, 'tsconfig.jest.json', jestFiles, ['jest']);
    }
  }, 180_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  test('ships the compiled library, the CLIs, the test entry point, the README, LICENSE and CHANGELOG, and no sources or tests', () => {
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
    expect([...errorsIn(compiled, 'main.ts'), ...errorsIn(compiled, 'testing.ts')]).toEqual([]);
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
  // examples/: apps as a team writes them (2 AZs in eu-west-1, three services, MySQL 8.0 in one
  // stack, Aurora PostgreSQL split over two stacks with secrets granted both ways), compiled
  // against the tarball, synthesized with cdk-nag and the guarantees plugin, then gated by the
  // package's own cdk-ha-check as examples/ci runs it.
  test.each(EXAMPLES)('examples/%s compiles, synthesizes offline with no finding, and passes cdk-ha-check', (example) => {
    const dir = consumer.directory;
    const file = `example-${example}.ts`;
    expect(errorsIn(compiled, file)).toEqual([]);
    const outdir = join(work, `${example}.out`);
    execFileSync('node', [file.replace(/\.ts$/, '.js')], {
      cwd: dir,
      env: { ...process.env, CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: '{}' },
      stdio: 'pipe',
    });
    const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8'));
    expect(manifest.missing ?? []).toEqual([]);
    const stacks = Object.values<{ type: string }>(manifest.artifacts).filter((a) => a.type === 'aws:cloudformation:stack');
    expect(stacks).toHaveLength(example === 'split-stacks' ? 2 : 1);
    const gate = spawnSync('node', [join(dir, 'node_modules', 'cdk-ha-blueprint', 'dist', 'bin', 'check.js'), outdir], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect([gate.status, gate.stdout]).toEqual([0, expect.stringMatching(/0 error\(s\)/)]);
  });

  describe('README examples', () => {
    test('the README has its examples', () => {
      expect(blocks.length).toBeGreaterThanOrEqual(3);
    });

    test.each(blocks.map((block, i) => [i + 1, block.line, block] as const))(
      'block %i (README line %i) compiles and synthesizes offline with no finding',
      (i, _line, block) => {
        const dir = consumer.directory;
        const file = readmeFile(i - 1);
        expect(errorsIn(compiled, file)).toEqual([]);
        const outdir = join(work, `readme-${i}.out`);
        const preload = join(dir, 'jest-globals.js');
        writeFileSync(
          preload,
          `const { expect } = require(${JSON.stringify(require.resolve('expect'))});
globalThis.expect = expect;
globalThis.test = (name, fn) => fn();
`,
        );
        execFileSync('node', [...(usesJest(block.code) ? ['-r', preload] : []), file.replace(/\.ts$/, '.js')], {
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
