import { execFileSync, spawnSync } from 'child_process';
import { copyFileSync, readFileSync } from 'fs';
import { join } from 'path';
import { compileInConsumer, Consumer, errorsIn, packedConsumer } from './support/packed-consumer';

const ROOT = join(__dirname, '..');
const EXAMPLES = ['single-stack', 'split-stacks'];

describe('examples/ against the packed npm package', () => {
  let consumer: Consumer;
  let compiled = '';
  beforeAll(() => {
    consumer = packedConsumer(); // packed once per run, shared with test/packaging.test.ts
    for (const example of EXAMPLES) {
      copyFileSync(join(ROOT, 'examples', example, 'app.ts'), join(consumer.directory, `example-${example}.ts`));
    }
    compiled = compileInConsumer(
      consumer,
      'tsconfig.examples.json',
      EXAMPLES.map((e) => `example-${e}.ts`),
    );
  }, 240_000);

  // examples/: apps as a team writes them (2 AZs in eu-west-1, three services, MySQL 8.0 in one
  // stack, Aurora PostgreSQL split over two stacks with secrets granted both ways), compiled
  // against the tarball, synthesized with cdk-nag and the guarantees plugin, then gated by the
  // package's own cdk-ha-check as examples/ci runs it.
  test.each(EXAMPLES)('examples/%s compiles, synthesizes offline with no finding, and passes cdk-ha-check', (example) => {
    const dir = consumer.directory;
    const file = `example-${example}.ts`;
    expect(errorsIn(compiled, file)).toEqual([]);
    const outdir = join(consumer.directory, `${example}.out`);
    execFileSync('node', [file.replace(/\.ts$/, '.js')], {
      cwd: dir,
      // Without aws-cdk-lib's CloudFormation validator (~5 s per App; test/stacks/synth-validation.test.ts runs it).
      env: { ...process.env, CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: '{}', CDK_VALIDATION: 'false' },
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
});
