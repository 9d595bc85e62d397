import { cannotProve, GuaranteeCheck, Problem, problemAt } from '../guarantee-check';
import { groupAzLossCapacity } from '../model/facts';
import { isUnknown } from '../model/resolved';

/**
 * HA-WEB-001 — an Auto Scaling group keeps its baseline after losing any one AZ, without scaling.
 *
 * Why: when an AZ fails, every customer in the region launches instances at once; capacity that
 * depends on launching then arrives late, or not at all. A statically stable group already runs
 * enough in the other AZs.
 * How it is judged: the group's subnets are resolved (across stacks) to their AZs; it must span the
 * environment's minimum number of AZs, and what is left after losing the AZ that the worst allowed
 * distribution fills most (see `groupAzLossCapacity`) must reach the baseline in its capacity plan
 * (1 for a group this library did not make). A group the library made whose plan is missing
 * cannot be proven.
 * Fix: `balanced-only` distribution and MinSize = ceil(baseline / (AZs - 1)) x AZs (what `HaWebTier` provisions).
 */
export const STATIC_STABILITY: GuaranteeCheck = {
  id: 'HA-WEB-001',
  rule: 'Every Auto Scaling group spans 2+ AZs and keeps its baseline after losing any one of them, however it is distributed',
  fix: 'Spread the group over 2+ AZs with balanced-only distribution and MinSize = ceil(baseline / (AZs - 1)) x AZs',
  check(model) {
    const problems: Problem[] = [];
    const groups = model.resources('AWS::AutoScaling::AutoScalingGroup');
    for (const planned of [...model.managed('web-group'), ...model.managed('worker-group')]) {
      if (!groups.some((g) => g.stack === planned.stack && g.logicalId === planned.logicalId)) {
        problems.push({
          stack: planned.stack.stackName,
          logicalId: planned.logicalId,
          message: `Auto Scaling group ${planned.logicalId}, which this library made, is missing from the template. Restore it.`,
        });
      }
    }
    for (const group of groups) {
      const capacity = groupAzLossCapacity(model, group);
      if (isUnknown(capacity)) {
        problems.push(cannotProve(group, 'static stability', capacity));
        continue;
      }
      const { zones, minSize, baseline, remaining, balancedOnly, worstInOneAz } = capacity;
      const minimumAzs = Math.max(2, model.settings.minimumAzs);
      if (zones.length < minimumAzs) {
        problems.push(
          problemAt(
            group,
            `Auto Scaling group ${group.logicalId} runs in ${zones.length} AZ(s) (${zones.join(', ') || 'none'}); losing one loses the group. Spread it over the subnets of ${minimumAzs} or more AZs.`,
          ),
        );
      } else if (remaining < baseline) {
        const needed = Math.ceil(baseline / (zones.length - 1)) * zones.length;
        const distribution = balancedOnly ? 'balanced-only' : 'balanced-best-effort, which fills the other AZs when one cannot launch,';
        problems.push(
          problemAt(
            group,
            `Auto Scaling group ${group.logicalId} has MinSize ${minSize} over ${zones.length} AZs with ${distribution} so one AZ may hold ${worstInOneAz}: losing it leaves ${remaining}, below its baseline of ${baseline}. ${balancedOnly ? 'Raise' : 'Set AvailabilityZoneDistribution to balanced-only and raise'} MinSize to ${needed}.`,
          ),
        );
      }
    }
    return problems;
  },
};
