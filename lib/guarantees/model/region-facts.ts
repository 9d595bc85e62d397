import { EnvironmentModel } from './environment-model';
import { ResourceRef, StackTemplate, Unknown, isUnknown } from './resolved';

/**
 * Facts about the cross-Region data of an environment: replicas named by ARN, Aurora global
 * clusters and their secondaries (failover records: `failover-records.ts`; lag alarms:
 * `lag-alarms.ts`). Shared by the HA-REG checks, HA-AVL-002 and the Region-loss analysis. Each
 * fact is known or an `Unknown` carrying the reason.
 */

/** The parts of an RDS ARN (`arn:aws:rds:us-east-1:123456789012:db:prod-db`). */
export interface RdsArn {
  readonly region: string;
  readonly account: string;
  /** `db` (an instance) or `cluster`. */
  readonly resourceType: 'db' | 'cluster';
  readonly identifier: string;
}

const RDS_ARN = /^arn:aws[a-z-]*:rds:([a-z0-9-]+):(\d{12}):(db|cluster):([A-Za-z0-9-]+)$/;

/** An RDS ARN's parts, or undefined when the value is not a literal RDS ARN. */
export function parseRdsArn(value: unknown): RdsArn | undefined {
  const match = typeof value === 'string' ? RDS_ARN.exec(value) : null;
  return match ? { region: match[1], account: match[2], resourceType: match[3] as 'db' | 'cluster', identifier: match[4] } : undefined;
}

/** A DB instance whose `SourceDBInstanceIdentifier` is a literal ARN: a replica of a database outside these templates. */
export interface ReplicaByArn {
  readonly ref: ResourceRef;
  readonly source: RdsArn;
}

/** Every DB instance replicating from a database named by a literal ARN (in any Region). */
export function replicasByArnOf(model: EnvironmentModel): ReplicaByArn[] {
  return model.resources('AWS::RDS::DBInstance').flatMap((ref) => {
    const source = model.resolve(ref.stack, ref.resource.Properties?.SourceDBInstanceIdentifier);
    const arn = source.kind === 'literal' ? parseRdsArn(source.value) : undefined;
    return arn ? [{ ref, source: arn }] : [];
  });
}

/**
 * The engine a DB instance names, lowercased: its `Engine`, or the `Family` of its parameter group
 * (`postgres16`, `mysql8.0`). A read replica may omit both (it inherits its source's): undefined.
 */
export function replicaEngineOf(model: EnvironmentModel, instance: ResourceRef): string | undefined {
  const literal = (ref: ResourceRef, property: string) => {
    const v = model.resolve(ref.stack, ref.resource.Properties?.[property]);
    return v.kind === 'literal' && typeof v.value === 'string' ? v.value.toLowerCase() : undefined;
  };
  const engine = literal(instance, 'Engine');
  if (engine) {
    return engine;
  }
  const group = model.resolve(instance.stack, instance.resource.Properties?.DBParameterGroupName);
  return group.kind === 'resource' && group.ref.resource.Type === 'AWS::RDS::DBParameterGroup' ? literal(group.ref, 'Family') : undefined;
}

/**
 * The source of a DB instance when it is a literal ARN in another Region than the instance's own
 * stack's (known from the cloud assembly): a cross-Region replica, whose source no template of this
 * environment holds. Its placement is judged by the HA-REG checks over the Region pair, not by
 * HA-DATA-002. Undefined for every other instance, and when the environment's Region is unknown.
 */
export function crossRegionSourceOf(model: EnvironmentModel, instance: ResourceRef): RdsArn | undefined {
  const source = model.resolve(instance.stack, instance.resource.Properties?.SourceDBInstanceIdentifier);
  const arn = source.kind === 'literal' ? parseRdsArn(source.value) : undefined;
  // The replica's own stack's Region: a Stage may hold a stack elsewhere, and the environment's is the majority's.
  const here = model.regionOf(instance.stack);
  return arn && here !== undefined && arn.region !== here ? arn : undefined;
}

/** An Aurora global cluster (`AWS::RDS::GlobalCluster`) and the cluster that is its source. */
export interface GlobalClusterFacts {
  readonly ref: ResourceRef;
  /** Its `GlobalClusterIdentifier`, which a secondary cluster in another Region names. */
  readonly identifier: string | Unknown;
  /** The primary cluster: `SourceDBClusterIdentifier`, or a cluster naming this global cluster. */
  readonly members: ResourceRef[];
}

/** Every Aurora global cluster of an environment, with the clusters of this environment that belong to it. */
export function globalClustersOf(model: EnvironmentModel): GlobalClusterFacts[] {
  const clusters = model.resources('AWS::RDS::DBCluster');
  return model.resources('AWS::RDS::GlobalCluster').map((ref) => {
    const id = model.resolve(ref.stack, ref.resource.Properties?.GlobalClusterIdentifier);
    const identifier: string | Unknown =
      id.kind === 'literal' && typeof id.value === 'string'
        ? id.value
        : {
            kind: 'unknown',
            why: `global cluster ${ref.logicalId} has no literal GlobalClusterIdentifier for another Region's cluster to name`,
          };
    const members = clusters.filter((cluster) => {
      const named = model.resolve(cluster.stack, cluster.resource.Properties?.GlobalClusterIdentifier);
      return (
        (named.kind === 'resource' && named.ref.resource === ref.resource) ||
        (named.kind === 'literal' && typeof identifier === 'string' && named.value === identifier)
      );
    });
    // The source is the cluster itself, or its ARN joined around its Ref (aws-cdk-lib's clusterArn).
    const source = mentioned(model, ref.stack, ref.resource.Properties?.SourceDBClusterIdentifier);
    const sources = isUnknown(source) ? [] : source.filter((r) => r.resource.Type === 'AWS::RDS::DBCluster');
    if (sources.length === 1 && !members.some((m) => m.resource === sources[0].resource)) {
      members.push(sources[0]);
    }
    return { ref, identifier, members };
  });
}

/** A DB cluster that joins a global cluster no template of this environment holds: an Aurora secondary. */
export interface SecondaryClusterFacts {
  readonly ref: ResourceRef;
  /** The global cluster it joins, by identifier. */
  readonly globalClusterIdentifier: string;
}

/** Every Aurora secondary cluster of an environment. */
export function secondaryClustersOf(model: EnvironmentModel): SecondaryClusterFacts[] {
  const local = globalClustersOf(model).flatMap((g) => (typeof g.identifier === 'string' ? [g.identifier] : []));
  return model.resources('AWS::RDS::DBCluster').flatMap((ref) => {
    const named = model.resolve(ref.stack, ref.resource.Properties?.GlobalClusterIdentifier);
    return named.kind === 'literal' && typeof named.value === 'string' && !local.includes(named.value)
      ? [{ ref, globalClusterIdentifier: named.value }]
      : [];
  });
}

/**
 * Whether a DB cluster has a DB instance (`DBClusterIdentifier` naming it): a cluster with none
 * stores its volume but answers no query, and failing over to it means creating one first.
 */
export function hasInstance(model: EnvironmentModel, cluster: ResourceRef): boolean {
  return model.resources('AWS::RDS::DBInstance').some((i) => {
    const named = model.resolve(i.stack, i.resource.Properties?.DBClusterIdentifier);
    return named.kind === 'resource' && named.ref.resource === cluster.resource;
  });
}

/**
 * The resources a value names anywhere inside it (an alias target is `dualstack.` joined to a load
 * balancer's `DNSName`); pseudo parameters inside a join do not hide a reference.
 */
export function mentioned(model: EnvironmentModel, stack: StackTemplate, value: unknown): ResourceRef[] | Unknown {
  const direct = model.resolve(stack, value);
  if (direct.kind === 'resource') {
    return [direct.ref];
  }
  if (direct.kind !== 'unknown') {
    return [];
  }
  const join = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, any>)['Fn::Join'] : undefined;
  if (Array.isArray(join) && Array.isArray(join[1])) {
    const found: ResourceRef[] = [];
    for (const part of join[1]) {
      const inner = mentioned(model, stack, part);
      if (isUnknown(inner)) {
        return inner;
      }
      found.push(...inner);
    }
    return found;
  }
  return direct;
}
