import { CfnTemplate, Finding, GuaranteeCheck, referencedLogicalId, resourcesOfType } from '../template-model';

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
    const resources = template.Resources ?? {};
    const subnetAz = (logicalId: string | undefined): unknown =>
      logicalId ? resources[logicalId]?.Properties?.AvailabilityZone : undefined;

    const natRouteByTable = new Map<string, string>();
    for (const [, route] of resourcesOfType(template, 'AWS::EC2::Route')) {
      const props = route.Properties ?? {};
      const table = referencedLogicalId(props.RouteTableId);
      const nat = referencedLogicalId(props.NatGatewayId);
      if (table && nat && props.DestinationCidrBlock === '0.0.0.0/0') {
        natRouteByTable.set(table, nat);
      }
    }

    const findings: Finding[] = [];
    for (const [, association] of resourcesOfType(template, 'AWS::EC2::SubnetRouteTableAssociation')) {
      const subnet = referencedLogicalId(association.Properties?.SubnetId);
      const table = referencedLogicalId(association.Properties?.RouteTableId);
      const nat = table ? natRouteByTable.get(table) : undefined;
      if (!subnet || !nat) {
        continue;
      }
      const natSubnet = referencedLogicalId(resources[nat]?.Properties?.SubnetId);
      const az = subnetAz(subnet);
      const natAz = subnetAz(natSubnet);
      if (JSON.stringify(az) !== JSON.stringify(natAz)) {
        findings.push({
          checkId: this.id,
          severity: this.severity,
          logicalId: subnet,
          message: `Subnet ${subnet} in ${JSON.stringify(az)} routes egress through NAT gateway ${nat} in ${JSON.stringify(natAz)}; losing that AZ cuts this one's egress. Give every AZ its own NAT gateway.`,
        });
      }
    }
    return findings;
  },
};
