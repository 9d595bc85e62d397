import { natEgressOfSubnets } from '../template-facts';
import { CfnTemplate, Finding, GuaranteeCheck } from '../template-model';

/**
 * HA-NET-001 — every private subnet's default route leads to a NAT gateway in its own AZ.
 *
 * Why: a subnet routed through another AZ's NAT gateway loses egress when that AZ fails,
 * although its own AZ is healthy; a single-AZ failure then spreads.
 * Fix: one NAT gateway per AZ (`HaNetwork` `natGateways` = AZ count), each private route
 * table pointing at its own AZ's gateway.
 * Subnets without a NAT default route (isolated, or public via an internet gateway) are not judged.
 */
export const ZONAL_EGRESS: GuaranteeCheck = {
  id: 'HA-NET-001',
  severity: 'error',
  rule: "Every private subnet's default route goes to a NAT gateway in the subnet's own AZ",
  fix: 'Give every AZ its own NAT gateway and route each private subnet to the one in its AZ',
  check(template: CfnTemplate): Finding[] {
    const findings: Finding[] = [];
    for (const { subnet, natGateway, subnetZone, natGatewayZone } of natEgressOfSubnets(template)) {
      if (JSON.stringify(subnetZone) !== JSON.stringify(natGatewayZone)) {
        findings.push({
          checkId: this.id,
          severity: this.severity,
          logicalId: subnet,
          message: `Subnet ${subnet} in ${JSON.stringify(subnetZone)} routes egress through NAT gateway ${natGateway} in ${JSON.stringify(natGatewayZone)}; losing that AZ cuts this one's egress. Give every AZ its own NAT gateway.`,
        });
      }
    }
    return findings;
  },
};
