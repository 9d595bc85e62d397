import { GuaranteeCheck, Problem, problemAt } from '../guarantee-check';

/** Resource types that hold data of their own, and the policies that keep it. */
const STATEFUL: Record<string, string[]> = {
  'AWS::RDS::DBInstance': ['Snapshot', 'Retain'],
  'AWS::RDS::DBCluster': ['Snapshot', 'Retain'],
  'AWS::ElastiCache::ReplicationGroup': ['Snapshot', 'Retain'],
  // Redis and Valkey clusters hold data; Memcached (no snapshots) is excluded below.
  'AWS::ElastiCache::CacheCluster': ['Snapshot', 'Retain'],
};

/**
 * HA-DATA-004 — stateful resources keep their data when they leave the template or are replaced.
 *
 * Why: a `Delete` policy turns a rename, a refactor or a stack deletion into data loss.
 * How it is judged: databases (not read replicas or Aurora members, which hold no data of their
 * own) and cache replication groups have `DeletionPolicy` and `UpdateReplacePolicy` of `Snapshot`
 * or `Retain`.
 * Fix: `removalPolicy: RemovalPolicy.SNAPSHOT` (the default of `HaDatabase` and `HaCache`).
 */
export const STATEFUL_RETENTION: GuaranteeCheck = {
  id: 'HA-DATA-004',
  rule: 'Databases and caches keep a snapshot (or are retained) when deleted or replaced',
  fix: 'Set DeletionPolicy and UpdateReplacePolicy to Snapshot or Retain',
  check(model) {
    const problems: Problem[] = [];
    for (const [type, allowed] of Object.entries(STATEFUL)) {
      for (const ref of model.resources(type)) {
        const props = ref.resource.Properties ?? {};
        const memcached = type === 'AWS::ElastiCache::CacheCluster' && String(props.Engine).toLowerCase() === 'memcached';
        if (props.SourceDBInstanceIdentifier !== undefined || props.DBClusterIdentifier !== undefined || memcached) {
          continue;
        }
        for (const [policy, value] of [
          ['DeletionPolicy', ref.resource.DeletionPolicy],
          ['UpdateReplacePolicy', ref.resource.UpdateReplacePolicy],
        ] as const) {
          if (!allowed.includes(value ?? 'Delete')) {
            problems.push(
              problemAt(
                ref,
                `${type} ${ref.logicalId} has ${policy} ${value ?? 'Delete (the default)'}; its data would be lost. Set ${policy}: Snapshot.`,
              ),
            );
          }
        }
      }
    }
    return problems;
  },
};
