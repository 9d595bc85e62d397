import { judgeRegionPair, pairProblem, whenPending } from './judge-pair';
import { cannotProve, GuaranteeCheck, Problem, problemAt } from '../guarantee-check';
import { EnvironmentModel } from '../model/environment-model';
import { writersOf } from '../model/facts';
import { RegionPair } from '../model/region-pair';
import { lagAlarmsOf } from '../model/lag-alarms';
import { globalClustersOf, hasInstance, replicasByArnOf, secondaryClustersOf } from '../model/region-facts';
import { isUnknown, ResourceRef } from '../model/resolved';

/**
 * HA-REG-001 — the standby has every tier the primary has.
 *
 * Why: a Region loss sends every user to the standby; a tier it lacks fails every request that
 * needs it, whatever the other tiers survive.
 * How it is judged, over the Region pair (docs/adr/0083), tier by tier:
 * - network: subnets in every AZ the standby declares and in at least its `minimumAzs` AZs, every
 *   one of them in the standby's Region;
 * - web: a load balancer if the primary has one, and as many web Auto Scaling groups as the
 *   primary (their capacity is the Region-loss analysis's business: the standby may run less);
 * - data: a cross-Region replica (a DB instance whose source is an ARN outside the standby's
 *   Region; HA-REG-002 proves it is the primary's) for each of the primary's DB instance writers,
 *   counted by distinct source (two replicas of one ARN are one writer's); an Aurora secondary
 *   cluster for each primary cluster's global database, with a DB instance (a headless secondary
 *   serves no query); a replica in the standby's Region for each primary DynamoDB global table,
 *   and a table of the standby's own for every other primary table;
 * - cache: a replication group, cache cluster or serverless cache if the primary has one. It may be cold (its own,
 *   empty at failover: the cache holds derivable data, docs/adr/0080) but must exist, or requests
 *   that use it fail after failover;
 * - messaging: a queue if the primary has queues, and as many worker groups as the primary;
 * - alarms routed: each replica's (or secondary's) replication lag is watched by an alarm that
 *   notifies a topic and can see the lag (`lagAlarmsOf`: AWS/RDS, the exact dimension, and on a
 *   replica that may report -1 a guard of it); the Region-loss RPO holds only while it is OK. Every other standby alarm is
 *   HA-MON-001's, judged in the standby's own environment.
 * A tier the standby declares not built yet (`standbyFor.pending`) is reported as a warning.
 * Fix: build the missing tier in the standby Stage (HaStandbyStage), or stop declaring it pending.
 */
export const STANDBY_TIERS: GuaranteeCheck = {
  id: 'HA-REG-001',
  rule: 'The standby has every tier the primary has: network, web, data, cache, messaging, routed alarms',
  fix: 'Build the missing tier in the standby Stage (HaStandbyStage)',
  check(model) {
    return judgeRegionPair(model, 'that the standby has every tier', (pair) => [
      ...network(pair),
      ...web(pair),
      ...whenPending(pair, 'data', data(pair)),
      ...whenPending(pair, 'cache', cache(pair)),
      ...whenPending(pair, 'messaging', messaging(pair)),
      ...lagAlarms(pair),
    ]);
  },
};

function network({ standby, standbyRegion }: RegionPair): Problem[] {
  const zones = new Set<string>();
  const problems: Problem[] = [];
  for (const subnet of standby.resources('AWS::EC2::Subnet')) {
    const zone = standby.resolve(subnet.stack, subnet.resource.Properties?.AvailabilityZone);
    if (zone.kind !== 'literal' || typeof zone.value !== 'string') {
      problems.push(problemAt(subnet, `cannot prove the standby's network: subnet ${subnet.logicalId} names no literal AZ.`));
    } else if (!zone.value.startsWith(standbyRegion)) {
      problems.push(
        problemAt(
          subnet,
          `Subnet ${subnet.logicalId} is in ${zone.value}, outside the standby's Region ${standbyRegion}. Place it in one of the standby's AZs.`,
        ),
      );
    } else {
      zones.add(zone.value);
    }
  }
  const declared = standby.settings.availabilityZones;
  const uncovered = declared.filter((z) => !zones.has(z));
  if (declared.length > 0 && uncovered.length > 0) {
    problems.push(
      pairProblem(
        standby,
        `The standby declares AZs ${declared.join(', ')} but has no subnet in ${uncovered.join(', ')}${uncovered.some((z) => !z.startsWith(standbyRegion)) ? ` (AZs outside ${standbyRegion} cannot hold its subnets)` : ''}: the AZ-loss analysis and the checks of the standby count AZs it does not use. Give the standby a subnet in each declared AZ.`,
      ),
    );
  }
  const minimum = standby.settings.minimumAzs;
  if (zones.size < minimum) {
    problems.push(
      pairProblem(
        standby,
        `The standby's network spans ${zones.size} AZ(s) of ${standbyRegion} (${[...zones].sort().join(', ') || 'none'}); the environment requires at least ${minimum}, in the standby as in the primary. Give the standby subnets in ${minimum} AZs.`,
      ),
    );
  }
  return problems;
}

function webGroups(model: EnvironmentModel, kind: 'web' | 'worker'): ResourceRef[] {
  const workers = model.managed('worker-group');
  const isWorker = (g: ResourceRef) => workers.some((w) => w.stack === g.stack && w.logicalId === g.logicalId);
  return model.resources('AWS::AutoScaling::AutoScalingGroup').filter((g) => isWorker(g) === (kind === 'worker'));
}

function missingGroups(pair: RegionPair, kind: 'web' | 'worker', tier: string): Problem[] {
  const primary = webGroups(pair.primary, kind);
  const standby = webGroups(pair.standby, kind);
  if (standby.length >= primary.length) {
    return [];
  }
  const missing = primary.filter((p) => !standby.some((s) => s.logicalId === p.logicalId)).map((p) => p.logicalId);
  return [
    pairProblem(
      pair.standby,
      `The primary ${pair.primary.name} runs ${primary.length} ${kind} Auto Scaling group(s), the standby ${standby.length}${missing.length ? ` (none matches ${missing.join(', ')})` : ''}: after a Region loss the ${tier} they serve is down. Build every ${kind} service in the standby (at reduced capacity if need be).`,
    ),
  ];
}

function web(pair: RegionPair): Problem[] {
  const problems: Problem[] = [];
  const lbType = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
  if (pair.primary.resources(lbType).length > 0 && pair.standby.resources(lbType).length === 0) {
    problems.push(
      pairProblem(
        pair.standby,
        `The standby has no load balancer while the primary ${pair.primary.name} has one: DNS has nothing to fail over to. Build the standby's web tier.`,
      ),
    );
  }
  return [...problems, ...missingGroups(pair, 'web', 'web tier')];
}

function data(pair: RegionPair): Problem[] {
  const { primary, standby, standbyRegion } = pair;
  const problems: Problem[] = [];
  const writers = writersOf(primary);
  const instanceWriters = writers.filter((w) => w.kind === 'instance');
  const replicas = replicasByArnOf(standby).filter((r) => r.source.region !== standbyRegion);
  // Each writer needs its own replica: replicas naming the same source are copies of one writer.
  const sources = new Set(replicas.map(({ source: s }) => `${s.region}:${s.account}:${s.resourceType}:${s.identifier.toLowerCase()}`));
  if (sources.size < instanceWriters.length) {
    problems.push(
      pairProblem(
        standby,
        `The primary ${primary.name} has ${instanceWriters.length} DB instance writer(s) (${instanceWriters.map((w) => w.writer.logicalId).join(', ')}), the standby ${sources.size} cross-Region replica(s) of distinct sources${replicas.length > sources.size ? ` (${replicas.length} replicas, some naming the same source: copies of one writer)` : ''}: a Region loss leaves ${instanceWriters.length - sources.size} database(s) with no copy in ${standbyRegion}. Give each writer its own replica (secondaryRegion.sourceDatabaseInstanceArn, HaCrossRegionReplica).`,
      ),
    );
  }
  const secondaries = secondaryClustersOf(standby);
  const globals = globalClustersOf(primary);
  for (const { writer } of writers.filter((w) => w.kind === 'cluster')) {
    const global = globals.find((g) => g.members.some((m) => m.resource === writer.resource));
    if (!global) {
      problems.push(
        problemAt(
          writer,
          `Aurora cluster ${writer.logicalId} belongs to no global database (AWS::RDS::GlobalCluster), so no Region holds a copy of it. Make it the source of a global cluster with a secondary in ${standbyRegion}.`,
        ),
      );
    } else if (typeof global.identifier !== 'string') {
      problems.push(
        problemAt(global.ref, `cannot prove a secondary of ${writer.logicalId} in ${standbyRegion}: ${global.identifier.why}.`),
      );
    } else if (!secondaries.some((s) => s.globalClusterIdentifier === global.identifier)) {
      problems.push(
        pairProblem(
          standby,
          `No DB cluster of the standby joins global database ${global.identifier} (the primary's ${writer.logicalId}): a Region loss leaves no copy of it in ${standbyRegion}. Add a secondary cluster with GlobalClusterIdentifier ${global.identifier}.`,
        ),
      );
    }
  }
  return [
    ...problems,
    ...headless(
      standby,
      secondaries.map((s) => s.ref),
    ),
    ...tables(pair),
  ];
}

/**
 * Secondary clusters with no DB instance: the replicated volume is stored, but nothing answers a
 * query, and a failover must first create and boot an instance (docs/adr/0083).
 */
function headless(standby: EnvironmentModel, secondaries: ResourceRef[]): Problem[] {
  return secondaries
    .filter((cluster) => !hasInstance(standby, cluster))
    .map((cluster) =>
      problemAt(
        cluster,
        `Aurora secondary cluster ${cluster.logicalId} has no DB instance: it stores the replicated volume but serves no query, and a failover must first create and boot an instance, in a time nothing bounds. Give it at least one AWS::RDS::DBInstance (DBClusterIdentifier) in the standby.`,
      ),
    );
}

/**
 * DynamoDB: a primary global table needs a replica in the standby's Region; every other primary
 * table (a plain `AWS::DynamoDB::Table` cannot have replicas) needs a table of the standby's own.
 * That table starts without the primary's items: this check proves the tier serves, as a cold
 * cache does; only a global table's replica carries the data.
 */
function tables({ primary, standby, standbyRegion }: RegionPair): Problem[] {
  const problems: Problem[] = [];
  const uncovered: ResourceRef[] = [...primary.resources('AWS::DynamoDB::Table')];
  for (const table of primary.resources('AWS::DynamoDB::GlobalTable')) {
    const replicas = table.resource.Properties?.Replicas;
    const regions = (Array.isArray(replicas) ? replicas : []).map((r) => primary.resolve(table.stack, r?.Region));
    if (regions.some((r) => r.kind === 'literal' && r.value === standbyRegion)) {
      continue;
    }
    const unknown = regions.find(isUnknown);
    if (unknown) {
      problems.push(cannotProve(table, `a replica in ${standbyRegion}`, unknown));
    } else {
      uncovered.push(table);
    }
  }
  const own = standby.resources('AWS::DynamoDB::Table').length + standby.resources('AWS::DynamoDB::GlobalTable').length;
  if (uncovered.length > own) {
    problems.push(
      pairProblem(
        standby,
        `The primary ${primary.name} has ${uncovered.length} DynamoDB table(s) with no replica in ${standbyRegion} (${uncovered.map((t) => t.logicalId).join(', ')}), the standby ${own} table(s) of its own: after a Region loss every request that uses them fails, and their items are lost. Make each an AWS::DynamoDB::GlobalTable with a replica in ${standbyRegion} (Replicas).`,
      ),
    );
  }
  return problems;
}

function cache({ primary, standby }: RegionPair): Problem[] {
  const count = (m: EnvironmentModel) =>
    ['AWS::ElastiCache::ReplicationGroup', 'AWS::ElastiCache::CacheCluster', 'AWS::ElastiCache::ServerlessCache'].reduce(
      (n, type) => n + m.resources(type).length,
      0,
    );
  return count(primary) > 0 && count(standby) === 0
    ? [
        pairProblem(
          standby,
          `The primary ${primary.name} has a cache and the standby none: after a Region loss every request that uses it fails. Give the standby a cache of its own (cold is enough: it holds derivable data).`,
        ),
      ]
    : [];
}

function messaging(pair: RegionPair): Problem[] {
  const { primary, standby } = pair;
  const problems: Problem[] = [];
  if (primary.resources('AWS::SQS::Queue').length > 0 && standby.resources('AWS::SQS::Queue').length === 0) {
    problems.push(
      pairProblem(
        standby,
        `The primary ${primary.name} has queues and the standby none: after a Region loss nothing accepts the work they carry. Build the messaging tier in the standby.`,
      ),
    );
  }
  return [...problems, ...missingGroups(pair, 'worker', 'queue processing')];
}

function lagAlarms({ standby, standbyRegion }: RegionPair): Problem[] {
  const copies = [
    ...replicasByArnOf(standby)
      .filter((r) => r.source.region !== standbyRegion)
      .map((r) => r.ref),
    ...secondaryClustersOf(standby).map((s) => s.ref),
  ];
  return copies.flatMap((copy) => {
    const routed = lagAlarmsOf(standby, copy).some((a) => a.routed);
    return routed
      ? []
      : [
          problemAt(
            copy,
            `No alarm that notifies a topic watches the replication lag of ${copy.logicalId}: the data a Region loss would lose (RPO) grows unseen. Alarm with AlarmActions on AWS/RDS ReplicaLag with DBInstanceIdentifier as its only dimension (AuroraGlobalDBReplicationLag with DBClusterIdentifier for a secondary cluster); on a replica that may report -1 when replication stops (MySQL, MariaDB, or an engine the templates do not name), map -1 above the threshold (IF(lag < 0, N, lag), as HaCrossRegionReplica does) or alarm on lag < 0 as well.`,
          ),
        ];
  });
}
