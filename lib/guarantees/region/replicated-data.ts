import { judgeRegionPair } from './judge-pair';
import { cannotProve, GuaranteeCheck, Problem, problemAt } from '../guarantee-check';
import { EnvironmentModel } from '../model/environment-model';
import { writersOf } from '../model/facts';
import { RegionPair } from '../model/region-pair';
import { globalClustersOf, mentioned, replicaEngineOf, replicasByArnOf, secondaryClustersOf } from '../model/region-facts';
import { isUnknown, ResourceRef } from '../model/resolved';

/**
 * HA-REG-002 — the standby's data is replicated from the primary.
 *
 * Why: a replica of the wrong database (another Region's, another account's, a database of the
 * standby's own Region) looks like a standby's data tier and holds nothing of the primary's when
 * the primary Region is lost.
 * How it is judged, over the Region pair (docs/adr/0083):
 * - a DB instance whose `SourceDBInstanceIdentifier` is a literal ARN must name the primary's
 *   Region (not the standby's own) and the primary's account, and be a DB instance (`:db:`) of a
 *   primary that has one; when the primary's writers carry a literal `DBInstanceIdentifier`, the ARN
 *   must name one of them, and an engine the replica names (`Engine`, or its parameter group's
 *   `Family`) must be a primary writer's engine;
 * - the primary outputs the ARN of its DB instance writer (the `DatabaseInstanceArn` output the
 *   operator copies into `secondaryRegion.sourceDatabaseInstanceArn`, docs/adr/0080).
 *   Limit: this library's primary DB instance has an identifier CloudFormation generates, so the
 *   ARN's identifier cannot be matched at synth; Region, account, kind and engine can, and the
 *   output shows which instance the operator must copy.
 * - an Aurora secondary cluster (`AWS::RDS::DBCluster` with a literal `GlobalClusterIdentifier`
 *   that no standby template defines) must join a global cluster of the primary, by that literal
 *   identifier, with the same engine.
 * Fix: copy the primary Data stack's `DatabaseInstanceArn` output into
 * `secondaryRegion.sourceDatabaseInstanceArn`; name the primary's global cluster in the secondary.
 */
export const REPLICATED_FROM_PRIMARY: GuaranteeCheck = {
  id: 'HA-REG-002',
  rule: "The standby's replicas and secondary clusters replicate the primary's databases",
  fix: "Copy the primary Data stack's DatabaseInstanceArn output into secondaryRegion.sourceDatabaseInstanceArn",
  check(model) {
    return judgeRegionPair(model, "that the standby's data is replicated from the primary", (pair) => [
      ...replicas(pair),
      ...arnOutput(pair),
      ...secondaries(pair),
    ]);
  },
};

function literal(model: EnvironmentModel, ref: ResourceRef, property: string): string | undefined {
  const v = model.resolve(ref.stack, ref.resource.Properties?.[property]);
  return v.kind === 'literal' && typeof v.value === 'string' ? v.value.toLowerCase() : undefined;
}

function replicas({ primary, standby, primaryRegion, standbyRegion, primaryAccount }: RegionPair): Problem[] {
  const problems: Problem[] = [];
  const writers = writersOf(primary).filter((w) => w.kind === 'instance');
  for (const { ref, source } of replicasByArnOf(standby)) {
    const names = `${ref.logicalId}'s source arn:...:rds:${source.region}:${source.account}:${source.resourceType}:${source.identifier}`;
    if (source.region === standbyRegion) {
      problems.push(
        problemAt(
          ref,
          `${names} is in ${standbyRegion}, the standby's own Region: it is lost with nothing of the primary's, and the primary Region's loss leaves this replica with no copy of ${primary.name}'s data. Name the primary's DB instance in ${primaryRegion}.`,
        ),
      );
      continue;
    }
    if (source.region !== primaryRegion) {
      problems.push(
        problemAt(
          ref,
          `${names} is in ${source.region}, not in ${primary.name}'s Region ${primaryRegion}. Copy the primary Data stack's DatabaseInstanceArn output.`,
        ),
      );
      continue;
    }
    if (source.account !== primaryAccount) {
      problems.push(
        problemAt(
          ref,
          `${names} is in account ${source.account}, not ${primary.name}'s account ${primaryAccount}. Copy the primary Data stack's DatabaseInstanceArn output.`,
        ),
      );
      continue;
    }
    if (source.resourceType !== 'db' || writers.length === 0) {
      problems.push(
        problemAt(
          ref,
          `${names} is not a DB instance of ${primary.name}, whose templates hold ${writers.length} DB instance writer(s). Name the primary's DB instance writer.`,
        ),
      );
      continue;
    }
    const identifiers = writers.map((w) => literal(primary, w.writer, 'DBInstanceIdentifier'));
    if (identifiers.every((id) => id !== undefined) && !identifiers.includes(source.identifier.toLowerCase())) {
      problems.push(
        problemAt(
          ref,
          `${names} names DB instance ${source.identifier}, but ${primary.name}'s writers are ${identifiers.join(', ')}. Name one of them.`,
        ),
      );
    }
    const engine = replicaEngineOf(standby, ref);
    const engines = writers.map((w) => literal(primary, w.writer, 'Engine')).filter((e): e is string => e !== undefined);
    if (engine && engines.length === writers.length && !engines.some((e) => engine.startsWith(e))) {
      problems.push(
        problemAt(
          ref,
          `${ref.logicalId} is configured for engine ${engine}, but ${primary.name}'s DB instance writers run ${engines.join(', ')}: it cannot be their replica. Give it the primary's engine (HaCrossRegionReplica engine).`,
        ),
      );
    }
  }
  return problems;
}

function arnOutput({ primary }: RegionPair): Problem[] {
  const writers = writersOf(primary).filter((w) => w.kind === 'instance');
  if (writers.length === 0) {
    return [];
  }
  const outputs = primary.stacks.flatMap((stack) =>
    Object.values(stack.template.Outputs ?? {}).map((output) => ({ stack, value: output.Value })),
  );
  const exposes = (writer: ResourceRef) =>
    outputs.some(({ stack, value }) => {
      const refs = mentioned(primary, stack, value);
      return !isUnknown(refs) && refs.some((r) => r.resource === writer.resource) && JSON.stringify(value).includes(':rds:');
    });
  return writers
    .filter(({ writer }) => !exposes(writer))
    .map(({ writer }) =>
      problemAt(
        writer,
        `${primary.name} does not output the ARN of DB instance ${writer.logicalId} (arn:...:rds:<region>:<account>:db:<id>), so nothing shows which instance the standby's replica must name. Output it (DataStack writes DatabaseInstanceArn when the profile has secondaryRegion).`,
      ),
    );
}

function secondaries({ primary, standby }: RegionPair): Problem[] {
  const globals = globalClustersOf(primary);
  return secondaryClustersOf(standby).flatMap(({ ref, globalClusterIdentifier }): Problem[] => {
    const global = globals.find((g) => g.identifier === globalClusterIdentifier);
    if (!global) {
      const unnamed = globals.map((g) => g.identifier).find(isUnknown);
      return [
        unnamed
          ? cannotProve(ref, "replication from the primary's global database", unnamed)
          : problemAt(
              ref,
              `${ref.logicalId} joins global database ${globalClusterIdentifier}, which no AWS::RDS::GlobalCluster of ${primary.name} is (${globals.map((g) => g.identifier).join(', ') || 'it has none'}). Name the primary's global cluster.`,
            ),
      ];
    }
    const engine = literal(standby, ref, 'Engine');
    const primaryEngine = literal(primary, global.ref, 'Engine') ?? global.members.map((m) => literal(primary, m, 'Engine')).find((e) => e);
    return engine && primaryEngine && engine !== primaryEngine
      ? [
          problemAt(
            ref,
            `${ref.logicalId} runs ${engine}, but global database ${globalClusterIdentifier} runs ${primaryEngine}. Use the global cluster's engine.`,
          ),
        ]
      : [];
  });
}
