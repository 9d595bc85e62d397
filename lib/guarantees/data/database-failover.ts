import { CfnTemplate, Finding, GuaranteeCheck, referencedLogicalId, resourcesOfType } from '../template-model';

/**
 * HA-DATA-001 — every database can fail over to another AZ.
 *
 * Why: an RDS instance without Multi-AZ has no standby; when its AZ fails, writes stop until an
 * operator promotes a replica or restores a snapshot. An Aurora cluster with a single instance
 * waits for a new one (about 10 minutes).
 * How it is judged: each DBInstance that is neither a read replica nor an Aurora member has
 * `MultiAZ: true`; each DBCluster has 2 or more member instances, in 2 or more distinct AZs when
 * their AZs are named.
 * Fix: `HaDatabase` with `multiAz: true` (the default), or an Aurora cluster with `readReplicas` >= 1.
 */
export const DATABASE_FAILOVER: GuaranteeCheck = {
  id: 'HA-DATA-001',
  severity: 'error',
  rule: 'Every database has a standby (Multi-AZ) or an Aurora reader in another AZ to fail over to',
  fix: 'Set MultiAZ: true on the instance, or give the Aurora cluster a reader in another AZ',
  check(template: CfnTemplate): Finding[] {
    const findings: Finding[] = [];
    const fail = (logicalId: string, message: string) => findings.push({ checkId: this.id, severity: this.severity, logicalId, message });
    const instances = resourcesOfType(template, 'AWS::RDS::DBInstance');
    for (const [logicalId, instance] of instances) {
      const props = instance.Properties ?? {};
      if (props.SourceDBInstanceIdentifier || props.DBClusterIdentifier) {
        continue;
      }
      if (props.MultiAZ !== true && props.MultiAZ !== 'true') {
        fail(logicalId, `DB instance ${logicalId} has no Multi-AZ standby; losing its AZ stops writes. Set MultiAZ: true.`);
      }
    }
    for (const [clusterId] of resourcesOfType(template, 'AWS::RDS::DBCluster')) {
      const members = instances.filter(([, i]) => referencedLogicalId(i.Properties?.DBClusterIdentifier) === clusterId);
      const zones = members.map(([, m]) => m.Properties?.AvailabilityZone);
      const named = zones.filter((z) => typeof z === 'string');
      if (members.length < 2) {
        fail(
          clusterId,
          `Aurora cluster ${clusterId} has ${members.length} instance(s); with no reader to promote, losing the writer's AZ means waiting for a new instance. Add a reader in another AZ.`,
        );
      } else if (named.length === zones.length && new Set(named).size < 2) {
        fail(
          clusterId,
          `Aurora cluster ${clusterId} has all ${members.length} instances in ${named[0]}; losing that AZ loses them all. Put a reader in another AZ.`,
        );
      }
    }
    return findings;
  },
};
