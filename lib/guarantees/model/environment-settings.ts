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
  /**
   * Written by a primary whose profile has `secondaryRegion`: the environment that stands by for it
   * in another Region. The HA-REG checks judge the two environments together (docs/adr/0083).
   *
   * @default - no standby
   */
  readonly standby?: StandbyDeclaration;
  /**
   * Written by a warm standby (`HaStandbyStage`): the primary environment it stands by for.
   *
   * @default - not a standby
   */
  readonly standbyFor?: PrimaryDeclaration;
}

/** The standby a primary environment declares (`standby`). */
export interface StandbyDeclaration {
  /** The standby environment's name (`prod-us-west-2`). */
  readonly name: string;
  /** The standby's Region (`us-west-2`). */
  readonly region: string;
}

/** A part of the standby that is not built yet, declared with its reason (`standbyFor.pending`). */
export type StandbyTier = 'data' | 'cache' | 'messaging' | 'dns';

/** The primary a standby environment declares (`standbyFor`). */
export interface PrimaryDeclaration {
  /** The primary environment's name (`prod`). */
  readonly name: string;
  /** The primary's Region (`us-east-1`): the Region whose loss the standby covers. */
  readonly region: string;
  /** The primary's AWS account: a replica's source ARN must name it. */
  readonly account: string;
  /**
   * Parts of the standby not built yet, each with its reason (a deployment phase, or a tier whose
   * standby is still to be written, docs/adr/0080). An HA-REG finding about a pending part is a
   * warning even in a strict environment, so the gap stays visible in every report without blocking
   * the deployment that closes it; the Region-loss analysis counts the part as missing.
   *
   * @default - none: every tier is required
   */
  readonly pending?: ReadonlyArray<{ readonly tier: StandbyTier; readonly reason: string }>;
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
