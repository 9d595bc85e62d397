import { Duration } from 'aws-cdk-lib';

/**
 * The most one failure mode may cost: how long the service may be down (RTO) and how much
 * acknowledged data it may lose (RPO).
 */
export interface FailureModeBounds {
  /**
   * Longest time from the failure until the service answers again.
   *
   * @default - no bound: this failure mode is not part of the environment's promise
   */
  readonly maxRto?: Duration;
  /**
   * Most acknowledged writes, in time, that the failure may lose; `Duration.seconds(0)` demands
   * synchronous replication.
   *
   * @default - no bound: this failure mode is not part of the environment's promise
   */
  readonly maxRpo?: Duration;
}

/**
 * The availability an environment is designed for: the design target that the composite of its
 * tiers' published AWS SLAs must reach, the AZs it must span, and the RTO and RPO allowed for
 * each failure mode. `estimateAvailability` judges a topology against it.
 *
 * The target is a design target, not a measured objective: it says what the architecture can
 * promise given AWS's own commitments. A request-success SLO measured over 30 days is a different
 * number, and can only be met if this target is at least as high.
 */
export interface AvailabilityPolicy {
  /** Design target for the serial composite of the tiers' SLAs, in percent, e.g. 99.9. */
  readonly targetAvailabilityPercent: number;
  /** Fewest AZs every tier must span. */
  readonly minAvailabilityZones: number;
  /** Loss of one web instance. */
  readonly instance: FailureModeBounds;
  /** Loss of a whole Availability Zone (web instances, load balancer node, NAT gateway and whatever primary ran there). */
  readonly az: FailureModeBounds;
  /** Loss of the database's primary (writer) instance. */
  readonly databasePrimary: FailureModeBounds;
  /** Loss of a cache shard's primary node. */
  readonly cachePrimary: FailureModeBounds;
  /**
   * Loss of the whole primary Region: how long until the warm standby (`secondaryRegion`) serves
   * (Route 53 detection + DNS TTL + replica promotion + scale-up) and how much the cross-region
   * replica may trail by (its lag alarm's threshold and window). Judged by HA-AVL-002 over the
   * Region pair (docs/adr/0084).
   *
   * @default - no bound: a Region loss is not part of the environment's promise
   */
  readonly region?: FailureModeBounds;
}

/** The failure modes an {@link AvailabilityPolicy} bounds, in order. */
export const FAILURE_MODES = ['instance', 'az', 'databasePrimary', 'cachePrimary'] as const;

/** One failure mode of {@link FAILURE_MODES}. */
export type FailureMode = (typeof FAILURE_MODES)[number];

/**
 * What is wrong with a policy, one sentence per problem naming field, value and fix.
 *
 * @param strict a strict (production) profile must bound RTO and RPO for instance, AZ and
 * database-primary loss, and span 2 or more AZs
 * @param availabilityZones how many AZs the environment spans
 */
export function availabilityPolicyProblems(policy: AvailabilityPolicy, strict: boolean, availabilityZones: number): string[] {
  const problems: string[] = [];
  const target = policy.targetAvailabilityPercent;
  if (!(target > 0 && target < 100)) {
    problems.push(`availability.targetAvailabilityPercent is ${target}; use a percentage above 0 and below 100, e.g. 99.9`);
  }
  const minAzs = policy.minAvailabilityZones;
  if (!Number.isInteger(minAzs) || minAzs < (strict ? 2 : 1)) {
    problems.push(
      `availability.minAvailabilityZones is ${minAzs}; use a whole number of at least ${strict ? '2 (a strict profile must survive losing an AZ)' : '1'}`,
    );
  } else if (minAzs > availabilityZones) {
    problems.push(
      `availability.minAvailabilityZones is ${minAzs} but the environment spans ${availabilityZones} AZ(s); add AZs to availabilityZones or lower the minimum`,
    );
  }
  for (const mode of FAILURE_MODES) {
    const bounds = policy[mode];
    if (bounds.maxRto !== undefined && bounds.maxRto.toMilliseconds() <= 0) {
      problems.push(`availability.${mode}.maxRto is ${bounds.maxRto.toHumanString()}; a recovery takes time, use a positive duration`);
    }
    const required = strict && mode !== 'cachePrimary';
    if (required && (bounds.maxRto === undefined || bounds.maxRpo === undefined)) {
      problems.push(
        `availability.${mode} leaves ${bounds.maxRto === undefined ? 'maxRto' : 'maxRpo'} unset; a strict (production) profile bounds RTO and RPO for losing an instance, an AZ and the database primary`,
      );
    }
  }
  if (policy.region?.maxRto !== undefined && policy.region.maxRto.toMilliseconds() <= 0) {
    problems.push(`availability.region.maxRto is ${policy.region.maxRto.toHumanString()}; a recovery takes time, use a positive duration`);
  }
  if (policy.region?.maxRpo !== undefined && policy.region.maxRpo.toMilliseconds() <= 0) {
    problems.push(
      `availability.region.maxRpo is ${policy.region.maxRpo.toHumanString()}; cross-region replication is asynchronous, so no Region loss is free of data loss: use a positive duration`,
    );
  }
  return problems;
}
