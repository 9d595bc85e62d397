#!/usr/bin/env node
import { existsSync, readFileSync, writeFileSync } from 'fs';
import { estimateCosts } from '../lib/cost/estimate-cost';
import { renderCostDocument, renderReadmeCostTable, replaceMarkedBlock } from '../lib/cost/render-cost';
import { environmentsOfAssembly, UnreadableInputError } from '../lib/guarantees/model/load-environments';

// Usage: cdk-ha-cost [cdk.out] [--update-docs]
// Prints the monthly on-demand cost of every environment (Stage) of a synthesized cloud assembly,
// line by line, from its templates. With --update-docs (run from the repository root), writes
// docs/cost.md and the README's cost table instead; test/cost/cost-docs.test.ts checks they match.
const args = process.argv.slice(2);
const updateDocs = args.includes('--update-docs');
const outdir = args.find((a) => !a.startsWith('--')) ?? 'cdk.out';
if (!existsSync(outdir)) {
  console.error(`cdk-ha-cost: no cloud assembly at '${outdir}'; run 'npm run synth' (cdk synth '**') first`);
  process.exit(2);
}
try {
  const costs = estimateCosts(environmentsOfAssembly(outdir));
  if (costs.length === 0) {
    console.error(`cdk-ha-cost: the assembly at '${outdir}' holds no stacks; run 'npm run synth' (cdk synth '**') again`);
    process.exit(2);
  }
  const document = renderCostDocument(costs);
  if (updateDocs) {
    // Formatted as `prettier --write` would, so that the files pass `prettier --check` and the docs test as written.
    const readme = replaceMarkedBlock(readFileSync('README.md', 'utf8'), renderReadmeCostTable(costs));
    void Promise.all([formatMarkdown('docs/cost.md', document), formatMarkdown('README.md', readme)]).then(([doc, top]) => {
      writeFileSync('docs/cost.md', doc);
      writeFileSync('README.md', top);
      console.log('cdk-ha-cost: wrote docs/cost.md and the cost table of README.md');
    });
  } else {
    console.log(document);
  }
  const unpriced = costs.filter((c) => c.unpriced.length > 0).map((c) => `${c.name} (${c.unpriced.length})`);
  if (unpriced.length > 0) {
    // Loud on stderr too, so that a pipeline reading only the total sees it is a lower bound.
    console.error(`cdk-ha-cost: UNPRICED lines, the totals are lower bounds: ${unpriced.join(', ')}`);
  }
} catch (error) {
  if (error instanceof UnreadableInputError) {
    console.error(`cdk-ha-cost: ${error.message}; run 'npm run synth' (cdk synth '**') again`);
    process.exit(2);
  }
  throw error;
}

/** The text as the repository's prettier formats it (a development dependency: run from the repository). */
async function formatMarkdown(filepath: string, text: string): Promise<string> {
  const prettier = await import('prettier');
  return prettier.format(text, { ...(await prettier.resolveConfig(filepath)), filepath });
}
