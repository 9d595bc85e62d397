import { analyzeAzLoss, availabilityZonesNamed, AzLossImpact } from './az-loss-analysis';
import { CfnTemplate } from './template-model';

/** What losing each AZ does to one environment. */
export interface AvailabilityReport {
  readonly environment: string;
  /** The AZs the environment's templates name. */
  readonly availabilityZones: string[];
  /** For each AZ, the impact on every resource, stack by stack. */
  readonly losses: Array<{ availabilityZone: string; impacts: Array<AzLossImpact & { stack: string }> }>;
  /** Whether every resource survives the loss of every single AZ. */
  readonly survivesAnyOneAzLoss: boolean;
}

/**
 * Runs the AZ-loss analysis over all templates of one environment, for each AZ they name.
 *
 * @param templates the environment's templates by stack name
 */
export function availabilityReport(environment: string, templates: Record<string, CfnTemplate>): AvailabilityReport {
  const availabilityZones = [...new Set(Object.values(templates).flatMap(availabilityZonesNamed))].sort();
  const losses = availabilityZones.map((availabilityZone) => ({
    availabilityZone,
    impacts: Object.entries(templates).flatMap(([stack, template]) =>
      analyzeAzLoss(template, availabilityZone).map((impact) => ({ ...impact, stack })),
    ),
  }));
  return {
    environment,
    availabilityZones,
    losses,
    survivesAnyOneAzLoss: losses.every((loss) => loss.impacts.every((impact) => impact.survives)),
  };
}

/** The report as text, one line per resource, failures first in each AZ. */
export function renderAvailabilityReport(report: AvailabilityReport): string {
  const verdict = report.survivesAnyOneAzLoss ? 'survives the loss of any one AZ' : 'does NOT survive the loss of every single AZ';
  const lines = [`${report.environment}: ${verdict} (${report.availabilityZones.join(', ') || 'no AZs named'})`];
  for (const loss of report.losses) {
    lines.push(`  losing ${loss.availabilityZone}:`);
    const ordered = [...loss.impacts].sort((a, b) => Number(a.survives) - Number(b.survives));
    for (const impact of ordered) {
      lines.push(`    ${impact.survives ? 'ok  ' : 'FAIL'} ${impact.kind.padEnd(8)} ${impact.stack}/${impact.logicalId}: ${impact.detail}`);
    }
  }
  return lines.join('\n');
}
