import { execFileSync } from 'child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { compileInConsumer, Consumer, errorsIn, packedConsumer } from './support/packed-consumer';
import { readmeTypeScriptBlocks } from './support/readme-blocks';

const ROOT = join(__dirname, '..');

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
  // The README and the documents it links to in docs/ (the ADRs hold no runnable examples).
  const documents = [
    'README.md',
    ...readdirSync(join(ROOT, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ];
  const blocks = documents.flatMap((document) =>
    readmeTypeScriptBlocks(readFileSync(join(ROOT, document), 'utf8')).map((block) => ({ ...block, document })),
  );
  // A block written for a test runner gets the runner's globals: jest's types, and at run time jest's own expect.
  const usesJest = (code: string) => /\b(expect|test)\(/.test(code);
  const readmeFile = (i: number) => `readme-${i + 1}.ts`;
  let consumer: Consumer;
  let compiled = '';
  beforeAll(() => {
    consumer = packedConsumer();
    const dir = consumer.directory;
    writeFileSync(join(dir, 'main.ts'), MAIN);
    writeFileSync(join(dir, 'testing.ts'), TESTING);
    blocks.forEach((block, i) => writeFileSync(join(dir, readmeFile(i)), block.code));
    // Two tsc runs in all: plain consumer code, and code written for Jest.
    const plain = ['main.ts', 'testing.ts', ...blocks.map((b, i) => (usesJest(b.code) ? undefined : readmeFile(i)))];
    const withJest = blocks.map((b, i) => (usesJest(b.code) ? readmeFile(i) : undefined));
    compiled = compileInConsumer(
      consumer,
      'tsconfig.readme.json',
      plain.filter((f): f is string => f !== undefined),
    );
    const jestFiles = withJest.filter((f): f is string => f !== undefined);
    if (jestFiles.length > 0) {
      compiled += compileInConsumer(consumer, 'tsconfig.jest.json', jestFiles, ['jest']);
    }
  }, 240_000);
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

  // Every `ts` block of the README and docs/, pasted as is into a project that has only the package and its
  // peers: compiled, then run as the CDK CLI runs an app (CDK_OUTDIR set, so the App synthesizes
  // itself on exit), with no context but what the block gives. Synthesis fails on any validation
  // finding the block's plugins report; a missing lookup would mean a real user's synth stops offline.
  describe('README and docs examples', () => {
    test('the README and docs have their examples', () => {
      expect(blocks.filter((b) => b.document === 'README.md').length).toBeGreaterThanOrEqual(1);
      expect(blocks.length).toBeGreaterThanOrEqual(4);
    });

    test.each(blocks.map((block, i) => [i + 1, block.document, block.line, block] as const))(
      'block %i (%s line %i) compiles and synthesizes offline with no finding',
      (i, _document, _line, block) => {
        const dir = consumer.directory;
        const file = readmeFile(i - 1);
        expect(errorsIn(compiled, file)).toEqual([]);
        const outdir = join(consumer.directory, `readme-${i}.out`);
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
          // Without aws-cdk-lib's CloudFormation validator (~5 s per App; test/stacks/synth-validation.test.ts runs it).
          env: { ...process.env, CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: '{}', CDK_VALIDATION: 'false' },
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
