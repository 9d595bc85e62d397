import { EnvironmentModel } from './environment-model';
import { StandbyTier } from './environment-settings';

const STANDBY_TIERS: readonly StandbyTier[] = ['data', 'cache', 'messaging', 'dns'];

/**
 * A primary environment and its warm standby in another Region (docs/adr/0080, 0083), as their
 * templates declare them (`standby` in the primary's, `standbyFor` in the standby's) and found
 * among the environments judged together.
 */
export interface RegionPair {
  readonly primary: EnvironmentModel;
  readonly standby: EnvironmentModel;
  /** The Region whose loss the standby covers. */
  readonly primaryRegion: string;
  /** The standby's Region. */
  readonly standbyRegion: string;
  /** The primary's account, as the standby declares it (a replica's source ARN must name it). */
  readonly primaryAccount: string;
  /** Parts of the standby declared not built yet, with the reason of each. */
  readonly pending: ReadonlyMap<StandbyTier, string>;
}

/** Which side of a pair an environment is. */
export type PairRole = 'primary' | 'standby';

/** An environment's Region pair: none declared, a pair, or why the pair cannot be judged. */
export type RegionPairOf =
  | { readonly kind: 'none' }
  | { readonly kind: 'pair'; readonly role: PairRole; readonly pair: RegionPair }
  | { readonly kind: 'unproven'; readonly role: PairRole; readonly why: string };

/**
 * Joins each standby to the primary it declares, among environments judged together (the Stages
 * of one cloud assembly, or every assembly given to `cdk-ha-check`). An environment whose other
 * side is absent stays unpaired, and the HA-REG checks report it as unproven.
 */
export function pairEnvironments(models: readonly EnvironmentModel[]): void {
  for (const standby of models) {
    const declared = standby.settings.standbyFor;
    if (!declared) {
      continue;
    }
    const candidates = models.filter((m) => m !== standby && m.name === declared.name);
    // Two environments of one name cannot be told apart: neither is taken for the primary.
    if (candidates.length !== 1) {
      continue;
    }
    const [primary] = candidates;
    standby.pairWith(primary);
    if (primary.settings.standby?.name === standby.name) {
      primary.pairWith(standby);
    }
  }
}

/** The Region pair an environment belongs to, from its declaration and its paired peer. */
export function regionPairOf(model: EnvironmentModel): RegionPairOf {
  const { standbyFor, standby } = model.settings;
  if (standbyFor) {
    return standbySide(model);
  }
  if (standby) {
    const peer = model.regionPeer;
    if (!peer) {
      return {
        kind: 'unproven',
        role: 'primary',
        why: `the other Region's templates were not given: ${model.name} declares its standby ${standby.name} in ${standby.region}; judge both Stages together (cdk synth '**', or cdk-ha-check on the whole cdk.out)`,
      };
    }
    const fromStandby = standbySide(peer);
    return fromStandby.kind === 'pair'
      ? { kind: 'pair', role: 'primary', pair: fromStandby.pair }
      : { kind: 'unproven', role: 'primary', why: fromStandby.kind === 'unproven' ? fromStandby.why : 'no pair' };
  }
  return { kind: 'none' };
}

function standbySide(model: EnvironmentModel): RegionPairOf {
  const declared = model.settings.standbyFor;
  if (!declared) {
    return {
      kind: 'unproven',
      role: 'standby',
      why: `${model.name} does not declare the primary it stands by for (standbyFor in cdk-ha-blueprint:environment)`,
    };
  }
  const primary = model.regionPeer;
  const unproven = (why: string): RegionPairOf => ({ kind: 'unproven', role: 'standby', why });
  if (!primary) {
    return unproven(
      `the other Region's templates were not given: ${model.name} stands by for ${declared.name} in ${declared.region}; judge both Stages together (cdk synth '**', or cdk-ha-check on the whole cdk.out)`,
    );
  }
  const claimed = primary.settings.standby;
  if (claimed?.name !== model.name) {
    return unproven(
      `${model.name} stands by for ${primary.name}, but ${primary.name} declares ${claimed ? `${claimed.name} as its standby` : 'no standby'}`,
    );
  }
  if (model.region !== undefined && model.region !== claimed.region) {
    return unproven(`${primary.name} declares its standby in ${claimed.region}, but ${model.name}'s stacks deploy to ${model.region}`);
  }
  if (primary.region !== undefined && primary.region !== declared.region) {
    return unproven(`${model.name} stands by for ${declared.region}, but ${primary.name}'s stacks deploy to ${primary.region}`);
  }
  if (primary.account !== undefined && primary.account !== declared.account) {
    return unproven(`${model.name} declares ${primary.name}'s account ${declared.account}, but its stacks deploy to ${primary.account}`);
  }
  const pending = pendingOf(declared.pending);
  if (typeof pending === 'string') {
    return unproven(`${model.name}'s standbyFor.pending ${pending}`);
  }
  const standbyRegion = model.region ?? claimed.region;
  if (standbyRegion === declared.region) {
    return unproven(
      `${model.name} and ${primary.name} are both in ${standbyRegion}: a standby in the same Region does not survive its loss`,
    );
  }
  return {
    kind: 'pair',
    role: 'standby',
    pair: {
      primary,
      standby: model,
      primaryRegion: declared.region,
      standbyRegion,
      primaryAccount: declared.account,
      pending,
    },
  };
}

/**
 * The tiers a standby declares pending, or why the declaration cannot be read. The metadata is
 * the templates' (anyone may write it): a malformed declaration must not soften a finding, nor
 * crash the engine, so the pair is then not judged and every HA-REG check fails closed.
 */
function pendingOf(declared: unknown): Map<StandbyTier, string> | string {
  if (declared === undefined) {
    return new Map();
  }
  if (!Array.isArray(declared)) {
    return `is ${JSON.stringify(declared)}, not a list of { tier, reason }; write it as [{ "tier": "dns", "reason": "..." }]`;
  }
  const pending = new Map<StandbyTier, string>();
  for (const entry of declared as unknown[]) {
    const { tier, reason } = (entry ?? {}) as Record<string, unknown>;
    if (typeof entry !== 'object' || entry === null || !STANDBY_TIERS.includes(tier as StandbyTier) || typeof reason !== 'string') {
      return `holds ${JSON.stringify(entry)}, not a { tier, reason } with tier one of ${STANDBY_TIERS.join(', ')} and reason a string; fix or remove that entry`;
    }
    pending.set(tier as StandbyTier, reason);
  }
  return pending;
}
