import { CfnTemplate, Finding, GuaranteeCheck, resourcesOfType } from '../template-model';

/**
 * HA-DATA-002 — read replicas of one source sit in distinct, named AZs.
 *
 * Why: replicas that share an AZ (or are left to RDS's choice, which may be the same AZ) fail
 * together, so losing one AZ can take every reader away.
 * How it is judged: replicas are grouped by `SourceDBInstanceIdentifier`; each must name its
 * `AvailabilityZone`, and no AZ may hold two replicas of the same source.
 * Fix: `HaDatabase` places replicas one per AZ; keep `readReplicas` at most the AZ count.
 */
export const REPLICA_SPREAD: GuaranteeCheck = {
  id: 'HA-DATA-002',
  severity: 'warning',
  rule: 'Read replicas of one database are each pinned to a different AZ',
  fix: 'Give each replica its own AvailabilityZone, with no more replicas than AZs',
  check(template: CfnTemplate): Finding[] {
    const findings: Finding[] = [];
    const bySource = new Map<string, Array<[string, unknown]>>();
    for (const [logicalId, instance] of resourcesOfType(template, 'AWS::RDS::DBInstance')) {
      const source = instance.Properties?.SourceDBInstanceIdentifier;
      if (source) {
        const key = JSON.stringify(source);
        bySource.set(key, [...(bySource.get(key) ?? []), [logicalId, instance.Properties?.AvailabilityZone]]);
      }
    }
    for (const replicas of bySource.values()) {
      const seen = new Map<string, string>();
      for (const [logicalId, zone] of replicas) {
        const fail = (message: string) => findings.push({ checkId: this.id, severity: this.severity, logicalId, message });
        if (typeof zone !== 'string') {
          fail(`Read replica ${logicalId} does not name its AZ, so it may land beside another replica. Set AvailabilityZone.`);
        } else if (seen.has(zone)) {
          fail(`Read replica ${logicalId} shares ${zone} with ${seen.get(zone)}; both fail with that AZ. Move one to another AZ.`);
        } else {
          seen.set(zone, logicalId);
        }
      }
    }
    return findings;
  },
};
