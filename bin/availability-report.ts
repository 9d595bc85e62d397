#!/usr/bin/env node
import { existsSync } from 'fs';
import { availabilityReport, renderAvailabilityReport } from '../lib/guarantees/availability-report';
import { environmentsOfAssembly, UnreadableInputError } from '../lib/guarantees/model/load-environments';
import { pairEnvironments } from '../lib/guarantees/model/region-pair';
import { regionLossAnalysisOf } from '../lib/guarantees/region/region-loss-analysis';

// Usage: cdk-ha-report [cdk.out] [--require-survival]
// Prints, for each environment (Stage) of a synthesized cloud assembly, read through its
// manifest, what losing each of its AZs does to every group, load balancer, database, cache and
// private subnet's egress; and, for a warm standby and its primary, what losing the primary Region costs.
const args = process.argv.slice(2);
const requireSurvival = args.includes('--require-survival');
const outdir = args.find((a) => !a.startsWith('--')) ?? 'cdk.out';
if (!existsSync(outdir)) {
  console.error(`cdk-ha-report: no cloud assembly at '${outdir}'; run 'npm run synth' (cdk synth '**') first`);
  process.exit(2);
}
try {
  const environments = environmentsOfAssembly(outdir);
  if (environments.length === 0) {
    console.error(`cdk-ha-report: the assembly at '${outdir}' holds no stacks; run 'npm run synth' (cdk synth '**') again`);
    process.exit(2);
  }
  pairEnvironments(environments.map((e) => e.model));
  let allSurvive = true;
  for (const { model } of environments) {
    const report = availabilityReport(model);
    allSurvive &&= report.survivesAnyOneAzLoss;
    console.log(renderAvailabilityReport(report));
    // A standby and its primary: what losing the primary Region costs (docs/adr/0084).
    const regionLoss = regionLossAnalysisOf(model);
    if (regionLoss) {
      const seconds = (s?: number) => (s === undefined ? 'unbounded' : `${s} s`);
      console.log(
        `  losing ${regionLoss.primary.region}: ${regionLoss.standby.name} takes over, RTO ${seconds(regionLoss.estimate.rtoSeconds)}, RPO ${seconds(regionLoss.estimate.rpoSeconds)}; ` +
          `not in the standby: ${
            regionLoss.tiers
              .filter((t) => !t.present)
              .map((t) => t.tier)
              .join(', ') || 'nothing'
          }`,
      );
    }
  }
  if (requireSurvival && !allSurvive) {
    process.exit(1);
  }
} catch (error) {
  if (error instanceof UnreadableInputError) {
    console.error(`cdk-ha-report: ${error.message}; run 'npm run synth' (cdk synth '**') again`);
    process.exit(2);
  }
  throw error;
}
