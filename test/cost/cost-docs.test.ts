import { spawnSync } from 'child_process';
import { readFileSync } from 'fs';
import { join } from 'path';
import { environmentsOfAssembly, estimateCosts, markedBlock, renderCostDocument, renderReadmeCostTable } from '../../lib';
import { synthesizeDefaultApp } from '../cli/synthesized-app';
import { sharedBuild } from '../support/shared-build';

const ROOT = join(__dirname, '..', '..');
const REGENERATE = "run 'npm run synth && npm run cost -- --update-docs' and commit README.md and docs/cost.md";

/** The text as `prettier --write` formats it at that path (prettier's CLI: its plugins load by dynamic import, which Jest's VM refuses). */
function formatted(file: string, text: string): string {
  const run = spawnSync(join(ROOT, 'node_modules', '.bin', 'prettier'), ['--stdin-filepath', join(ROOT, file)], {
    input: text,
    encoding: 'utf8',
  });
  if (run.status !== 0) {
    throw new Error(`prettier failed on ${file}: ${run.stderr}`);
  }
  return run.stdout;
}

describe('the cost tables of the README and docs/cost.md', () => {
  // The default app as `cdk synth '**'` builds it: a standby Stage appears here as soon as a profile sets secondaryRegion.
  const assembly = synthesizeDefaultApp();
  const costs = estimateCosts(environmentsOfAssembly(assembly));
  const cli = (...args: string[]) =>
    spawnSync('node', [join(sharedBuild().directory, 'bin', 'cost-report.js'), ...args], { cwd: ROOT, encoding: 'utf8' });

  test('docs/cost.md is what the templates cost now', () => {
    const expected = formatted('docs/cost.md', renderCostDocument(costs));
    const actual = readFileSync(join(ROOT, 'docs', 'cost.md'), 'utf8');
    if (actual !== expected) {
      throw new Error(`docs/cost.md is out of date with the templates: ${REGENERATE}`);
    }
  });

  test("the README's cost table is what the templates cost now", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const block = markedBlock(readme);
    expect(block).toBeDefined();
    // Formatted inside a minimal document, as prettier formats it inside the README.
    const expected = markedBlock(
      formatted('README.md', `<!-- cost-table:begin -->\n${renderReadmeCostTable(costs)}\n<!-- cost-table:end -->\n`),
    );
    if (block !== expected) {
      throw new Error(`the README's cost table is out of date with the templates: ${REGENERATE}`);
    }
  });

  test('prices every environment of the app, each with a positive total and its unpriced lines named', () => {
    expect(costs.map((c) => c.name)).toEqual(expect.arrayContaining(['dev', 'staging', 'prod']));
    for (const cost of costs) {
      expect(cost.monthlyUsd).toBeGreaterThan(0);
      expect(cost.notAssessed).toEqual([]);
      cost.unpriced.forEach((u) => expect(u).toMatch(/^unpriced: /));
    }
  });

  test('cdk-ha-cost prints the document for an assembly and says on stderr which environments have unpriced lines', () => {
    const run = cli(assembly);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`${renderCostDocument(costs)}\n`);
    const unpriced = costs.filter((c) => c.unpriced.length > 0).map((c) => `${c.name} (${c.unpriced.length})`);
    expect(run.stderr).toBe(
      unpriced.length > 0 ? `cdk-ha-cost: UNPRICED lines, the totals are lower bounds: ${unpriced.join(', ')}\n` : '',
    );
  });

  test('cdk-ha-cost exits 2 with the fix when there is no assembly', () => {
    const run = cli(join(ROOT, 'no-such-cdk.out'));
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("run 'npm run synth' (cdk synth '**') first");
  });
});
