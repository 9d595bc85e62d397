import { EnvironmentModel } from './environment-model';
import { crossRegionSourceOf } from './region-facts';
import { Resolved, ResourceRef, StackTemplate, Unknown, isUnknown } from './resolved';
import { CAPACITY_PLAN_METADATA } from '../../web/capacity-plan';

/**
 * Facts derived from the environment model, shared by the checks and the AZ-loss analysis so that
 * both judge the same thing. Each fact is either known or an `Unknown` carrying the reason.
 */

/** Template metadata key under which a database records how many replicas (readers) it should have. */
export const DATA_PLAN_METADATA = 'cdk-ha-blueprint:dataPlan';

/** What a database (instance or cluster) promises in its plan. */
export interface DataPlan {
  readonly readReplicas: number;
}

/** `true`, `"true"` and the like; anything else (including an unresolvable value) is not true. */
export function resolvesTrue(model: EnvironmentModel, stack: StackTemplate, value: unknown): boolean | Unknown {
  const v = model.resolve(stack, value);
  if (v.kind === 'unknown') {
    return v;
  }
  return v.kind === 'literal' && (v.value === true || String(v.value).toLowerCase() === 'true');
}

/** A literal number, or the reason there is none. */
export function resolvesNumber(model: EnvironmentModel, stack: StackTemplate, value: unknown, what: string): number | Unknown {
  const v = model.resolve(stack, value);
  if (v.kind === 'unknown') {
    return v;
  }
  // CloudFormation takes integers as JSON numbers or plain decimal strings; "0x9", " 9" or "9e0"
  // would be read as 9 by Number() but are refused (or read otherwise) at deploy time.
  const text = v.kind === 'literal' ? v.value : undefined;
  const n = typeof text === 'number' ? text : typeof text === 'string' && /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  return Number.isFinite(n) ? n : { kind: 'unknown', why: `${what} is ${JSON.stringify(text)}, not a number CloudFormation reads as one` };
}

/** The resource a value refers to (by `Ref`), of the given type. */
export function referencedResource(
  model: EnvironmentModel,
  stack: StackTemplate,
  value: unknown,
  type: string,
  what: string,
): ResourceRef | Unknown {
  const v = model.resolve(stack, value);
  if (v.kind === 'unknown') {
    return v;
  }
  if (v.kind !== 'resource' || v.ref.resource.Type !== type) {
    return { kind: 'unknown', why: `${what} is ${v.kind === 'resource' ? `a ${v.ref.resource.Type}` : 'not a reference'}, not a ${type}` };
  }
  return v.ref;
}

/** The AZ of a subnet a value refers to. */
export function subnetZone(model: EnvironmentModel, stack: StackTemplate, value: unknown): { subnet: ResourceRef; zone: string } | Unknown {
  const subnet = referencedResource(model, stack, value, 'AWS::EC2::Subnet', 'a subnet reference');
  if (isUnknown(subnet)) {
    return subnet;
  }
  const props = subnet.resource.Properties ?? {};
  // An AZ ID (use1-az1) names a physical AZ; an AZ name maps to a different one in each account.
  // They are kept apart (`id:` prefix) so that a name and an ID are never taken for two AZs or one.
  const byId = props.AvailabilityZone === undefined && props.AvailabilityZoneId !== undefined;
  const zone = model.resolve(subnet.stack, byId ? props.AvailabilityZoneId : props.AvailabilityZone);
  if (zone.kind !== 'literal' || typeof zone.value !== 'string' || zone.value === '') {
    return { kind: 'unknown', why: `the AZ of subnet ${subnet.logicalId} is ${zone.kind === 'unknown' ? zone.why : 'not named'}` };
  }
  return { subnet, zone: byId ? `id:${zone.value}` : zone.value };
}

/** The AZs of a list of subnets, one entry per subnet. */
export function zonesOfSubnets(model: EnvironmentModel, stack: StackTemplate, value: unknown): string[] | Unknown {
  const items = model.resolveList(stack, value);
  if (!Array.isArray(items)) {
    return items;
  }
  const zones: string[] = [];
  for (const item of items) {
    const resolved =
      item.kind === 'resource' && !item.attribute
        ? subnetZone(model, item.ref.stack, { Ref: item.ref.logicalId })
        : describeAsUnknown(item);
    if (isUnknown(resolved)) {
      return resolved;
    }
    zones.push(resolved.zone);
  }
  const byId = zones.filter((z) => z.startsWith('id:'));
  if (byId.length > 0 && byId.length < zones.length) {
    return {
      kind: 'unknown',
      why: `the subnets name their AZs partly by ID (${byId.map((z) => z.slice(3)).join(', ')}) and partly by name, which map to each other only per account`,
    };
  }
  return zones;
}

function describeAsUnknown(item: Resolved): Unknown {
  return item.kind === 'unknown'
    ? item
    : {
        kind: 'unknown',
        why: `a subnet list holds ${item.kind === 'literal' ? `the literal ${JSON.stringify(item.value)}` : 'something that is not a subnet'}`,
      };
}

/** A private subnet's default route to a NAT gateway, with both AZs. */
export interface NatEgress {
  readonly subnet: ResourceRef;
  readonly subnetZone: string | Unknown;
  readonly natGateway: ResourceRef;
  readonly natGatewayZone: string | Unknown;
}

/**
 * Every subnet whose route table sends traffic to a NAT gateway (any destination), across stacks. Shared by the
 * zonal-egress check and the AZ-loss analysis, which judge the same routes.
 */
export function natEgressOfSubnets(model: EnvironmentModel): NatEgress[] {
  // Every route to a NAT gateway counts, whatever its destination: more specific routes (two /1s)
  // carry the internet traffic ahead of 0.0.0.0/0.
  const natsByTable = new Map<string, ResourceRef[]>();
  const key = (ref: ResourceRef) => `${ref.stack.stackName}/${ref.logicalId}`;
  for (const route of model.resources('AWS::EC2::Route')) {
    const props = route.resource.Properties ?? {};
    const table = referencedResource(model, route.stack, props.RouteTableId, 'AWS::EC2::RouteTable', 'RouteTableId');
    if (props.NatGatewayId === undefined || isUnknown(table)) {
      continue;
    }
    const nat = referencedResource(model, route.stack, props.NatGatewayId, 'AWS::EC2::NatGateway', 'NatGatewayId');
    if (!isUnknown(nat)) {
      natsByTable.set(key(table), [...(natsByTable.get(key(table)) ?? []), nat]);
    }
  }
  const egress: NatEgress[] = [];
  for (const association of model.resources('AWS::EC2::SubnetRouteTableAssociation')) {
    const props = association.resource.Properties ?? {};
    const table = referencedResource(model, association.stack, props.RouteTableId, 'AWS::EC2::RouteTable', 'RouteTableId');
    const natGateways = isUnknown(table) ? [] : (natsByTable.get(key(table)) ?? []);
    const subnet = subnetZone(model, association.stack, props.SubnetId);
    const subnetRef = referencedResource(model, association.stack, props.SubnetId, 'AWS::EC2::Subnet', 'SubnetId');
    if (isUnknown(subnetRef)) {
      continue;
    }
    for (const natGateway of natGateways.filter((n, i, all) => all.findIndex((m) => key(m) === key(n)) === i)) {
      const natZone = subnetZone(model, natGateway.stack, natGateway.resource.Properties?.SubnetId);
      egress.push({
        subnet: subnetRef,
        subnetZone: isUnknown(subnet) ? subnet : subnet.zone,
        natGateway,
        natGatewayZone: isUnknown(natZone) ? natZone : natZone.zone,
      });
    }
  }
  return egress;
}

/** What an Auto Scaling group keeps when the AZ holding most of it is lost. */
export interface GroupAzLossCapacity {
  readonly group: ResourceRef;
  /** `worker` for a group the library made as a queue worker fleet, else `web`. */
  readonly kind: 'web' | 'worker';
  /** The distinct AZs the group may launch in. */
  readonly zones: string[];
  readonly minSize: number;
  /** The baseline from the group's capacity plan; 1 for a group this library did not make. */
  readonly baseline: number;
  /** Whether the group is held to `balanced-only` distribution. */
  readonly balancedOnly: boolean;
  /** The most instances the worst distribution the group allows puts in one AZ. */
  readonly worstInOneAz: number;
  /** Instances left without scaling after losing that AZ. */
  readonly remaining: number;
}

/**
 * The static-stability arithmetic of one Auto Scaling group, judged on the worst distribution its
 * settings allow, not the average: with `balanced-only` Auto Scaling never puts more than
 * ceil(MinSize / AZs) in one AZ; with `balanced-best-effort` (the default) an AZ that cannot launch
 * pushes its share into the others, ceil(MinSize / (AZs - 1)) each, and losing one of those
 * leaves the rest. Shared by HA-WEB-001 and the AZ-loss analysis.
 */
export function groupAzLossCapacity(model: EnvironmentModel, group: ResourceRef): GroupAzLossCapacity | Unknown {
  const props = group.resource.Properties ?? {};
  const subnetZones =
    props.VPCZoneIdentifier !== undefined
      ? zonesOfSubnets(model, group.stack, props.VPCZoneIdentifier)
      : literalZones(model, group.stack, props.AvailabilityZones);
  if (isUnknown(subnetZones)) {
    return { kind: 'unknown', why: `the AZs of group ${group.logicalId}: ${subnetZones.why}` };
  }
  const declaredMin = resolvesNumber(model, group.stack, props.MinSize, 'MinSize');
  if (isUnknown(declaredMin)) {
    return { kind: 'unknown', why: `MinSize of group ${group.logicalId}: ${declaredMin.why}` };
  }
  // A scheduled action may lower the minimum at run time: the lowest minimum any schedule sets counts.
  let minSize = declaredMin;
  for (const action of model.resources('AWS::AutoScaling::ScheduledAction')) {
    const target = model.resolve(action.stack, action.resource.Properties?.AutoScalingGroupName);
    if (target.kind === 'unknown') {
      return { kind: 'unknown', why: `scheduled action ${action.logicalId} names a group that cannot be resolved, maybe this one` };
    }
    const ownName = props.AutoScalingGroupName;
    const targetsThis =
      target.kind === 'resource'
        ? target.ref.resource === group.resource
        : target.kind === 'literal' && ownName !== undefined && target.value === ownName;
    const scheduledMin = action.resource.Properties?.MinSize;
    if (targetsThis && scheduledMin !== undefined) {
      const n = resolvesNumber(model, action.stack, scheduledMin, 'MinSize');
      if (isUnknown(n)) {
        return { kind: 'unknown', why: `scheduled action ${action.logicalId} sets group ${group.logicalId}'s MinSize to ${n.why}` };
      }
      minSize = Math.min(minSize, n);
    }
  }
  const plan = group.resource.Metadata?.[CAPACITY_PLAN_METADATA];
  const isGroup = (m: { stack: StackTemplate; logicalId: string }) => m.stack === group.stack && m.logicalId === group.logicalId;
  // Workers (HaWorkerService) are held to the same capacity plan as web services.
  const worker = model.managed('worker-group').some(isGroup);
  const managed = worker || model.managed('web-group').some(isGroup);
  if (managed && !(Number(plan?.baseline) >= 1)) {
    return {
      kind: 'unknown',
      why: `group ${group.logicalId} was made by this library but its ${CAPACITY_PLAN_METADATA} metadata (the baseline) is missing or invalid`,
    };
  }
  const strategy = model.resolve(group.stack, props.AvailabilityZoneDistribution?.CapacityDistributionStrategy);
  const balancedOnly = strategy.kind === 'literal' && strategy.value === 'balanced-only';
  const zones = [...new Set(subnetZones)];
  const n = zones.length;
  const worstInOneAz = n < 2 ? minSize : balancedOnly ? Math.ceil(minSize / n) : Math.ceil(minSize / (n - 1));
  return {
    group,
    kind: worker ? 'worker' : 'web',
    zones,
    minSize,
    baseline: plan ? Number(plan.baseline) : 1,
    balancedOnly,
    worstInOneAz,
    remaining: minSize - worstInOneAz,
  };
}

function literalZones(model: EnvironmentModel, stack: StackTemplate, value: unknown): string[] | Unknown {
  const v = model.resolve(stack, value);
  if (v.kind === 'literal' && Array.isArray(v.value) && v.value.every((z) => typeof z === 'string')) {
    return v.value;
  }
  return { kind: 'unknown', why: v.kind === 'unknown' ? v.why : 'neither VPCZoneIdentifier nor AvailabilityZones names the AZs' };
}

/** The resources a value mentions anywhere inside it (a replica's source is an ARN joined around a `Ref`). */
export function mentionedResources(model: EnvironmentModel, stack: StackTemplate, value: unknown): ResourceRef[] | Unknown {
  const direct = model.resolve(stack, value);
  if (direct.kind === 'resource') {
    return [direct.ref];
  }
  if (direct.kind === 'literal' || direct.kind === 'noValue') {
    return [];
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const [fn, arg] = Object.entries(value)[0] ?? [];
    if (fn === 'Fn::Join' && Array.isArray(arg) && Array.isArray(arg[1])) {
      const found: ResourceRef[] = [];
      for (const part of arg[1]) {
        const inner = mentionedResources(model, stack, part);
        if (isUnknown(inner)) {
          const resolved = model.resolve(stack, part);
          // Pseudo parameters (account, region) inside an ARN do not hide a reference.
          if (
            resolved.kind === 'unknown' &&
            !(part && typeof part === 'object' && typeof (part as any).Ref === 'string' && (part as any).Ref.startsWith('AWS::'))
          ) {
            return inner;
          }
          continue;
        }
        found.push(...inner);
      }
      return found;
    }
  }
  return direct;
}

/** A relational database that accepts writes, with what it has to fail over to. */
export interface WriterFacts {
  readonly writer: ResourceRef;
  /** `instance` (RDS, Multi-AZ or not) or `cluster` (Aurora). */
  readonly kind: 'instance' | 'cluster';
  /** Whether a synchronous standby exists (RDS Multi-AZ). */
  readonly multiAz: boolean | Unknown;
  /** The writer's AZ, when named. */
  readonly zone?: string;
  /** Read replicas (RDS) or cluster members (Aurora, the writer among them), each with its AZ. */
  readonly readers: Array<{ ref: ResourceRef; zone: string | Unknown }>;
  /** The replicas (readers) the library planned, when it made the database. */
  readonly plannedReaders?: number;
  /** Why the plan could not be read, when the library made the database. */
  readonly planProblem?: string;
  /**
   * `writer`: takes writes now. `global-secondary`: an Aurora cluster that joins a global database
   * whose primary is defined outside this environment (another Region's Stage); read-only until
   * promoted, then the writer, so it is judged as one. Unknown when its global membership cannot be
   * read: the checks then cannot prove anything about it (fail closed).
   */
  readonly role: 'writer' | 'global-secondary' | Unknown;
}

/**
 * A DB cluster's role. With no `GlobalClusterIdentifier` it writes. With a literal identifier that no
 * `AWS::RDS::GlobalCluster` of this environment declares, the global cluster (and so the primary)
 * lives elsewhere: a secondary. With a reference to a GlobalCluster of this environment, it is that
 * database's writer when the GlobalCluster names no other source. Anything else cannot be told.
 */
function clusterRole(model: EnvironmentModel, cluster: ResourceRef): WriterFacts['role'] {
  const global = cluster.resource.Properties?.GlobalClusterIdentifier;
  if (global === undefined || global === '') {
    return 'writer';
  }
  const declared = model.resources('AWS::RDS::GlobalCluster');
  const resolved = model.resolve(cluster.stack, global);
  if (resolved.kind === 'literal' && typeof resolved.value === 'string') {
    const name = resolved.value.toLowerCase();
    const same = declared.filter((g) => {
      const id = model.resolve(g.stack, g.resource.Properties?.GlobalClusterIdentifier);
      return id.kind !== 'literal' || String(id.value).toLowerCase() === name;
    });
    return same.length === 0
      ? 'global-secondary'
      : { kind: 'unknown', why: `${cluster.logicalId} joins global cluster '${resolved.value}', which this environment also declares` };
  }
  const mentioned = mentionedResources(model, cluster.stack, global);
  if (!isUnknown(mentioned) && mentioned.length === 1 && mentioned[0].resource.Type === 'AWS::RDS::GlobalCluster') {
    const source = mentioned[0].resource.Properties?.SourceDBClusterIdentifier;
    return source === undefined
      ? 'writer'
      : { kind: 'unknown', why: `${cluster.logicalId} joins a global cluster created from another cluster` };
  }
  return { kind: 'unknown', why: `${cluster.logicalId}'s GlobalClusterIdentifier cannot be resolved, so whether it writes cannot be told` };
}

/** Each read replica or Aurora member, with the resources its source names (or why it cannot be followed). */
function sourcesOf(model: EnvironmentModel): Map<ResourceRef, ResourceRef[] | Unknown> {
  // Keyed by the ref objects of one `resources()` call; callers compare resources, not refs.
  const sources = new Map<ResourceRef, ResourceRef[] | Unknown>();
  for (const instance of model.resources('AWS::RDS::DBInstance')) {
    const props = instance.resource.Properties ?? {};
    const source = props.SourceDBInstanceIdentifier ?? props.DBClusterIdentifier;
    if (source !== undefined) {
      sources.set(instance, mentionedResources(model, instance.stack, source));
    }
  }
  return sources;
}

/**
 * Replicas and Aurora members whose writer cannot be told: they may belong to any database. A
 * cross-Region replica (its source a literal ARN in another Region than the environment's) is not
 * one: its writer is in the primary Region, and the HA-REG checks judge it over the Region pair.
 */
export function unattributedReaders(model: EnvironmentModel): Array<{ ref: ResourceRef; why: string }> {
  return [...sourcesOf(model).entries()]
    .filter(([ref, s]) => (isUnknown(s) || s.length !== 1) && !crossRegionSourceOf(model, ref))
    .map(([ref, s]) => ({ ref, why: isUnknown(s) ? s.why : `its source names ${s.length} resources` }));
}

/** Every writer (RDS instance that is not a replica or Aurora member, and every Aurora cluster) with its readers. */
export function writersOf(model: EnvironmentModel): WriterFacts[] {
  const instances = model.resources('AWS::RDS::DBInstance');
  const zoneOf = (ref: ResourceRef): string | Unknown => {
    const z = model.resolve(ref.stack, ref.resource.Properties?.AvailabilityZone);
    return z.kind === 'literal' && typeof z.value === 'string' ? z.value : { kind: 'unknown', why: `${ref.logicalId} names no AZ` };
  };
  const sourceOf = sourcesOf(model);
  const readersOf = (writer: ResourceRef) =>
    [...sourceOf.entries()]
      .filter(([, s]) => Array.isArray(s) && s.length === 1 && s[0].resource === writer.resource)
      .map(([ref]) => ({ ref, zone: zoneOf(ref) }));
  const plan = (writer: ResourceRef, kind: 'database') => {
    const p = writer.resource.Metadata?.[DATA_PLAN_METADATA];
    const managed = model.managed(kind).some((m) => m.stack === writer.stack && m.logicalId === writer.logicalId);
    const valid = p !== undefined && Number.isInteger(Number(p.readReplicas));
    return {
      plannedReaders: valid ? Number(p.readReplicas) : undefined,
      planProblem:
        managed && !valid
          ? `${writer.logicalId} was made by this library but its ${DATA_PLAN_METADATA} metadata is missing or invalid`
          : undefined,
    };
  };
  const writers: WriterFacts[] = [];
  const isReader = (instance: ResourceRef) => [...sourceOf.keys()].some((r) => r.resource === instance.resource);
  for (const instance of instances) {
    if (isReader(instance)) {
      continue;
    }
    const zone = zoneOf(instance);
    writers.push({
      writer: instance,
      kind: 'instance',
      multiAz: resolvesTrue(model, instance.stack, instance.resource.Properties?.MultiAZ ?? false),
      zone: isUnknown(zone) ? undefined : zone,
      readers: readersOf(instance),
      ...plan(instance, 'database'),
      role: 'writer',
    });
  }
  for (const cluster of model.resources('AWS::RDS::DBCluster')) {
    writers.push({
      writer: cluster,
      kind: 'cluster',
      multiAz: false,
      readers: readersOf(cluster),
      ...plan(cluster, 'database'),
      role: clusterRole(model, cluster),
    });
  }
  return writers;
}

/** One shard of a cache replication group and the AZs of its nodes. */
export interface CacheShard {
  readonly primaryZone: string | Unknown;
  readonly replicaZones: Array<string | Unknown>;
}

/** A cache replication group's failover facts. */
export interface CacheGroupFacts {
  readonly group: ResourceRef;
  readonly multiAz: boolean | Unknown;
  readonly automaticFailover: boolean | Unknown;
  /** The shards with their node AZs; an `Unknown` when the group does not say where its nodes go. */
  readonly shards: CacheShard[] | Unknown;
}

/** Every ElastiCache replication group with its failover settings and node placement. */
export function cachesOf(model: EnvironmentModel): CacheGroupFacts[] {
  return model.resources('AWS::ElastiCache::ReplicationGroup').map((group) => {
    const props = group.resource.Properties ?? {};
    const zone = (value: unknown): string | Unknown => {
      const z = model.resolve(group.stack, value);
      return z.kind === 'literal' && typeof z.value === 'string'
        ? z.value
        : { kind: 'unknown', why: z.kind === 'unknown' ? z.why : 'a node with no AZ named' };
    };
    let shards: CacheShard[] | Unknown;
    const configuration = model.resolveList(group.stack, props.NodeGroupConfiguration ?? []);
    if (!Array.isArray(configuration)) {
      shards = configuration;
    } else if (configuration.length > 0) {
      shards = configuration.map((c) => {
        const shard = c.kind === 'literal' ? (c.value as Record<string, unknown>) : {};
        const replicaZones = model.resolveList(group.stack, shard.ReplicaAvailabilityZones ?? []);
        const replicas = resolvesNumber(
          model,
          group.stack,
          props.ReplicasPerNodeGroup ?? (Array.isArray(replicaZones) ? replicaZones.length : 0),
          'ReplicasPerNodeGroup',
        );
        const named = Array.isArray(replicaZones)
          ? replicaZones.map((z) => zone(z.kind === 'literal' ? z.value : undefined))
          : [replicaZones];
        // Replicas beyond the named AZs are placed by ElastiCache, possibly beside the primary.
        const unnamed = isUnknown(replicas) ? 0 : Math.max(0, replicas - named.length);
        return {
          primaryZone: zone(shard.PrimaryAvailabilityZone),
          replicaZones: [...named, ...Array.from({ length: unnamed }, () => zone(undefined))],
        };
      });
    } else {
      const preferred = model.resolveList(group.stack, props.PreferredCacheClusterAZs ?? []);
      const nodes = resolvesNumber(model, group.stack, props.NumCacheClusters ?? 1, 'NumCacheClusters');
      if (!Array.isArray(preferred)) {
        shards = preferred;
      } else if (isUnknown(nodes)) {
        shards = nodes;
      } else {
        const zones = Array.from({ length: nodes }, (_, i) =>
          zone(preferred[i]?.kind === 'literal' ? (preferred[i] as any).value : undefined),
        );
        shards = [{ primaryZone: zones[0], replicaZones: zones.slice(1) }];
      }
    }
    return {
      group,
      multiAz: resolvesTrue(model, group.stack, props.MultiAZEnabled ?? false),
      automaticFailover: resolvesTrue(model, group.stack, props.AutomaticFailoverEnabled ?? false),
      shards,
    };
  });
}

/**
 * The distinct AZs of the subnet group a database or cache is placed in: where RDS and ElastiCache
 * may put a standby, replica or failover target. A subnet group in one AZ makes Multi-AZ impossible.
 */
export function subnetGroupZones(model: EnvironmentModel, owner: ResourceRef, property: string, groupType: string): string[] | Unknown {
  const value = owner.resource.Properties?.[property];
  if (value === undefined) {
    return { kind: 'unknown', why: `${property} is not set, so the default subnet group (whose AZs the templates do not show) is used` };
  }
  const group = referencedResource(model, owner.stack, value, groupType, property);
  if (isUnknown(group)) {
    return group;
  }
  const zones = zonesOfSubnets(model, group.stack, group.resource.Properties?.SubnetIds);
  return isUnknown(zones) ? zones : [...new Set(zones)];
}

/** How a target group routes between AZs, from its attributes. */
export interface TargetGroupRouting {
  readonly targetGroup: ResourceRef;
  /** Cross-zone load balancing off: each load-balancer node sends only to its own AZ's targets. */
  readonly azLocal: boolean;
  /** Healthy targets below which an AZ's node leaves DNS, when set. */
  readonly dnsFailoverMinimumHealthy?: number;
}

/** The target groups an Auto Scaling group registers with, and how each routes between AZs. */
export function targetGroupsOf(model: EnvironmentModel, group: ResourceRef): TargetGroupRouting[] {
  const items = model.resolveList(group.stack, group.resource.Properties?.TargetGroupARNs ?? []);
  if (!Array.isArray(items)) {
    return [];
  }
  return items.flatMap((item) => {
    if (item.kind !== 'resource' || item.ref.resource.Type !== 'AWS::ElasticLoadBalancingV2::TargetGroup') {
      return [];
    }
    const attributes = new Map<string, unknown>();
    for (const attribute of (item.ref.resource.Properties?.TargetGroupAttributes as Array<{ Key: unknown; Value: unknown }>) ?? []) {
      const value = model.resolve(item.ref.stack, attribute?.Value);
      attributes.set(String(attribute?.Key), value.kind === 'literal' ? value.value : undefined);
    }
    const count = Number(attributes.get('target_group_health.dns_failover.minimum_healthy_targets.count'));
    return [
      {
        targetGroup: item.ref,
        azLocal: String(attributes.get('load_balancing.cross_zone.enabled')).toLowerCase() === 'false',
        dnsFailoverMinimumHealthy: Number.isInteger(count) && count > 0 ? count : undefined,
      },
    ];
  });
}
