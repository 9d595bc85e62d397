import { policyOf } from './declared-policy';
import { estimateAvailability } from './estimate-availability';
import { estimateInputOf } from './estimate-from-model';
import { GuaranteeCheck, Problem } from '../guarantee-check';
import { EnvironmentModel } from '../model/environment-model';

/**
 * HA-AVL-001 — the environment's estimated availability, RTO and RPO meet its declared policy.
 *
 * Why: each tier can keep its own guarantee while the serial composite of their published SLAs
 * still falls short of what the environment promises (e.g. RDS Multi-AZ at 99.95% caps a
 * composite near 99.92%), or a failover path is slower than the RTO promised.
 * How it is judged: when the templates declare an availability policy (`HaStage` writes the
 * profile's `availability`), the facts the estimate needs are read from the model and
 * `estimateAvailability` sets them against the policy; every violation is a finding naming the
 * tier that caps it and the fix. Facts that cannot be read are a finding too.
 * Fix: what the violation names (e.g. Aurora, a reader, one NAT gateway per AZ), or a policy the
 * design can keep.
 */
export const AVAILABILITY_POLICY_MET: GuaranteeCheck = {
  id: 'HA-AVL-001',
  rule: "The estimated availability, RTO and RPO meet the environment's availability policy",
  fix: 'Change the tier the finding names, or declare a policy the design can keep',
  check(model) {
    const declared = model.settings.availabilityPolicy;
    const anchor = model.stacks[0];
    if (!declared || !anchor) {
      return [];
    }
    const at = (message: string): Problem => ({ stack: anchor.stackName, logicalId: '(environment)', message });
    const input = estimateInputOf(model);
    if ('unknown' in input) {
      return [at(`cannot prove the availability policy: ${input.unknown}.`)];
    }
    return estimateAvailability(input, policyOf(declared)).violations.map((v) => at(v.message));
  },
};

/** The estimate for an environment that declares a policy, for the reports; undefined otherwise. */
export function estimateOf(model: EnvironmentModel) {
  const declared = model.settings.availabilityPolicy;
  const input = declared ? estimateInputOf(model) : undefined;
  if (!declared || !input || 'unknown' in input) {
    return undefined;
  }
  return { ...estimateAvailability(input, policyOf(declared)), targetAvailabilityPercent: declared.targetAvailabilityPercent };
}
