import { cannotProve, GuaranteeCheck, Problem, problemAt } from '../guarantee-check';
import { cachesOf } from '../model/facts';
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
    return problems;
  },
};
