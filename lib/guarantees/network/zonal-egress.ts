import { cannotProve, GuaranteeCheck, Problem, problemAt } from '../guarantee-check';
import { natEgressOfSubnets } from '../model/facts';
import { isUnknown } from '../model/resolved';

/**
 * HA-NET-001 — every private subnet's default route leads to a NAT gateway in its own AZ.
 *
 * Why: a subnet routed through another AZ's NAT gateway loses egress when that AZ fails,
 * although its own AZ is healthy; a single-AZ failure then spreads.
 * How it is judged: across the environment's stacks, each subnet associated with a route table
 * whose 0.0.0.0/0 route targets a NAT gateway must be in the AZ of the gateway's subnet. Either
 * AZ unresolvable is a finding.
 * Fix: one NAT gateway per AZ (`HaNetwork` `natGateways` = AZ count), each private route table
 * pointing at its own AZ's gateway.
 */
export const ZONAL_EGRESS: GuaranteeCheck = {
  id: 'HA-NET-001',
  rule: "Every private subnet's default route goes to a NAT gateway in the subnet's own AZ",
  fix: 'Give every AZ its own NAT gateway and route each private subnet to the one in its AZ',
  check(model) {
    const problems: Problem[] = [];
    for (const { subnet, subnetZone, natGateway, natGatewayZone } of natEgressOfSubnets(model)) {
      if (isUnknown(subnetZone) || isUnknown(natGatewayZone)) {
        problems.push(cannotProve(subnet, 'zonal egress', isUnknown(subnetZone) ? subnetZone : (natGatewayZone as any)));
      } else if (subnetZone !== natGatewayZone) {
        problems.push(
          problemAt(
            subnet,
            `Subnet ${subnet.logicalId} in ${subnetZone} routes egress through NAT gateway ${natGateway.logicalId} in ${natGatewayZone}; losing that AZ cuts this one's egress. Give every AZ its own NAT gateway.`,
          ),
        );
      }
    }
    return problems;
  },
};
