import { cannotProve, GuaranteeCheck, Problem, problemAt } from '../guarantee-check';
import { unattributedReaders, writersOf } from '../model/facts';
import { isUnknown } from '../model/resolved';

/**
 * HA-DATA-002 — every database has the readers it was planned with, each in its own named AZ.
 *
 * Why: replicas that share an AZ (or are left to RDS's choice, which may be the same AZ) fail
 * together, so losing one AZ can take every reader away; a replica deleted by hand leaves the
 * read capacity the design counted on short.
 * How it is judged: each writer's replicas (RDS) or members (Aurora) are found by following their
 * source across stacks; a replica whose source cannot be followed is a finding. Their number must
 * reach the plan the library recorded (`cdk-ha-blueprint:dataPlan`); each names its AZ; no AZ holds
 * two of them while AZs last; and, where AZs allow, none sits in the writer's named AZ.
 * Fix: `HaDatabase` places replicas one per AZ; keep `readReplicas` at most the AZ count.
 */
export const REPLICA_SPREAD: GuaranteeCheck = {
  id: 'HA-DATA-002',
  rule: 'Every database has its planned readers, each pinned to a different AZ',
  fix: 'Give each replica its own AvailabilityZone, with no more replicas than AZs, and keep the planned number',
  check(model) {
    const problems: Problem[] = [];
    for (const { ref, why } of unattributedReaders(model)) {
      problems.push(cannotProve(ref, 'replica placement', `its source database cannot be followed (${why})`));
    }
    const zoneCount = model.settings.availabilityZones.length;
    for (const { writer, kind, zone: writerZone, readers, plannedReaders, planProblem } of writersOf(model)) {
      if (planProblem) {
        problems.push(cannotProve(writer, 'the planned readers', planProblem));
      }
      // An Aurora cluster's members include its writer.
      const readerCount = kind === 'cluster' ? readers.length - 1 : readers.length;
      if (plannedReaders !== undefined && readerCount < plannedReaders) {
        problems.push(
          problemAt(
            writer,
            `${writer.logicalId} was planned with ${plannedReaders} reader(s) but the templates hold ${Math.max(readerCount, 0)}; read capacity and failover targets are short. Restore the missing replicas.`,
          ),
        );
      }
      const seen = new Map<string, string>();
      const slots = zoneCount > 0 ? zoneCount : Infinity;
      for (const { ref, zone } of readers) {
        if (isUnknown(zone)) {
          problems.push(
            problemAt(
              ref,
              `Read replica ${ref.logicalId} does not name its AZ, so it may land beside another replica. Set AvailabilityZone.`,
            ),
          );
        } else if (seen.has(zone) && seen.size < slots) {
          problems.push(
            problemAt(
              ref,
              `Read replica ${ref.logicalId} shares ${zone} with ${seen.get(zone)}; both fail with that AZ. Move one to another AZ.`,
            ),
          );
        } else if (kind === 'instance' && writerZone === zone && readers.length < slots) {
          problems.push(
            problemAt(
              ref,
              `Read replica ${ref.logicalId} is in ${zone}, the writer's AZ; losing it loses both. Move the replica to another AZ.`,
            ),
          );
        } else {
          seen.set(zone, ref.logicalId);
        }
      }
    }
    return problems;
  },
};
