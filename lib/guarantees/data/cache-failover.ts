import { CfnTemplate, Finding, GuaranteeCheck, resourcesOfType } from '../template-model';

/**
 * HA-DATA-003 — every cache replication group fails over automatically to a node in another AZ.
 *
 * Why: without Multi-AZ and automatic failover a primary's loss leaves the group read-only (or
 * gone) until someone intervenes; nodes all in one AZ fail together.
 * How it is judged: `MultiAZEnabled` and `AutomaticFailoverEnabled` are true, and the AZs named
 * in `NodeGroupConfiguration` (or `PreferredCacheClusterAZs`) are 2 or more distinct ones.
 * Fix: `HaCache` with at least one replica per shard (the default is one node per AZ).
 */
export const CACHE_FAILOVER: GuaranteeCheck = {
  id: 'HA-DATA-003',
  severity: 'error',
  rule: 'Every cache replication group is Multi-AZ with automatic failover and nodes in 2+ AZs',
  fix: 'Enable MultiAZEnabled and AutomaticFailoverEnabled with replicas in other AZs',
  check(template: CfnTemplate): Finding[] {
    const findings: Finding[] = [];
    for (const [logicalId, group] of resourcesOfType(template, 'AWS::ElastiCache::ReplicationGroup')) {
      const props = group.Properties ?? {};
      const fail = (message: string) => findings.push({ checkId: this.id, severity: this.severity, logicalId, message });
      if (props.MultiAZEnabled !== true || props.AutomaticFailoverEnabled !== true) {
        fail(
          `Replication group ${logicalId} has MultiAZEnabled ${props.MultiAZEnabled} and AutomaticFailoverEnabled ${props.AutomaticFailoverEnabled}; a failed primary is not replaced by itself. Enable both, with a replica per shard.`,
        );
        continue;
      }
      const shards: Array<Record<string, unknown>> = props.NodeGroupConfiguration ?? [];
      const zones =
        shards.length > 0
          ? shards.flatMap((s) => [s.PrimaryAvailabilityZone, ...((s.ReplicaAvailabilityZones as unknown[]) ?? [])])
          : (props.PreferredCacheClusterAZs ?? []);
      const named = new Set(zones.filter((z: unknown) => typeof z === 'string'));
      if (named.size < 2) {
        fail(
          `Replication group ${logicalId} names ${named.size} AZ(s) for its nodes; nodes left in one AZ fail together. Name 2 or more distinct AZs.`,
        );
      }
    }
    return findings;
  },
};
