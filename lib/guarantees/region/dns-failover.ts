import { judgeRegionPair, pairProblem, whenPending } from './judge-pair';
import { cannotProve, GuaranteeCheck, Problem, problemAt } from '../guarantee-check';
import { EnvironmentModel } from '../model/environment-model';
import { RegionPair } from '../model/region-pair';
import { FailoverRecord, failoverRecordsOf, healthCheckFacts } from '../model/failover-records';
import { mentioned } from '../model/region-facts';
import { isUnknown, ResourceRef, Unknown } from '../model/resolved';

const LOAD_BALANCER = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
/** Health checks that probe an endpoint themselves; the others (CALCULATED, CLOUDWATCH_METRIC, RECOVERY_CONTROL) are not followed. */
const ENDPOINT_CHECKS = ['HTTP', 'HTTPS', 'HTTP_STR_MATCH', 'HTTPS_STR_MATCH', 'TCP'];

/**
 * HA-REG-003 — DNS fails over to the standby on a health check.
 *
 * Why: without a health-checked failover record, users keep resolving the lost Region's load
 * balancer until someone edits DNS by hand; Route 53 treats a record with no health check as
 * always healthy, so it never fails over.
 * How it is judged, over the Region pair (docs/adr/0083): the primary has an
 * `AWS::Route53::RecordSet` (or a `RecordSetGroup` entry) with `Failover: PRIMARY`, an alias to a
 * load balancer of the primary's own templates, and a `HealthCheckId` that is an
 * `AWS::Route53::HealthCheck` of the primary probing that Region's endpoint (its
 * `FullyQualifiedDomainName` is the primary's load balancer, or the name of a primary record
 * aliased to it; an HTTP(S) or TCP check). The standby has a `Failover: SECONDARY` record with the
 * same name, type and hosted zone (a literal `HostedZoneId` or `HostedZoneName`), an alias to a load
 * balancer of the standby; a health check on it, if any, probes the standby's endpoint. A
 * SECONDARY without its PRIMARY, or the other way round, is a finding. A standby that declares DNS
 * pending (`standbyFor.pending`) gets warnings.
 * Fix: write the PRIMARY record with its health check in the primary Stage and the SECONDARY record
 * in the standby Stage, for the same name in the same hosted zone.
 */
export const DNS_FAILOVER: GuaranteeCheck = {
  id: 'HA-REG-003',
  rule: "DNS fails over to the standby's load balancer on a health check of the primary's",
  fix: 'Add a PRIMARY failover alias record with a health check in the primary and a SECONDARY one of the same name in the standby',
  check(model) {
    return judgeRegionPair(model, 'DNS failover to the standby', (pair) => whenPending(pair, 'dns', judge(pair)));
  },
};

function judge(pair: RegionPair): Problem[] {
  const { primary, standby } = pair;
  if (primary.resources(LOAD_BALANCER).length === 0) {
    return [];
  }
  const primaries = failoverRecordsOf(primary).filter((r) => r.failover === 'PRIMARY');
  const secondaries = failoverRecordsOf(standby).filter((r) => r.failover === 'SECONDARY');
  if (primaries.length === 0) {
    return [
      pairProblem(
        standby,
        `${primary.name} has no Route 53 record with Failover PRIMARY and a health check: when ${pair.primaryRegion} is lost, users keep resolving its load balancer. Add a PRIMARY failover alias record with a health check, and a SECONDARY one in ${standby.name}.`,
      ),
    ];
  }
  const problems: Problem[] = [];
  const matched = new Set<FailoverRecord>();
  for (const record of primaries) {
    problems.push(...ownRegionAlias(primary, record, pair.primaryRegion));
    problems.push(...healthChecked(primary, record, pair.primaryRegion, true));
    const key = identity(record);
    if (isUnknown(key)) {
      problems.push(cannotProve(record.ref, 'DNS failover', key));
      continue;
    }
    const partner = secondaries.find((s) => identity(s) === key);
    if (!partner) {
      const seen = secondaries.map((s) => describe(s)).join('; ') || 'none';
      problems.push(
        problemAt(
          record.ref,
          `No SECONDARY record in ${standby.name} answers for ${describe(record)} (the standby's SECONDARY records: ${seen}): when the health check fails, Route 53 has nothing to answer with. Give the standby a SECONDARY record of the same name, type and hosted zone.`,
        ),
      );
      continue;
    }
    matched.add(partner);
    problems.push(...ownRegionAlias(standby, partner, pair.standbyRegion));
    if (partner.healthCheck !== undefined) {
      problems.push(...healthChecked(standby, partner, pair.standbyRegion, false));
    }
  }
  for (const orphan of secondaries.filter((s) => !matched.has(s))) {
    problems.push(
      problemAt(
        orphan.ref,
        `SECONDARY record ${describe(orphan)} has no PRIMARY record of the same name, type and hosted zone in ${primary.name}: it never answers. Give both records the same name, type and hosted zone.`,
      ),
    );
  }
  return problems;
}

function identity(record: FailoverRecord): string | Unknown {
  const unknown = [record.name, record.type, record.zone].find(isUnknown);
  return unknown ?? `${record.zone as string} ${record.name as string} ${record.type as string}`;
}

function describe(record: FailoverRecord): string {
  const text = (v: string | Unknown) => (isUnknown(v) ? '?' : v);
  return `${text(record.name)} ${text(record.type)} in zone ${text(record.zone)}`;
}

/** The load balancers among resources, in the model's own templates. */
function loadBalancers(refs: ResourceRef[]): ResourceRef[] {
  return refs.filter((r) => r.resource.Type === LOAD_BALANCER);
}

function ownRegionAlias(model: EnvironmentModel, record: FailoverRecord, region: string): Problem[] {
  if (record.aliasTargets === undefined) {
    return [
      problemAt(
        record.ref,
        `${record.failover} record ${describe(record)} is not an alias to ${model.name}'s load balancer in ${region}, so what it answers cannot be followed to a Region. Make it an alias (AliasTarget) to the load balancer.`,
      ),
    ];
  }
  if (isUnknown(record.aliasTargets)) {
    return [cannotProve(record.ref, 'DNS failover', `its alias target ${record.aliasTargets.why}`)];
  }
  return loadBalancers(record.aliasTargets).length > 0
    ? []
    : [
        problemAt(
          record.ref,
          `${record.failover} record ${describe(record)} is an alias to something other than a load balancer of ${model.name}'s templates (in ${region}). Alias it to that Region's load balancer.`,
        ),
      ];
}

function healthChecked(model: EnvironmentModel, record: FailoverRecord, region: string, required: boolean): Problem[] {
  if (record.healthCheck === undefined) {
    return required
      ? [
          problemAt(
            record.ref,
            `PRIMARY record ${describe(record)} has no health check: Route 53 treats it as always healthy, so it never fails over when ${region} is lost. Set HealthCheckId to a health check on ${model.name}'s endpoint.`,
          ),
        ]
      : [];
  }
  const check = record.healthCheck;
  if (check.kind !== 'resource' || check.ref.resource.Type !== 'AWS::Route53::HealthCheck') {
    return [
      cannotProve(
        record.ref,
        'DNS failover',
        `its HealthCheckId is ${check.kind === 'unknown' ? check.why : `not an AWS::Route53::HealthCheck of ${model.name}'s templates`}`,
      ),
    ];
  }
  const facts = healthCheckFacts(model, check.ref);
  if (isUnknown(facts.type) || !ENDPOINT_CHECKS.includes(facts.type)) {
    return [
      cannotProve(
        check.ref,
        `a health check on ${region}'s endpoint`,
        isUnknown(facts.type) ? facts.type : `a ${facts.type} health check is not followed to an endpoint; probe the load balancer (HTTPS)`,
      ),
    ];
  }
  if (facts.disabledOrInverted) {
    return [
      problemAt(
        check.ref,
        `Health check ${check.ref.logicalId} of ${record.failover} record ${describe(record)} is ${facts.disabledOrInverted}: Route 53 then reports it healthy whatever ${region}'s endpoint does (disabled), or healthy when it is down (inverted). Remove Disabled and Inverted.`,
      ),
    ];
  }
  const endpoint = facts.endpoint;
  if (isUnknown(endpoint)) {
    return [cannotProve(check.ref, `a health check on ${region}'s endpoint`, endpoint)];
  }
  const targets = typeof endpoint === 'string' ? namedRecordTargets(model, endpoint) : endpoint;
  return loadBalancers(targets).length > 0
    ? []
    : [
        problemAt(
          check.ref,
          `Health check ${check.ref.logicalId} of ${record.failover} record ${describe(record)} probes ${typeof endpoint === 'string' ? endpoint : endpoint.map((r) => r.logicalId).join(', ') || 'nothing'}, not ${model.name}'s load balancer in ${region}: it can stay healthy while that Region is down. Probe the load balancer's DNS name (or a record aliased to it).`,
        ),
      ];
}

/** The resources a record of the model named `name` aliases to (a regional name such as `us-east-1.app.example.com`). */
function namedRecordTargets(model: EnvironmentModel, name: string): ResourceRef[] {
  const records = model.resources('AWS::Route53::RecordSet').filter((r) => {
    const n = model.resolve(r.stack, r.resource.Properties?.Name);
    return n.kind === 'literal' && String(n.value).toLowerCase().replace(/\.$/, '') === name;
  });
  return records.flatMap((r) => {
    const targets = r.resource.Properties?.AliasTarget ? mentioned(model, r.stack, r.resource.Properties.AliasTarget.DNSName) : [];
    return isUnknown(targets) ? [] : targets;
  });
}
