import { DeclaredAvailabilityPolicy } from '../estimate/declared-policy';

/** Template metadata key under which each stack of an environment records the environment's settings. */
export const ENVIRONMENT_METADATA = 'cdk-ha-blueprint:environment';

/** Template metadata key under which each stack lists the resources this library made, by logical ID. */
export const MANAGED_METADATA = 'cdk-ha-blueprint:managed';

/** A finding the environment accepts on purpose. */
export interface GuaranteeAcknowledgement {
  /** The check, e.g. `HA-NET-001`. */
  readonly checkId: string;
  /** Why the environment accepts it. */
  readonly reason: string;
}

/**
 * What an environment declares about itself, written into every one of its templates so that a
 * judge reading only the templates (the synth plugin, `cdk-ha-check`) applies the same rules.
 *
 * A template without it is judged by {@link DEFAULT_ENVIRONMENT_SETTINGS}: strict, nothing
 * acknowledged. Declaring less strictness is visible in the template under review.
 */
export interface EnvironmentSettings {
  /** The environment's name (`prod`). */
  readonly name: string;
  /** When true, every finding is an error; otherwise checks in `warningChecks` only warn. */
  readonly strict: boolean;
  /** The AZs the environment spreads over; every tier is expected to use at least `minimumAzs` of them. */
  readonly availabilityZones: readonly string[];
  /** The fewest AZs any tier may span. */
  readonly minimumAzs: number;
  /** Checks whose findings are warnings in this environment (ignored when strict). */
  readonly warningChecks: readonly string[];
  /** Findings accepted on purpose, each with its reason. Not allowed when strict. */
  readonly acknowledgements: readonly GuaranteeAcknowledgement[];
  /**
   * Alarm subscribers attached outside these templates (a pager integration), declared so that
   * "failures are heard" can be proven for topics with no subscription resource.
   */
  readonly externalAlarmSubscribers: readonly string[];
  /**
   * The availability the environment promises (target, minimum AZs, RTO and RPO per failure
   * mode), judged by HA-AVL-001 against an estimate from published AWS SLAs.
   *
   * @default - no promise declared: nothing to judge
   */
  readonly availabilityPolicy?: DeclaredAvailabilityPolicy;
}

/** How an environment is judged when its templates declare nothing: the strictest way. */
export const DEFAULT_ENVIRONMENT_SETTINGS: EnvironmentSettings = {
  name: '(templates)',
  strict: true,
  availabilityZones: [],
  minimumAzs: 2,
  warningChecks: [],
  acknowledgements: [],
  externalAlarmSubscribers: [],
};

/** What the library records per managed resource: its kind, so that a removed plan is noticed. */
export type ManagedKind = 'web-group' | 'worker-group' | 'database' | 'cache' | 'queue' | 'dead-letter-queue';
