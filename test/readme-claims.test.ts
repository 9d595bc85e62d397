import { readFileSync } from 'fs';
import { join } from 'path';
import { defaultAppAssembly } from './support/default-app';

const README = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');

/** The README's figures for losing prod's Region are the ones the availability report computes. */
describe("the README's Region-loss claim", () => {
  const report = JSON.parse(readFileSync(join(defaultAppAssembly(), 'assembly-prod-us-west-2', 'availability-report.json'), 'utf8'));
  const seconds = (text: string) => Number(text.replace(/,/g, ''));
  const claim = /RTO ([\d,]+) s and RPO ([\d,]+) s against prod's policy of\s+(\d+) and (\d+) minutes/.exec(README);

  test('states RTO, RPO and the policy', () => {
    expect(claim).not.toBeNull();
  });

  test('matches the estimate and the policy of the standby report', () => {
    const [, rto, rpo, maxRto, maxRpo] = claim!;
    expect([seconds(rto), seconds(rpo)]).toEqual([report.regionLoss.estimate.rtoSeconds, report.regionLoss.estimate.rpoSeconds]);
    expect([Number(maxRto) * 60, Number(maxRpo) * 60]).toEqual([
      report.regionLoss.policy.maxRtoSeconds,
      report.regionLoss.policy.maxRpoSeconds,
    ]);
  });

  test('counts the stacks the default app synthesizes', () => {
    const stacks = /standby \((\d+) stacks\)/.exec(README);
    const manifest = (dir: string) => JSON.parse(readFileSync(join(defaultAppAssembly(), dir, 'manifest.json'), 'utf8'));
    const count = ['dev', 'staging', 'prod', 'prod-us-west-2']
      .map(
        (env) =>
          Object.values<{ type: string }>(manifest(`assembly-${env}`).artifacts).filter((a) => a.type === 'aws:cloudformation:stack')
            .length,
      )
      .reduce((a, b) => a + b, 0);
    expect(Number(stacks?.[1])).toBe(count);
  });
});
