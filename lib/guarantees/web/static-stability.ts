import { groupAzLossCapacity } from '../template-facts';
import { CfnTemplate, Finding, GuaranteeCheck, resourcesOfType } from '../template-model';

/**
 * HA-WEB-001 — an Auto Scaling group keeps its baseline after losing any one AZ, without scaling.
 *
 * Why: when an AZ fails, every customer in the region launches instances at once; capacity that
 * depends on launching then arrives late, or not at all. A statically stable group already runs
 * enough in the other AZs.
 * How it is judged: the group must span at least 2 subnets (one per AZ); Auto Scaling balances
 * MinSize over them, so losing the fullest AZ leaves MinSize - ceil(MinSize / AZs) instances.
 * That must reach the baseline recorded in the group's `cdk-ha-blueprint:capacityPlan` metadata,
 * or at least 1 for a group without a plan.
 * Fix: MinSize = ceil(baseline / (AZs - 1)) x AZs (what `HaWebTier` provisions).
 */
export const STATIC_STABILITY: GuaranteeCheck = {
  id: 'HA-WEB-001',
  severity: 'error',
  rule: 'Every Auto Scaling group spans 2+ AZs and keeps its baseline after losing any one of them',
  fix: 'Spread the group over 2+ AZs with MinSize = ceil(baseline / (AZs - 1)) x AZs',
  check(template: CfnTemplate): Finding[] {
    const findings: Finding[] = [];
    for (const [logicalId, group] of resourcesOfType(template, 'AWS::AutoScaling::AutoScalingGroup')) {
      const { zones, minSize, baseline, remaining } = groupAzLossCapacity(group);
      const fail = (message: string) => findings.push({ checkId: this.id, severity: this.severity, logicalId, message });
      if (zones < 2) {
        fail(
          `Auto Scaling group ${logicalId} spans ${zones} subnet(s); losing that AZ loses the whole group. Spread it over the subnets of 2 or more AZs.`,
        );
        continue;
      }
      if (!(remaining >= baseline)) {
        const needed = Math.ceil(baseline / (zones - 1)) * zones;
        fail(
          `Auto Scaling group ${logicalId} has MinSize ${minSize} over ${zones} AZs: losing one leaves ${remaining}, below its baseline of ${baseline}. Raise MinSize to ${needed}.`,
        );
      }
    }
    return findings;
  },
};
