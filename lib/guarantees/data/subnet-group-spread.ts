import { cannotProve, Problem, problemAt } from '../guarantee-check';
import { EnvironmentModel } from '../model/environment-model';
import { subnetGroupZones } from '../model/facts';
import { isUnknown, ResourceRef } from '../model/resolved';

/**
 * The problem, if any, with where a database or cache may place its failover targets: its subnet
 * group must span 2 or more AZs. Shared by HA-DATA-001 (RDS) and HA-DATA-003 (ElastiCache).
 */
export function subnetGroupSpreadProblem(
  model: EnvironmentModel,
  owner: ResourceRef,
  property: string,
  groupType: string,
): Problem | undefined {
  const placement = subnetGroupZones(model, owner, property, groupType);
  if (isUnknown(placement)) {
    return cannotProve(owner, 'where a failover target can run', placement);
  }
  return placement.length < 2
    ? problemAt(
        owner,
        `${owner.logicalId}'s subnet group spans ${placement.length} AZ(s) (${placement.join(', ')}); it has no other AZ to fail over to. Give the subnet group a subnet in 2 or more AZs.`,
      )
    : undefined;
}
