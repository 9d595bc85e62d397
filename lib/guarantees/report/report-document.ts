import { availabilityReport } from '../availability-report';
import { AzLossImpact } from '../az-loss-analysis';
import { EnvironmentModel } from '../model/environment-model';
import { placementOf, PlacedResource, UnplacedResource } from '../model/placement';
import { RegionLossAnalysis } from '../region/region-loss-analysis';
import { Finding } from '../template-model';

/** Version of the `availability-report.json` layout; raised when a field changes meaning or goes away. */
export const REPORT_SCHEMA_VERSION = 1;

/**
 * An availability estimate set against the environment's policy, as the report shows it. The
 * report does not compute it: the caller passes one in when it has it. Its fields are those of
 * the estimate's own result (composite, tiers, failure modes, violations, notes) plus the target,
 * so that an estimate spreads into it: `{ ...estimate, targetAvailabilityPercent }`.
 */
export interface ReportedEstimate {
  /** The estimated availability of the request path, in percent (`99.92`). */
  readonly compositePercent: number;
  /** The policy's design target, in percent (`99.9`). */
  readonly targetAvailabilityPercent: number;
  /** Where the policy is not met (availability, AZs, recovery time or point), each with its message; empty when it is met. */
  readonly violations: ReadonlyArray<{ readonly message: string }>;
  /**
   * Each tier's figure on the request path, with its basis (the SLA or derivation).
   *
   * @default - no tier table
   */
  readonly tiers?: ReadonlyArray<{ readonly tier: string; readonly name: string; readonly percent: number; readonly basis: string }>;
  /**
   * Recovery time and point per failure mode; a missing figure is unbounded.
   *
   * @default - no failure-mode table
   */
  readonly failureModes?: ReadonlyArray<{ readonly mode: string; readonly rtoSeconds?: number; readonly rpoSeconds?: number }>;
  /**
   * Caveats of the estimate, one line each.
   *
   * @default - none
   */
  readonly notes?: readonly string[];
}

/** An acknowledgement the environment declares, with what it covers in this synthesis. */
export interface ReportedAcknowledgement {
  /** The check, e.g. `HA-NET-001`. */
  readonly checkId: string;
  /** Why the environment accepts it. */
  readonly reason: string;
  /** How many findings it turned into warnings in this synthesis (0: it covers nothing now). */
  readonly findings: number;
}

/** What `availability-report.json` holds for one environment. */
export interface AvailabilityReportDocument {
  readonly schemaVersion: number;
  readonly environment: string;
  /** Whether the environment's rules are strict (every finding an error, nothing acknowledged). */
  readonly strict: boolean;
  /** The AZs the environment uses. */
  readonly availabilityZones: string[];
  /** For each AZ, what runs there. */
  readonly placement: Array<{ availabilityZone: string; resources: PlacedResource[] }>;
  /** Resources whose AZ the templates do not name, with the reason. */
  readonly unplaced: UnplacedResource[];
  /** Whether every resource provably survives the loss of any single AZ. */
  readonly survivesAnyOneAzLoss: boolean;
  /** For each AZ, what losing it does to every resource. */
  readonly azLoss: Array<{ availabilityZone: string; impacts: AzLossImpact[] }>;
  /** Every finding of the guarantee checks, with its severity (acknowledged ones as warnings, with the reason). */
  readonly findings: Finding[];
  /** Every acknowledgement the environment declares, with its reason. */
  readonly acknowledgements: ReportedAcknowledgement[];
  /** The availability estimate against the policy, when one was computed. */
  readonly estimate?: ReportedEstimate;
  /**
   * What losing the primary Region does, for an environment of a judged Region pair (primary or
   * standby): the standby's tiers, its capacity before scale-up, and the RTO and RPO terms, with the
   * Region-loss bounds of the policy when it declares them.
   */
  readonly regionLoss?: RegionLossAnalysis & { readonly policy?: { readonly maxRtoSeconds?: number; readonly maxRpoSeconds?: number } };
}

/** Options for {@link availabilityReportDocument}. */
export interface ReportDocumentOptions {
  /**
   * The availability estimate to include.
   *
   * @default - no estimate section
   */
  readonly estimate?: ReportedEstimate;
  /**
   * The Region-loss analysis to include (`regionLossAnalysisOf`).
   *
   * @default - no Region-loss section
   */
  readonly regionLoss?: RegionLossAnalysis;
}

/**
 * Builds the report of one environment from its model and the findings `checkEnvironment` gave
 * it: placement per AZ, the AZ-loss table, findings, acknowledgements and, when given, the estimate.
 */
export function availabilityReportDocument(
  model: EnvironmentModel,
  findings: readonly Finding[],
  options: ReportDocumentOptions = {},
): AvailabilityReportDocument {
  const azLoss = availabilityReport(model);
  const placement = placementOf(model, azLoss.availabilityZones);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    environment: model.name,
    strict: model.settings.strict,
    availabilityZones: placement.availabilityZones,
    placement: placement.availabilityZones.map((availabilityZone) => ({
      availabilityZone,
      resources: placement.byZone[availabilityZone] ?? [],
    })),
    unplaced: placement.unplaced,
    survivesAnyOneAzLoss: azLoss.survivesAnyOneAzLoss,
    azLoss: azLoss.losses,
    findings: [...findings],
    acknowledgements: model.settings.acknowledgements.map(({ checkId, reason }) => ({
      checkId,
      reason,
      findings: findings.filter((f) => f.checkId === checkId && f.acknowledged !== undefined).length,
    })),
    ...(options.estimate ? { estimate: options.estimate } : {}),
    ...(options.regionLoss ? { regionLoss: { ...options.regionLoss, policy: model.settings.availabilityPolicy?.bounds?.region } } : {}),
  };
}
