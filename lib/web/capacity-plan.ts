/**
 * The capacity a service needs, stated by the user; the construct works out what to provision.
 */
export interface CapacityRequirement {
  /** Instances needed to serve normal peak load. Kept even while one AZ is lost. */
  readonly baseline: number;
  /** The most instances scaling may reach. */
  readonly maximum: number;
}

/**
 * How a service is provisioned to be statically stable: after losing any one AZ, at least
 * the baseline keeps running without waiting for scaling (which is slowest exactly when
 * an AZ fails and every customer launches at once).
 */
export interface CapacityPlan {
  /** AZs the group spreads over. */
  readonly availabilityZones: number;
  /** The baseline asked for. */
  readonly baseline: number;
  /**
   * Instances per AZ: ceil(baseline / (AZs - 1)). The group's `balanced-only` distribution keeps
   * every AZ at this share; each AZ's healthy hosts are alarmed against it.
   */
  readonly perAz: number;
  /**
   * The AZ's share of peak load in instances: ceil(baseline / AZs). An AZ with fewer healthy
   * targets cannot serve the third (with 3 AZs) of the traffic DNS sends it, so the target
   * group's DNS failover takes it out of DNS; the other AZs hold perAz x (AZs - 1) >= baseline.
   */
  readonly peakSharePerAz: number;
  /** The group's minimum: perAz x AZs. */
  readonly minimum: number;
  /** The group's maximum. */
  readonly maximum: number;
  /** Capacity above baseline while all AZs are up, in percent of baseline. */
  readonly headroomPercent: number;
  /** Instances left after losing the worst AZ. */
  readonly remainingAfterAzLoss: number;
  /** Whether remainingAfterAzLoss >= baseline. */
  readonly survivesLossOfOneAz: boolean;
}

/**
 * Plans static-stable capacity for a baseline over a number of AZs.
 *
 * With N AZs, k = ceil(B / (N - 1)) per AZ leaves k x (N - 1) >= B after one AZ is lost.
 * Callers validate inputs first; this function only does the arithmetic.
 */
export function planCapacity(requirement: CapacityRequirement, availabilityZones: number): CapacityPlan {
  const { baseline, maximum } = requirement;
  const perAz = Math.ceil(baseline / (availabilityZones - 1));
  const peakSharePerAz = Math.max(1, Math.ceil(baseline / availabilityZones));
  const minimum = perAz * availabilityZones;
  const remainingAfterAzLoss = perAz * (availabilityZones - 1);
  return {
    availabilityZones,
    baseline,
    perAz,
    peakSharePerAz,
    minimum,
    maximum,
    headroomPercent: Math.round(((minimum - baseline) / baseline) * 100),
    remainingAfterAzLoss,
    survivesLossOfOneAz: remainingAfterAzLoss >= baseline,
  };
}

/** Template metadata key under which each Auto Scaling group records its plan, for the checks. */
export const CAPACITY_PLAN_METADATA = 'cdk-ha-blueprint:capacityPlan';
