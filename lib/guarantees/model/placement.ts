import { EnvironmentModel } from './environment-model';
import { cachesOf, subnetZone, writersOf, zonesOfSubnets } from './facts';
import { isUnknown, ResourceRef } from './resolved';

/** What a placed resource does, as the placement diagram names it. */
export type PlacedKind =
  'web-group' | 'load-balancer' | 'database-writer' | 'database-reader' | 'cache-primary' | 'cache-replica' | 'nat-gateway';

/** One resource (or one node of it) in one AZ. */
export interface PlacedResource {
  /** Name of the stack holding the resource. */
  readonly stack: string;
  /** Logical ID of the resource. */
  readonly logicalId: string;
  readonly kind: PlacedKind;
  /** Which part of the resource sits there, when it has several (`shard 1 primary`, `standby`). */
  readonly role?: string;
}

/** A resource whose AZ the templates do not name, with the reason. */
export interface UnplacedResource extends PlacedResource {
  readonly why: string;
}

/** Where an environment's HA-relevant resources sit, AZ by AZ. */
export interface Placement {
  /** The environment's AZs (declared, else named by its subnets), then any other AZ a resource names, sorted. */
  readonly availabilityZones: string[];
  /** For each AZ, what runs there: a group or load balancer appears in every AZ it spans. */
  readonly byZone: Record<string, PlacedResource[]>;
  /** What the templates do not place in a named AZ (RDS chooses a Multi-AZ writer's AZ, for one). */
  readonly unplaced: UnplacedResource[];
}

/**
 * Which Auto Scaling groups, load balancer nodes, database writers and readers, cache nodes and
 * NAT gateways sit in each AZ, read through the environment model (facts only, no judgement).
 * The availability report draws it, so that a reviewer sees at a glance an AZ that holds too much.
 *
 * @param zones the environment's AZs, in the order to show them
 */
export function placementOf(model: EnvironmentModel, zones: readonly string[]): Placement {
  const byZone: Record<string, PlacedResource[]> = Object.fromEntries(zones.map((z) => [z, []]));
  const unplaced: UnplacedResource[] = [];
  const place = (zone: string, ref: ResourceRef, kind: PlacedKind, role?: string) => {
    (byZone[zone] ??= []).push({ stack: ref.stack.stackName, logicalId: ref.logicalId, kind, ...(role ? { role } : {}) });
  };
  const unknownAt = (ref: ResourceRef, kind: PlacedKind, why: string, role?: string) =>
    unplaced.push({ stack: ref.stack.stackName, logicalId: ref.logicalId, kind, ...(role ? { role } : {}), why });

  for (const group of model.resources('AWS::AutoScaling::AutoScalingGroup')) {
    const props = group.resource.Properties ?? {};
    const groupZones =
      props.VPCZoneIdentifier !== undefined
        ? zonesOfSubnets(model, group.stack, props.VPCZoneIdentifier)
        : literalList(model, group, props);
    if (isUnknown(groupZones)) {
      unknownAt(group, 'web-group', groupZones.why);
    } else {
      new Set(groupZones).forEach((zone) => place(zone, group, 'web-group'));
    }
  }

  for (const lb of model.resources('AWS::ElasticLoadBalancingV2::LoadBalancer')) {
    const props = lb.resource.Properties ?? {};
    const subnets =
      props.Subnets ?? (Array.isArray(props.SubnetMappings) ? props.SubnetMappings.map((m: any) => m?.SubnetId) : props.SubnetMappings);
    const lbZones = zonesOfSubnets(model, lb.stack, subnets);
    if (isUnknown(lbZones)) {
      unknownAt(lb, 'load-balancer', lbZones.why);
    } else {
      new Set(lbZones).forEach((zone) => place(zone, lb, 'load-balancer'));
    }
  }

  for (const { writer, kind, multiAz, zone, readers } of writersOf(model)) {
    if (kind === 'instance') {
      const standby = multiAz === true ? ', with a standby in another AZ' : '';
      if (zone) {
        place(zone, writer, 'database-writer', multiAz === true ? 'primary; standby in another AZ' : undefined);
      } else {
        unknownAt(writer, 'database-writer', `no AvailabilityZone: RDS chooses the writer's AZ${standby}`);
      }
    }
    for (const reader of readers) {
      // An Aurora cluster's members are readers here too: any of them may become the writer.
      const role = kind === 'cluster' ? `member of ${writer.logicalId}` : `replica of ${writer.logicalId}`;
      if (isUnknown(reader.zone)) {
        unknownAt(reader.ref, 'database-reader', reader.zone.why, role);
      } else {
        place(reader.zone, reader.ref, 'database-reader', role);
      }
    }
  }

  for (const { group, shards } of cachesOf(model)) {
    if (isUnknown(shards)) {
      unknownAt(group, 'cache-primary', shards.why);
      continue;
    }
    shards.forEach((shard, i) => {
      const shardName = shards.length > 1 ? `shard ${i + 1}` : undefined;
      const nodes: Array<[string | { why: string }, PlacedKind, string | undefined]> = [
        [shard.primaryZone, 'cache-primary', shardName],
        ...shard.replicaZones.map(
          (z, r) => [z, 'cache-replica', `${shardName ? `${shardName} ` : ''}replica ${r + 1}`] as [typeof z, PlacedKind, string],
        ),
      ];
      for (const [nodeZone, nodeKind, role] of nodes) {
        if (typeof nodeZone === 'string') {
          place(nodeZone, group, nodeKind, role);
        } else {
          unknownAt(group, nodeKind, nodeZone.why, role);
        }
      }
    });
  }

  for (const nat of model.resources('AWS::EC2::NatGateway')) {
    const located = subnetZone(model, nat.stack, nat.resource.Properties?.SubnetId);
    if (isUnknown(located)) {
      unknownAt(nat, 'nat-gateway', located.why);
    } else {
      place(located.zone, nat, 'nat-gateway');
    }
  }

  const extra = Object.keys(byZone)
    .filter((z) => !zones.includes(z))
    .sort();
  return { availabilityZones: [...zones, ...extra], byZone, unplaced };
}

function literalList(model: EnvironmentModel, group: ResourceRef, props: Record<string, any>): string[] | { kind: 'unknown'; why: string } {
  const v = model.resolve(group.stack, props.AvailabilityZones);
  return v.kind === 'literal' && Array.isArray(v.value) && v.value.every((z) => typeof z === 'string')
    ? v.value
    : { kind: 'unknown', why: 'neither VPCZoneIdentifier nor AvailabilityZones names the AZs' };
}
