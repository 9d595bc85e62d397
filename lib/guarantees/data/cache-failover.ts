import { cannotProve, GuaranteeCheck, Problem, problemAt } from '../guarantee-check';
import { cachesOf, resolvesNumber } from '../model/facts';
import { isUnknown } from '../model/resolved';
import { subnetGroupSpreadProblem } from './subnet-group-spread';

/**
 * HA-DATA-003 — every cache replication group fails over automatically to a node in another AZ.
 *
 * Why: without Multi-AZ and automatic failover a primary's loss leaves the group read-only (or
 * gone) until someone intervenes; nodes all in one AZ fail together.
 * How it is judged: `MultiAZEnabled` and `AutomaticFailoverEnabled` resolve to true, and every
 * shard names the AZs of all its nodes (`NodeGroupConfiguration`, or `PreferredCacheClusterAZs`
 * for a single shard), 2 or more distinct ones, inside a cache subnet group that spans 2 or more
 * AZs. A node whose AZ is left to ElastiCache is a finding.
 * A standalone `AWS::ElastiCache::CacheCluster` is a finding too (Redis/Valkey: no replica; Memcached:
 * fewer than 2 nodes or not cross-AZ).
 * Fix: `HaCache` with at least one replica per shard (the default is one node per AZ).
 */
export const CACHE_FAILOVER: GuaranteeCheck = {
  id: 'HA-DATA-003',
  rule: 'Every cache replication group is Multi-AZ with automatic failover and each shard in 2+ named AZs',
  fix: 'Enable MultiAZEnabled and AutomaticFailoverEnabled with replicas in other, named AZs',
  check(model) {
    const problems: Problem[] = [];
    for (const { group, multiAz, automaticFailover, shards } of cachesOf(model)) {
      const spread = subnetGroupSpreadProblem(model, group, 'CacheSubnetGroupName', 'AWS::ElastiCache::SubnetGroup');
      if (spread) {
        problems.push(spread);
      }
      const flag = [multiAz, automaticFailover].find(isUnknown);
      if (flag) {
        problems.push(cannotProve(group, 'cache failover', flag));
        continue;
      }
      if (multiAz !== true || automaticFailover !== true) {
        problems.push(
          problemAt(
            group,
            `Replication group ${group.logicalId} has MultiAZEnabled ${multiAz} and AutomaticFailoverEnabled ${automaticFailover}; a failed primary is not replaced by itself. Enable both, with a replica per shard.`,
          ),
        );
        continue;
      }
      if (isUnknown(shards)) {
        problems.push(cannotProve(group, 'cache node placement', shards));
        continue;
      }
      shards.forEach((shard, i) => {
        const zones = [shard.primaryZone, ...shard.replicaZones];
        const unnamed = zones.find(isUnknown);
        if (unnamed) {
          problems.push(cannotProve(group, `the AZs of shard ${i + 1}`, unnamed));
        } else if (new Set(zones).size < 2) {
          problems.push(
            problemAt(
              group,
              `Replication group ${group.logicalId} shard ${i + 1} has its ${zones.length} node(s) in ${zones[0]}; they fail together. Name 2 or more distinct AZs.`,
            ),
          );
        }
      });
    }
    // A standalone cache cluster: Redis and Valkey nodes there have no replica to fail over to;
    // Memcached survives an AZ only with nodes spread cross-AZ (and then loses that AZ's keys).
    for (const cluster of model.resources('AWS::ElastiCache::CacheCluster')) {
      const props = cluster.resource.Properties ?? {};
      const engine = model.resolve(cluster.stack, props.Engine);
      const nodes = resolvesNumber(model, cluster.stack, props.NumCacheNodes ?? 1, 'NumCacheNodes');
      const mode = model.resolve(cluster.stack, props.AZMode);
      if (engine.kind !== 'literal' || isUnknown(nodes)) {
        problems.push(
          cannotProve(
            cluster,
            'cache failover',
            engine.kind === 'unknown' ? engine : isUnknown(nodes) ? nodes : 'its engine is not literal',
          ),
        );
      } else if (String(engine.value).toLowerCase() !== 'memcached') {
        problems.push(
          problemAt(
            cluster,
            `Cache cluster ${cluster.logicalId} (${engine.value}) is a standalone node with no replica to fail over to; losing its AZ loses the cache. Use a replication group with Multi-AZ and automatic failover.`,
          ),
        );
      } else if (nodes < 2 || !(mode.kind === 'literal' && mode.value === 'cross-az')) {
        problems.push(
          problemAt(
            cluster,
            `Memcached cluster ${cluster.logicalId} has ${nodes} node(s) with AZMode ${mode.kind === 'literal' && mode.value !== undefined ? mode.value : 'single-az'}; losing one AZ loses every node. Use 2 or more nodes with AZMode cross-az.`,
          ),
        );
      }
    }
    return problems;
  },
};
