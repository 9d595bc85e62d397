import { analyzeAzLoss, availabilityZonesOf, AzLossImpact } from './az-loss-analysis';
import { EnvironmentModel } from './model/environment-model';

/** What losing each AZ does to one environment. */
export interface AvailabilityReport {
  readonly environment: string;
  /** The AZs the environment uses. */
  readonly availabilityZones: string[];
  /** For each AZ, the impact on every resource. */
  readonly losses: Array<{ availabilityZone: string; impacts: AzLossImpact[] }>;
  /** Whether every resource provably survives the loss of every single AZ (false with fewer than 2 AZs). */
  readonly survivesAnyOneAzLoss: boolean;
}

/** Runs the AZ-loss analysis over one environment, for each AZ it uses. */
export function availabilityReport(model: EnvironmentModel): AvailabilityReport {
  const availabilityZones = availabilityZonesOf(model);
  const losses = availabilityZones.map((availabilityZone) => ({ availabilityZone, impacts: analyzeAzLoss(model, availabilityZone) }));
  return {
    environment: model.name,
    availabilityZones,
    losses,
    // One AZ (or none found) cannot survive the loss of an AZ, whatever its resources say.
    survivesAnyOneAzLoss: availabilityZones.length >= 2 && losses.every((loss) => loss.impacts.every((impact) => impact.survives)),
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
      lines.push(
        `    ${impact.survives ? 'ok  ' : 'FAIL'} ${impact.kind.padEnd(13)} ${impact.stack}/${impact.logicalId}: ${impact.detail}`,
      );
    }
  }
  return lines.join('\n');
}
