import { execFileSync, spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { cacheTokenRotationCode } from '../../lib/private/cache-token-rotation-code';

/**
 * HaCache's rotation function runs here under python3, as Lambda runs it, against fakes that
 * behave as the AWS documentation describes (test/data/token-rotation-harness.py): Secrets
 * Manager's versions and labels, ElastiCache's ROTATE (old and new accepted, the oldest of two
 * dropped) and SET (only after ROTATE, only the new accepted), a group that refuses changes while
 * not available, and a TLS server per node speaking RESP.
 */
const HARNESS = join(__dirname, 'token-rotation-harness.py');
const INITIAL = 'initial-token-0123456789abcdef';
const FULL = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'].map((step) => ({ step }));

interface Outcome {
  results: Array<{ step?: string; do?: string; ok?: boolean; error?: string; message?: string }>;
  version: string;
  versions: Record<string, { value: string | null; stages: string[] }>;
  groupTokens: string[];
  acceptedByNode: Record<string, string[]>;
  modifyCalls: Array<{ strategy: string; token: string; applyImmediately: boolean; refused?: string }>;
  slept: number;
  probedPorts: number[];
  ports: number[];
}

let dir: string;
let modulePath: string;
let tls: { cert: string; key: string };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'token-rotation-'));
  modulePath = join(dir, 'index.py');
  writeFileSync(modulePath, cacheTokenRotationCode());
  tls = { cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem') };
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost', '-keyout', tls.key, '-out', tls.cert,
  ], { stdio: 'ignore' }); // prettier-ignore
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function rotate(actions: object[], options: { nodes?: number; clusterMode?: boolean } = {}): Outcome {
  const run = spawnSync('python3', [HARNESS, modulePath], {
    input: JSON.stringify({
      tls,
      nodes: options.nodes ?? 3,
      clusterMode: options.clusterMode,
      applyAfterPolls: 2,
      budgetSeconds: 900,
      actions,
    }),
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (run.status !== 0) {
    throw new Error(`harness failed (${run.status}): ${run.stderr}`);
  }
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as Outcome;
}

const steps = (outcome: Outcome) => outcome.results.filter((r) => r.step);
const newToken = (outcome: Outcome) => outcome.versions[outcome.version].value!;

describe('AUTH-token rotation', () => {
  test('a full rotation over TLS leaves only the new token, AWSCURRENT, accepted on every node', () => {
    const outcome = rotate([{ do: 'startRotation' }, ...FULL]);
    expect(steps(outcome).every((r) => r.ok)).toBe(true);
    const token = newToken(outcome);
    expect(token).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(outcome.versions[outcome.version].stages).toEqual(['AWSCURRENT', 'AWSPENDING']);
    expect(outcome.versions.v0).toEqual({ value: INITIAL, stages: ['AWSPREVIOUS'] });
    expect(outcome.modifyCalls).toEqual([
      { call: 'Modify', strategy: 'ROTATE', token, applyImmediately: true },
      { call: 'Modify', strategy: 'SET', token, applyImmediately: true },
    ]);
    expect(outcome.groupTokens).toEqual([token]);
    expect(Object.values(outcome.acceptedByNode)).toEqual([[token], [token], [token]]);
    expect(outcome.probedPorts).toEqual([...outcome.ports].sort((a, b) => a - b)); // every node was tested
  });

  test('cluster mode: the token is tested through the configuration endpoint', () => {
    const outcome = rotate([{ do: 'startRotation' }, ...FULL], { clusterMode: true });
    expect(steps(outcome).every((r) => r.ok)).toBe(true);
    expect(outcome.probedPorts).toEqual([outcome.ports[0]]);
    expect(outcome.groupTokens).toEqual([newToken(outcome)]);
  });

  test('between setSecret and finishSecret both tokens work, and clients still read the old one', () => {
    const outcome = rotate([{ do: 'startRotation' }, ...FULL.slice(0, 3)]);
    expect(steps(outcome).every((r) => r.ok)).toBe(true);
    expect(outcome.groupTokens).toEqual([INITIAL, newToken(outcome)]);
    expect(outcome.versions.v0.stages).toEqual(['AWSCURRENT']);
  });

  test('every step run twice, and the finished rotation run again, change nothing more', () => {
    const twice = FULL.flatMap((step) => [step, step]);
    const outcome = rotate([{ do: 'startRotation' }, ...twice, ...FULL]);
    expect(steps(outcome).every((r) => r.ok)).toBe(true);
    expect(outcome.modifyCalls.map((c) => c.strategy)).toEqual(['ROTATE', 'SET']);
    expect(outcome.groupTokens).toEqual([newToken(outcome)]);
    expect(Object.keys(outcome.versions)).toHaveLength(2);
  });

  test('a group busy with another change: setSecret waits for available, then rotates', () => {
    const outcome = rotate([{ do: 'startRotation' }, FULL[0], { do: 'busy', polls: 4 }, ...FULL.slice(1)]);
    expect(steps(outcome).every((r) => r.ok)).toBe(true);
    expect(outcome.slept).toBeGreaterThanOrEqual(3 * 15);
    expect(outcome.modifyCalls.filter((c) => c.refused)).toEqual([]);
    expect(outcome.groupTokens).toEqual([newToken(outcome)]);
  });

  test('a group busy past the invocation budget: setSecret raises GroupBusy without modifying, and its retry completes', () => {
    const outcome = rotate([
      { do: 'startRotation' },
      FULL[0],
      { do: 'busy', polls: 100 },
      { do: 'budget', seconds: 60 },
      FULL[1],
      { do: 'idle' },
      { do: 'budget', seconds: 900 },
      ...FULL.slice(1),
    ]);
    const [, busy, ...rest] = steps(outcome);
    expect(busy).toMatchObject({ step: 'setSecret', ok: false, error: 'GroupBusy' });
    expect(busy.message).toMatch(/is modifying.*Secrets Manager retries/);
    expect(rest.every((r) => r.ok)).toBe(true);
    expect(outcome.modifyCalls.map((c) => c.strategy)).toEqual(['ROTATE', 'SET']);
  });

  test('a token the group refuses fails testSecret, and AWSCURRENT stays on the old version', () => {
    const outcome = rotate([
      { do: 'startRotation' },
      FULL[0],
      FULL[1],
      { do: 'outOfBandSet', token: 'someone-else-set-this-token-0000' },
      FULL[2],
    ]);
    expect(steps(outcome)[2]).toMatchObject({ step: 'testSecret', ok: false, error: 'TokenRefused' });
    expect(outcome.versions.v0.stages).toEqual(['AWSCURRENT']);
    expect(outcome.versions[outcome.version].stages).toEqual(['AWSPENDING']);
  });

  test('a node that did not take the new token fails testSecret, naming that node', () => {
    const outcome = rotate([{ do: 'startRotation' }, { do: 'lagNode', node: 2 }, ...FULL.slice(0, 3)]);
    const test = steps(outcome)[2];
    expect(test).toMatchObject({ step: 'testSecret', ok: false, error: 'TokenRefused' });
    expect(test.message).toContain(`localhost:${outcome.ports[2]} refuses the pending token`);
    expect(outcome.versions.v0.stages).toEqual(['AWSCURRENT']);
  });

  test('setSecret does not ROTATE when the group refuses the AWSCURRENT token (a ROTATE could drop it)', () => {
    const outcome = rotate([{ do: 'startRotation' }, FULL[0], { do: 'outOfBandSet', token: 'someone-else-set-this-token-0000' }, FULL[1]]);
    expect(steps(outcome)[1]).toMatchObject({ step: 'setSecret', ok: false, error: 'TokenRefused' });
    expect(outcome.modifyCalls).toEqual([]);
  });

  test('finishSecret moves AWSCURRENT before SET; when SET outlasts the invocation, the retry verifies it without a second SET', () => {
    const outcome = rotate([
      { do: 'startRotation' },
      ...FULL.slice(0, 3),
      { do: 'budget', seconds: 50 },
      FULL[3],
      { do: 'budget', seconds: 900 },
      FULL[3],
    ]);
    const [, , , slow, retry] = steps(outcome);
    expect(slow).toMatchObject({ step: 'finishSecret', ok: false, error: 'GroupBusy' });
    expect(retry).toMatchObject({ step: 'finishSecret', ok: true });
    expect(outcome.versions[outcome.version].stages).toContain('AWSCURRENT');
    expect(outcome.modifyCalls.map((c) => c.strategy)).toEqual(['ROTATE', 'SET']);
    expect(outcome.groupTokens).toEqual([newToken(outcome)]);
  });

  test('an unreachable node is an error, never a refused token', () => {
    const probe = spawnSync(
      'python3',
      [
        '-c',
        `import importlib.util as u, sys; s=u.spec_from_file_location('r', sys.argv[1]); m=u.module_from_spec(s); s.loader.exec_module(m); m.authenticates('127.0.0.1', 1, 'x' * 16, use_tls=False)`,
        modulePath,
      ],
      { encoding: 'utf8' },
    );
    expect(probe.status).not.toBe(0);
    expect(probe.stderr).toMatch(/ConnectionRefusedError|OSError/);
  });
});
