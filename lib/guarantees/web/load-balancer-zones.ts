import { cannotProve, GuaranteeCheck, Problem, problemAt } from '../guarantee-check';
import { zonesOfSubnets } from '../model/facts';

/**
 * HA-WEB-002 — every load balancer (ELBv2 or Classic) has a node in the environment's minimum number of AZs.
 *
 * Why: a load balancer in one AZ is a single point of failure in front of a multi-AZ fleet.
 * How it is judged: the load balancer's `Subnets` (or `SubnetMappings`) are resolved across stacks
 * to their AZs; there must be at least the environment's minimum (2 or more) distinct ones.
 * Fix: place the load balancer in one public subnet per AZ (what `HaWebTier` does).
 */
export const LOAD_BALANCER_ZONES: GuaranteeCheck = {
  id: 'HA-WEB-002',
  rule: 'Every load balancer has nodes in 2+ AZs',
  fix: 'Give the load balancer one subnet in each AZ',
  check(model) {
    const problems: Problem[] = [];
    for (const lb of [
      ...model.resources('AWS::ElasticLoadBalancingV2::LoadBalancer'),
      ...model.resources('AWS::ElasticLoadBalancing::LoadBalancer'),
    ]) {
      const props = lb.resource.Properties ?? {};
      const subnets =
        props.Subnets ?? (Array.isArray(props.SubnetMappings) ? props.SubnetMappings.map((m: any) => m?.SubnetId) : props.SubnetMappings);
      // A Classic Load Balancer outside a VPC names its AZs directly.
      const named =
        subnets === undefined && props.AvailabilityZones !== undefined ? model.resolve(lb.stack, props.AvailabilityZones) : undefined;
      const zones =
        named === undefined
          ? zonesOfSubnets(model, lb.stack, subnets)
          : named.kind === 'literal' && Array.isArray(named.value)
            ? named.value.map(String)
            : { kind: 'unknown' as const, why: 'its AvailabilityZones are not literal' };
      if (!Array.isArray(zones)) {
        problems.push(cannotProve(lb, 'load balancer zones', zones));
        continue;
      }
      const distinct = new Set(zones);
      const minimumAzs = Math.max(2, model.settings.minimumAzs);
      if (distinct.size < minimumAzs) {
        problems.push(
          problemAt(
            lb,
            `Load balancer ${lb.logicalId} has nodes in ${distinct.size} AZ(s) (${[...distinct].join(', ') || 'none'}); losing one takes the entry point down. Give it a subnet in ${minimumAzs} or more AZs.`,
          ),
        );
      }
    }
    return problems;
  },
};
