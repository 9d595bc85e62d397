import { CfnTemplate, Finding, GuaranteeCheck } from '../template-model';

/** Resource types that hold data of their own, and the policies that keep it. */
const STATEFUL: Record<string, string[]> = {
  'AWS::RDS::DBInstance': ['Snapshot', 'Retain'],
  'AWS::RDS::DBCluster': ['Snapshot', 'Retain'],
  'AWS::ElastiCache::ReplicationGroup': ['Snapshot', 'Retain'],
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
  severity: 'error',
  rule: 'Databases and caches keep a snapshot (or are retained) when deleted or replaced',
  fix: 'Set DeletionPolicy and UpdateReplacePolicy to Snapshot or Retain',
  check(template: CfnTemplate): Finding[] {
    const findings: Finding[] = [];
    for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
      const allowed = STATEFUL[resource.Type];
      const props = resource.Properties ?? {};
      if (!allowed || props.SourceDBInstanceIdentifier || props.DBClusterIdentifier) {
        continue;
      }
      for (const [policy, value] of [
        ['DeletionPolicy', resource.DeletionPolicy],
        ['UpdateReplacePolicy', resource.UpdateReplacePolicy],
      ] as const) {
        if (!allowed.includes(value ?? 'Delete')) {
          findings.push({
            checkId: this.id,
            severity: this.severity,
            logicalId,
            message: `${resource.Type} ${logicalId} has ${policy} ${value ?? 'Delete (the default)'}; its data would be lost. Set ${policy}: Snapshot.`,
          });
        }
      }
    }
    return findings;
  },
};
