import { Problem } from '../guarantee-check';
import { EnvironmentModel } from '../model/environment-model';
import { RegionPair, regionPairOf } from '../model/region-pair';
import { StandbyTier } from '../model/environment-settings';

/** Logical ID under which findings about a pair as a whole are reported. */
export const PAIR_ANCHOR = '(region pair)';

/**
 * Runs a Region-pair judgement for one environment. A pair is judged once, on its standby's side
 * (the environment whose purpose the pair is); the primary reports only that its pair cannot be
 * judged. An environment that declares a pair whose other side was not given (or disagrees with
 * it) gets one "cannot prove" finding: the guarantee fails closed. No pair declared: nothing.
 */
export function judgeRegionPair(model: EnvironmentModel, guarantee: string, judge: (pair: RegionPair) => Problem[]): Problem[] {
  const of = regionPairOf(model);
  if (of.kind === 'none') {
    return [];
  }
  if (of.kind === 'unproven') {
    return [pairProblem(model, `cannot prove ${guarantee}: ${of.why}.`)];
  }
  return of.role === 'standby' ? judge(of.pair) : [];
}

/** A finding about the pair as a whole, at the environment's first stack. */
export function pairProblem(model: EnvironmentModel, message: string, pending?: string): Problem {
  return { stack: model.stacks[0]?.stackName ?? '', logicalId: PAIR_ANCHOR, message, ...(pending !== undefined ? { pending } : {}) };
}

/** Marks problems about a tier the standby declares not built yet. */
export function whenPending(pair: RegionPair, tier: StandbyTier, problems: Problem[]): Problem[] {
  const reason = pair.pending.get(tier);
  return reason === undefined ? problems : problems.map((p) => ({ ...p, pending: reason }));
}
