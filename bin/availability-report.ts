#!/usr/bin/env node
import { existsSync, readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { availabilityReport, renderAvailabilityReport } from '../lib/guarantees/availability-report';
import { CfnTemplate } from '../lib/guarantees/template-model';

// Usage: cdk-ha-report [cdk.out] [--require-survival]
// Prints, for each environment (Stage) in a synthesized cloud assembly, what losing each of its
// AZs does to every web group, database, cache and private subnet's egress.
const args = process.argv.slice(2);
const requireSurvival = args.includes('--require-survival');
const outdir = args.find((a) => !a.startsWith('--')) ?? 'cdk.out';
if (!existsSync(outdir)) {
  console.error(`cdk-ha-report: no cloud assembly at '${outdir}'; run 'npm run synth' (cdk synth '**') first`);
  process.exit(2);
}

const readTemplates = (dir: string): Record<string, CfnTemplate> =>
  Object.fromEntries(
    readdirSync(dir)
      .filter((f) => f.endsWith('.template.json'))
      .map((f) => [f.replace(/\.template\.json$/, ''), JSON.parse(readFileSync(join(dir, f), 'utf8')) as CfnTemplate]),
  );

// One nested assembly per Stage (assembly-<stage>); top-level stacks form one more environment.
const environments: Array<[string, Record<string, CfnTemplate>]> = readdirSync(outdir)
  .filter((d) => d.startsWith('assembly-'))
  .map((d) => [d.slice('assembly-'.length), readTemplates(join(outdir, d))]);
const topLevel = readTemplates(outdir);
if (Object.keys(topLevel).length > 0) {
  environments.push(['(top level)', topLevel]);
}

let allSurvive = true;
for (const [name, templates] of environments) {
  const report = availabilityReport(name, templates);
  allSurvive &&= report.survivesAnyOneAzLoss;
  console.log(renderAvailabilityReport(report));
}
if (requireSurvival && !allSurvive) {
  process.exit(1);
}
