import { CAPACITY_PLAN_METADATA } from '../web/capacity-plan';
import { CfnResource, CfnTemplate, referencedLogicalId, resourcesOfType } from './template-model';

/** A subnet whose default route leads to a NAT gateway, with both AZs as the template writes them. */
export interface NatEgress {
  readonly subnet: string;
  readonly natGateway: string;
  /** The subnet's `AvailabilityZone` (a name, or an intrinsic). */
  readonly subnetZone: unknown;
  /** The `AvailabilityZone` of the subnet holding the NAT gateway. */
  readonly natGatewayZone: unknown;
}

/**
 * Every subnet whose route table sends 0.0.0.0/0 to a NAT gateway in the same template. Shared by
 * the zonal-egress check and the AZ-loss analysis, which judge the same routes.
 */
export function natEgressOfSubnets(template: CfnTemplate): NatEgress[] {
  const zoneOf = (logicalId: string | undefined): unknown =>
    logicalId ? template.Resources?.[logicalId]?.Properties?.AvailabilityZone : undefined;
  const natByTable = new Map<string, string>();
  for (const [, route] of resourcesOfType(template, 'AWS::EC2::Route')) {
    const table = referencedLogicalId(route.Properties?.RouteTableId);
    const nat = referencedLogicalId(route.Properties?.NatGatewayId);
    if (table && nat && route.Properties?.DestinationCidrBlock === '0.0.0.0/0') {
      natByTable.set(table, nat);
    }
  }
  const egress: NatEgress[] = [];
  for (const [, association] of resourcesOfType(template, 'AWS::EC2::SubnetRouteTableAssociation')) {
    const subnet = referencedLogicalId(association.Properties?.SubnetId);
    const natGateway = natByTable.get(referencedLogicalId(association.Properties?.RouteTableId) ?? '');
    if (subnet && natGateway) {
      const natSubnet = referencedLogicalId(template.Resources?.[natGateway]?.Properties?.SubnetId);
      egress.push({ subnet, natGateway, subnetZone: zoneOf(subnet), natGatewayZone: zoneOf(natSubnet) });
    }
  }
  return egress;
}

/** What an Auto Scaling group keeps when its fullest AZ is lost. */
export interface GroupAzLossCapacity {
  /** AZs (subnets) the group spans. */
  readonly zones: number;
  readonly minSize: number;
  /** The baseline from the group's capacity-plan metadata, or 1 without a plan. */
  readonly baseline: number;
  /** Instances left without scaling: MinSize - ceil(MinSize / AZs), as groups balance over AZs; 0 in one AZ. */
  readonly remaining: number;
}

/** The static-stability arithmetic of one Auto Scaling group, shared by HA-WEB-001 and the AZ-loss analysis. */
export function groupAzLossCapacity(group: CfnResource): GroupAzLossCapacity {
  const props = group.Properties ?? {};
  const zones = Array.isArray(props.VPCZoneIdentifier)
    ? props.VPCZoneIdentifier.length
    : Array.isArray(props.AvailabilityZones)
      ? props.AvailabilityZones.length
      : 0;
  const minSize = Number(props.MinSize);
  const baseline = Number(group.Metadata?.[CAPACITY_PLAN_METADATA]?.baseline ?? 1);
  return { zones, minSize, baseline, remaining: zones < 2 ? 0 : minSize - Math.ceil(minSize / zones) };
}
