import { execFileSync } from 'child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

const ROOT = join(__dirname, '..');

// What a user of the npm package gets: the tarball `npm pack` makes (prepack builds it),
// installed beside the peer dependencies, compiled against its .d.ts and run.
describe('the packed npm package', () => {
  const work = mkdtempSync(join(tmpdir(), 'cdk-ha-blueprint-consumer-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('builds and synthesizes a stack with HaNetwork from a separate consumer project', () => {
    const [packed] = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--pack-destination', work], {
        cwd: ROOT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    const files: string[] = packed.files.map((f: { path: string }) => f.path);
    expect(files).toEqual(
      expect.arrayContaining([
        'dist/lib/index.js',
        'dist/lib/index.d.ts',
        'dist/bin/check.js',
        'testing/package.json',
        'package.json',
        'README.md',
      ]),
    );
    expect(files.filter((f) => f.startsWith('test/') || f.startsWith('dist/test/') || (f.endsWith('.ts') && !f.endsWith('.d.ts')))).toEqual(
      [],
    );

    const modules = join(work, 'consumer', 'node_modules');
    mkdirSync(join(modules, 'cdk-ha-blueprint'), { recursive: true });
    execFileSync('tar', ['xzf', join(work, packed.filename), '-C', join(modules, 'cdk-ha-blueprint'), '--strip-components=1']);
    // What npm would install beside it: the peers, and the package's own dependencies.
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    for (const name of [...Object.keys(manifest.peerDependencies), ...Object.keys(manifest.dependencies ?? {})]) {
      mkdirSync(join(modules, name, '..'), { recursive: true });
      symlinkSync(join(ROOT, 'node_modules', name), join(modules, name), 'dir');
    }

    const consumer = join(work, 'consumer');
    writeFileSync(
      join(consumer, 'main.ts'),
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
      join(consumer, 'testing.ts'),
      `import { haGuaranteesMatchers } from 'cdk-ha-blueprint/testing';
console.log(typeof haGuaranteesMatchers.toMeetHaGuarantees);
`,
    );
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, types: [], skipLibCheck: true },
        files: ['main.ts', 'testing.ts'],
      }),
    );
    execFileSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], { cwd: consumer, stdio: 'pipe' });
    const printed = execFileSync('node', ['main.js'], { cwd: consumer, encoding: 'utf8' });
    expect(printed.trim()).toBe('eu-west-1a,eu-west-1b,eu-west-1c');
    expect(execFileSync('node', ['testing.js'], { cwd: consumer, encoding: 'utf8' }).trim()).toBe('function');

    const template = JSON.parse(readFileSync(join(consumer, 'out', 'Consumer.template.json'), 'utf8'));
    const natGateways = Object.values<{ Type: string }>(template.Resources).filter((r) => r.Type === 'AWS::EC2::NatGateway');
    expect(natGateways).toHaveLength(3);
  }, 120_000);
});
