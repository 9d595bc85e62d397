import { estimateRegionLoss, RegionLossTerm } from './region-estimate';
import { GuaranteeCheck } from '../guarantee-check';
import { StandbyTier } from '../model/environment-settings';
import { regionPairOf } from '../model/region-pair';
import { judgeRegionPair, pairProblem } from '../region/judge-pair';

/**
 * HA-AVL-002 — the Region-loss RTO and RPO meet the environment's policy (`availability.region`).
 *
 * Why: a warm standby that exists but takes an hour to take over, or trails its primary by an
 * hour of writes, does not keep a promise of minutes.
 * How it is judged: when either side of the pair declares a `region` bound (the stricter of the
 * two applies, measure by measure), the pair's estimate
 * (`estimateRegionLoss`: detection + DNS TTL + promotion + scale-up for the RTO, the lag alarm's
 * threshold + window for the RPO, each read from the templates or from aws-figures.ts) is set
 * against it; a violation names the term that dominates, and a term that cannot be bounded is a
 * violation too (fails closed). An environment that declares a `region` bound but has no standby
 * cannot keep it (a Region loss means restoring backups elsewhere, in a time nothing bounds).
 * A term left unbounded by a part the standby declares pending (no failover records: detection
 * and TTL; no replica yet: promotion and lag) is a warning with the declared reason, as in HA-REG.
 * Fix: what the dominant term's fix says (a shorter health-check interval, more standby capacity,
 * a lower lag threshold), or a bound the design can keep.
 */
export const REGION_POLICY_MET: GuaranteeCheck = {
  id: 'HA-AVL-002',
  rule: "The Region-loss RTO and RPO of the warm standby meet the environment's availability policy",
  fix: 'Shorten the term the finding names, or declare a Region-loss bound the design can keep',
  check(model) {
    const own = model.settings.availabilityPolicy?.bounds?.region;
    const declares = (b: typeof own) => b !== undefined && (b.maxRtoSeconds !== undefined || b.maxRpoSeconds !== undefined);
    const of = regionPairOf(model);
    if (of.kind === 'none') {
      return declares(own)
        ? [
            pairProblem(
              model,
              `The policy bounds a Region loss (${[own!.maxRtoSeconds !== undefined ? `RTO ${own!.maxRtoSeconds} s` : '', own!.maxRpoSeconds !== undefined ? `RPO ${own!.maxRpoSeconds} s` : ''].filter(Boolean).join(', ')}) but ${model.name} has no standby in another Region: a Region loss means restoring backups elsewhere, in a time nothing bounds. Set secondaryRegion, or remove availability.region.`,
            ),
          ]
        : [];
    }
    if (of.kind === 'unproven' && !declares(own)) {
      return [];
    }
    return judgeRegionPair(model, 'the Region-loss RTO and RPO', (pair) => {
      // The pair is judged on the standby's side, against the stricter of both sides' bounds: the
      // primary's promise holds whether or not the standby's metadata repeats it.
      const bound = stricter(
        pair.primary.settings.availabilityPolicy?.bounds?.region,
        pair.standby.settings.availabilityPolicy?.bounds?.region,
      );
      const estimate = estimateRegionLoss(pair);
      return [
        ...judge('RTO', estimate.rtoSeconds, estimate.rtoTerms, bound.maxRtoSeconds),
        ...judge('RPO', estimate.rpoSeconds, estimate.rpoTerms, bound.maxRpoSeconds),
      ].map(({ message, term }) => {
        // A term left unbounded by a part the standby declares not built yet warns, as in HA-REG.
        const tier = term === undefined ? undefined : TIER_OF_TERM[term];
        return pairProblem(pair.standby, message, tier === undefined ? undefined : pair.pending.get(tier));
      });
    });
  },
};

type RegionBound = { readonly maxRtoSeconds?: number; readonly maxRpoSeconds?: number };

/** Each measure's lower bound of the two sides' (a side that leaves a measure out does not loosen the other's). */
function stricter(a: RegionBound | undefined, b: RegionBound | undefined): RegionBound {
  const min = (x?: number, y?: number) => (x === undefined ? y : y === undefined ? x : Math.min(x, y));
  return { maxRtoSeconds: min(a?.maxRtoSeconds, b?.maxRtoSeconds), maxRpoSeconds: min(a?.maxRpoSeconds, b?.maxRpoSeconds) };
}

/** The standby part whose absence leaves a term unbounded. */
const TIER_OF_TERM: Record<RegionLossTerm['term'], StandbyTier | undefined> = {
  detection: 'dns',
  'dns-ttl': 'dns',
  promotion: 'data',
  'replica-lag': 'data',
  'scale-up': undefined,
};

/** The violations of one bound: an unbounded term (named, for pending parts), or the dominant one. */
function judge(
  measure: 'RTO' | 'RPO',
  total: number | undefined,
  terms: readonly RegionLossTerm[],
  bound: number | undefined,
): Array<{ message: string; term?: RegionLossTerm['term'] }> {
  if (bound === undefined) {
    return [];
  }
  const unbounded = terms.find((t) => t.seconds === undefined);
  if (unbounded) {
    return [
      {
        term: unbounded.term,
        message: `Region loss: the ${measure} is unbounded, above the policy's ${bound} s: its ${unbounded.term} term cannot be bounded (${unbounded.basis}). Fix: ${unbounded.fix}.`,
      },
    ];
  }
  if (total! <= bound) {
    return [];
  }
  const dominant = terms.reduce((a, b) => (b.seconds! > a.seconds! ? b : a));
  const sum = terms.map((t) => `${t.term} ${t.seconds} s`).join(' + ');
  return [
    {
      message: `Region loss: the ${measure} is ${total} s (${sum}), above the policy's ${bound} s; ${dominant.term} dominates at ${dominant.seconds} s (${dominant.basis}). Fix: ${dominant.fix}.`,
    },
  ];
}
