import { cannotProve, GuaranteeCheck, Problem, problemAt } from '../guarantee-check';
import { writersOf } from '../model/facts';
import { isUnknown } from '../model/resolved';
import { subnetGroupSpreadProblem } from './subnet-group-spread';

/**
 * HA-DATA-001 — every database can fail over to another AZ.
 *
 * Why: an RDS instance without Multi-AZ has no standby; when its AZ fails, writes stop until an
 * operator promotes a replica or restores a snapshot. An Aurora cluster with a single instance
 * waits for a new one (about 10 minutes).
 * How it is judged: each writer instance (neither a read replica nor an Aurora member) has
 * `MultiAZ` resolving to true; each DBCluster has 2 or more member instances whose AZs are all
 * named and not all the same (an Aurora global secondary too: it is the writer once promoted; a
 * cluster whose global membership cannot be read is a finding); and the writer's DB subnet group spans 2 or more AZs (where RDS may
 * place the standby or a new writer). Unresolvable values are findings.
 * Fix: `HaDatabase` with `multiAz: true` (the default), or an Aurora cluster with `readReplicas` >= 1.
 */
export const DATABASE_FAILOVER: GuaranteeCheck = {
  id: 'HA-DATA-001',
  rule: 'Every database has a standby (Multi-AZ) or an Aurora reader in another AZ to fail over to',
  fix: 'Set MultiAZ: true on the instance, or give the Aurora cluster a reader in another AZ',
  check(model) {
    const problems: Problem[] = [];
    for (const { writer, kind, multiAz, readers, role } of writersOf(model)) {
      if (isUnknown(role)) {
        // Neither a writer nor a global secondary can be assumed: nothing about its failover is proven.
        problems.push(cannotProve(writer, 'whether the cluster writes or replicates a global database', role));
        continue;
      }
      const spread = subnetGroupSpreadProblem(model, writer, 'DBSubnetGroupName', 'AWS::RDS::DBSubnetGroup');
      if (spread) {
        problems.push(spread);
      }
      if (kind === 'instance') {
        if (isUnknown(multiAz)) {
          problems.push(cannotProve(writer, 'a Multi-AZ standby', multiAz));
        } else if (!multiAz) {
          problems.push(
            problemAt(writer, `DB instance ${writer.logicalId} has no Multi-AZ standby; losing its AZ stops writes. Set MultiAZ: true.`),
          );
        }
        continue;
      }
      const zones = readers.map((r) => r.zone);
      const unnamed = zones.find(isUnknown);
      if (readers.length < 2) {
        problems.push(
          problemAt(
            writer,
            `Aurora cluster ${writer.logicalId} has ${readers.length} instance(s); with no reader to promote, losing the writer's AZ means waiting for a new instance. Add a reader in another AZ.`,
          ),
        );
      } else if (unnamed) {
        problems.push(cannotProve(writer, 'an Aurora reader in another AZ', unnamed));
      } else if (new Set(zones).size < 2) {
        problems.push(
          problemAt(
            writer,
            `Aurora cluster ${writer.logicalId} has all ${readers.length} instances in ${zones[0]}; losing that AZ loses them all. Put a reader in another AZ.`,
          ),
        );
      }
    }
    return problems;
  },
};
