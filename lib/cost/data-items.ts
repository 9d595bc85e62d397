import { CostItem, shortName } from './cost-item';
import { EnvironmentModel } from '../guarantees/model/environment-model';
import { resolvesNumber, resolvesTrue } from '../guarantees/model/facts';
import { isUnknown, ResourceRef } from '../guarantees/model/resolved';

/**
 * RDS instances (writers and read replicas) by class, engine and Multi-AZ, their storage, and the
 * RDS-managed master secret; ElastiCache nodes by type and count. A Multi-AZ instance bills the
 * standby's instance-hours and storage too (RDS User Guide, "Multi-AZ DB instances", read 2026-11-29).
 */
export function dataItems(model: EnvironmentModel): CostItem[] {
  return [
    ...model.resources('AWS::RDS::DBInstance').flatMap((db) => databaseItems(model, db)),
    ...model.resources('AWS::ElastiCache::ReplicationGroup').map((group) => cacheItem(model, group)),
  ];
}

function databaseItems(model: EnvironmentModel, db: ResourceRef): CostItem[] {
  const props = db.resource.Properties ?? {};
  const name = shortName(db);
  const source = sourceInstance(model, db);
  const instanceClass = model.resolve(db.stack, props.DBInstanceClass);
  const engine = engineOf(model, db, source);
  const multiAz = resolvesTrue(model, db.stack, props.MultiAZ ?? false);
  const copies = multiAz === true ? 2 : 1;
  const role = props.SourceDBInstanceIdentifier !== undefined ? 'read replica' : 'writer';
  const azNote = multiAz === true ? 'Multi-AZ: primary + standby' : 'Single-AZ';
  const items: CostItem[] = [];
  if (instanceClass.kind !== 'literal' || !engine || isUnknown(multiAz)) {
    items.push({
      service: 'RDS',
      what: `${role} instance`,
      resource: name,
      quantity: 0,
      unit: 'instance',
      unknown: 'its class, engine or Multi-AZ setting is not literal',
    });
  } else {
    const cls = String(instanceClass.value);
    items.push({
      service: 'RDS',
      what: `${engine} ${cls} ${role}`,
      resource: name,
      quantity: copies,
      unit: 'instance',
      priceKey: `rds:${engine}:${cls}`,
      label: `${cls} (${engine})`,
      note: azNote,
    });
  }
  if (props.DBClusterIdentifier !== undefined) {
    // An Aurora member has no storage of its own: the cluster volume bills per GB used and per I/O.
    items.push({
      service: 'RDS',
      what: 'Aurora cluster storage',
      resource: name,
      quantity: 0,
      unit: 'GB',
      excluded: 'Aurora storage is billed per GB used and per I/O',
    });
    return items;
  }
  // A replica's storage is its source's; RDS allocates the same size.
  const storageOwner = props.AllocatedStorage !== undefined ? db : source;
  const size = storageOwner
    ? resolvesNumber(model, storageOwner.stack, storageOwner.resource.Properties?.AllocatedStorage, 'AllocatedStorage')
    : undefined;
  const storageType = model.resolve(db.stack, props.StorageType ?? storageOwner?.resource.Properties?.StorageType);
  if (size === undefined || isUnknown(size) || storageType.kind !== 'literal') {
    items.push({
      service: 'RDS',
      what: 'storage',
      resource: name,
      quantity: 0,
      unit: 'GB',
      unknown:
        size === undefined
          ? 'a replica whose source (and so its allocated storage) is outside these templates'
          : 'its allocated storage or storage type is not literal',
    });
  } else {
    items.push({
      service: 'RDS',
      what: `${storageType.value} storage (${size} GB${copies > 1 ? ' x 2' : ''})`,
      resource: name,
      quantity: size * copies,
      unit: 'GB',
      priceKey: `rds:storage:${storageType.value}`,
      label: `RDS ${storageType.value} storage`,
      note: props.Iops !== undefined ? 'provisioned IOPS not priced' : 'growth up to MaxAllocatedStorage not estimated',
    });
  }
  if (resolvesTrue(model, db.stack, props.ManageMasterUserPassword) === true) {
    items.push({
      service: 'Secrets Manager',
      what: 'RDS-managed master user secret',
      resource: name,
      quantity: 1,
      unit: 'secret',
      priceKey: 'secretsmanager:secret',
    });
  }
  return items;
}

/** The instance a replica copies, when it is in these templates (a `Ref` inside its source ARN). */
function sourceInstance(model: EnvironmentModel, db: ResourceRef): ResourceRef | undefined {
  const ref = findRef(db.resource.Properties?.SourceDBInstanceIdentifier);
  const target = ref ? model.resolve(db.stack, { Ref: ref }) : undefined;
  return target?.kind === 'resource' && target.ref.resource.Type === 'AWS::RDS::DBInstance' ? target.ref : undefined;
}

function findRef(value: unknown): string | undefined {
  if (Array.isArray(value)) {
    return value.map(findRef).find((r) => r !== undefined);
  }
  if (value && typeof value === 'object') {
    const ref = (value as Record<string, unknown>).Ref;
    return typeof ref === 'string'
      ? ref
      : Object.values(value)
          .map(findRef)
          .find((r) => r !== undefined);
  }
  return undefined;
}

/** The engine: the instance's own, its source's, or its parameter group's family (`postgres17`). */
function engineOf(model: EnvironmentModel, db: ResourceRef, source?: ResourceRef): string | undefined {
  for (const candidate of [db, source]) {
    const engine = candidate ? model.resolve(candidate.stack, candidate.resource.Properties?.Engine) : undefined;
    if (engine?.kind === 'literal' && typeof engine.value === 'string') {
      return engine.value;
    }
  }
  const group = model.resolve(db.stack, db.resource.Properties?.DBParameterGroupName);
  const family = group.kind === 'resource' ? model.resolve(group.ref.stack, group.ref.resource.Properties?.Family) : undefined;
  return family?.kind === 'literal' ? /^[a-z-]+?(?=\d|$)/.exec(String(family.value))?.[0] : undefined;
}

function cacheItem(model: EnvironmentModel, group: ResourceRef): CostItem {
  const props = group.resource.Properties ?? {};
  const name = shortName(group);
  const nodeType = model.resolve(group.stack, props.CacheNodeType);
  const engine = model.resolve(group.stack, props.Engine ?? 'redis');
  const nodes = nodeCount(model, group);
  if (nodeType.kind !== 'literal' || engine.kind !== 'literal' || isUnknown(nodes)) {
    return {
      service: 'ElastiCache',
      what: 'nodes',
      resource: name,
      quantity: 0,
      unit: 'node',
      unknown: isUnknown(nodes) ? nodes.why : 'its node type or engine is not literal',
    };
  }
  return {
    service: 'ElastiCache',
    what: `${engine.value} ${nodeType.value} nodes`,
    resource: name,
    quantity: nodes.count,
    unit: 'node',
    priceKey: `elasticache:${engine.value}:${nodeType.value}`,
    label: `${nodeType.value} (${engine.value})`,
    note: nodes.how,
  };
}

function nodeCount(model: EnvironmentModel, group: ResourceRef): { count: number; how: string } | { kind: 'unknown'; why: string } {
  const props = group.resource.Properties ?? {};
  if (props.NumCacheClusters !== undefined) {
    const n = resolvesNumber(model, group.stack, props.NumCacheClusters, 'NumCacheClusters');
    return isUnknown(n) ? n : { count: n, how: `NumCacheClusters ${n}` };
  }
  const shards = resolvesNumber(model, group.stack, props.NumNodeGroups ?? 1, 'NumNodeGroups');
  const replicas = resolvesNumber(model, group.stack, props.ReplicasPerNodeGroup ?? 0, 'ReplicasPerNodeGroup');
  if (isUnknown(shards) || isUnknown(replicas)) {
    return isUnknown(shards) ? shards : (replicas as { kind: 'unknown'; why: string });
  }
  return { count: shards * (1 + replicas), how: `${shards} shard(s) x (1 primary + ${replicas} replicas)` };
}
