import { judgeRegionPair, pairProblem } from './judge-pair';
import { cannotProve, GuaranteeCheck, Problem, problemAt } from '../guarantee-check';
import { EnvironmentModel } from '../model/environment-model';
import { RegionPair } from '../model/region-pair';
import { FailoverRecord, failoverRecordsOf, healthCheckFacts, RecordFacts, recordsOf } from '../model/failover-records';
import { answeredByLoadBalancer, listenerFor, LOAD_BALANCER, notPublic, Probe } from '../model/load-balancer-serving';
import { isUnknown, ResourceRef, Unknown } from '../model/resolved';

/** Health checks that probe an endpoint themselves; the others (CALCULATED, CLOUDWATCH_METRIC, RECOVERY_CONTROL) are not followed. */
const ENDPOINT_CHECKS = ['HTTP', 'HTTPS', 'HTTP_STR_MATCH', 'HTTPS_STR_MATCH', 'TCP'];
/** Record types that send a client to an endpoint; a plain one beside the failover pair never fails over (TXT, MX, CAA... carry no traffic). */
const ENDPOINT_RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'HTTPS', 'SVCB'];

/**
 * HA-REG-003 — DNS fails over to the standby on a health check.
 *
 * Why: without a health-checked failover record, users keep resolving the lost Region's load
 * balancer until someone edits DNS by hand; Route 53 treats a record with no health check as
 * always healthy, so it never fails over.
 * How it is judged, over the Region pair (docs/adr/0083): the primary has an
 * `AWS::Route53::RecordSet` (or a `RecordSetGroup` entry) with `Failover: PRIMARY`, an alias to a
 * load balancer of the primary's own templates, and a `HealthCheckId` that is an
 * `AWS::Route53::HealthCheck` of the primary probing that very load balancer: an HTTP(S) or TCP
 * check, enabled, not inverted, without `IPAddress` (Route 53 would probe that address and send
 * the name only as Host/SNI), whose `FullyQualifiedDomainName` is exactly the load balancer's
 * `DNSName` (or a literal name of a plain record aliased exactly to it; never the failover name
 * itself, which answers with the standby once failed over, so the check flaps), on a port where
 * the load balancer listens and a path that reaches a target (not a fixed-response, redirect or
 * authenticate action of a listener rule). The standby has a `Failover: SECONDARY` record with
 * the same name, type and hosted zone (a literal `HostedZoneId` or `HostedZoneName`), an alias to
 * a load balancer of the standby; a health check on it, if any, is judged the same way. Both
 * load balancers face the internet and listen on the probed port. No plain (non-failover) A,
 * AAAA, CNAME, HTTPS or SVCB record of the same name and zone sits beside the pair: its clients
 * never fail over. A SECONDARY without its PRIMARY, or the other way round, is a finding. A
 * standby that declares DNS pending (`standbyFor.pending`) gets warnings for what is absent
 * (records, a health check); records that exist are judged strictly.
 * Fix: write the PRIMARY record with its health check in the primary Stage and the SECONDARY record
 * in the standby Stage, for the same name in the same hosted zone.
 */
export const DNS_FAILOVER: GuaranteeCheck = {
  id: 'HA-REG-003',
  rule: "DNS fails over to the standby's load balancer on a health check of the primary's",
  fix: 'Add a PRIMARY failover alias record with a health check in the primary and a SECONDARY one of the same name in the standby',
  check(model) {
    return judgeRegionPair(model, 'DNS failover to the standby', judge);
  },
};

/** A problem about something absent: a warning while the standby declares DNS pending. */
function absent(pair: RegionPair, problem: Problem): Problem {
  const reason = pair.pending.get('dns');
  return reason === undefined ? problem : { ...problem, pending: reason };
}

function judge(pair: RegionPair): Problem[] {
  const { primary, standby } = pair;
  if (primary.resources(LOAD_BALANCER).length === 0) {
    return [];
  }
  const primaries = failoverRecordsOf(primary).filter((r) => r.failover === 'PRIMARY');
  const secondaries = failoverRecordsOf(standby).filter((r) => r.failover === 'SECONDARY');
  if (primaries.length === 0) {
    return [
      absent(
        pair,
        pairProblem(
          standby,
          `${primary.name} has no Route 53 record with Failover PRIMARY and a health check: when ${pair.primaryRegion} is lost, users keep resolving its load balancer. Add a PRIMARY failover alias record with a health check, and a SECONDARY one in ${standby.name}.`,
        ),
      ),
    ];
  }
  const failoverNames = new Set([...primaries, ...secondaries].flatMap((r) => (isUnknown(r.name) ? [] : [r.name])));
  const problems: Problem[] = [];
  const matched = new Set<FailoverRecord>();
  // A name may carry several failover pairs (A and AAAA): plain records beside it are reported once.
  const checkedNames = new Set<string>();
  for (const record of primaries) {
    const targets = ownRegionAlias(primary, record, pair.primaryRegion, problems);
    const probe = healthChecked(pair, primary, record, targets, pair.primaryRegion, failoverNames, problems);
    problems.push(...servesPublicly(primary, record, targets, probe));
    const key = identity(record);
    if (isUnknown(key)) {
      problems.push(cannotProve(record.ref, 'DNS failover', key));
      continue;
    }
    if (!checkedNames.has(`${record.zone as string} ${record.name as string}`)) {
      checkedNames.add(`${record.zone as string} ${record.name as string}`);
      problems.push(...plainRecordsBeside(pair, record));
    }
    const partner = secondaries.find((s) => identity(s) === key);
    if (!partner) {
      const seen = secondaries.map((s) => describe(s)).join('; ') || 'none';
      problems.push(
        absent(
          pair,
          problemAt(
            record.ref,
            `No SECONDARY record in ${standby.name} answers for ${describe(record)} (the standby's SECONDARY records: ${seen}): when the health check fails, Route 53 has nothing to answer with. Give the standby a SECONDARY record of the same name, type and hosted zone.`,
          ),
        ),
      );
      continue;
    }
    matched.add(partner);
    const standbyTargets = ownRegionAlias(standby, partner, pair.standbyRegion, problems);
    const standbyProbe =
      partner.healthCheck !== undefined
        ? healthChecked(pair, standby, partner, standbyTargets, pair.standbyRegion, failoverNames, problems)
        : undefined;
    // Without a check of its own, the standby must answer what users reached the primary on.
    problems.push(...servesPublicly(standby, partner, standbyTargets, standbyProbe ?? probe));
  }
  for (const orphan of secondaries.filter((s) => !matched.has(s))) {
    problems.push(
      absent(
        pair,
        problemAt(
          orphan.ref,
          `SECONDARY record ${describe(orphan)} has no PRIMARY record of the same name, type and hosted zone in ${primary.name}: it never answers. Give both records the same name, type and hosted zone.`,
        ),
      ),
    );
  }
  return problems;
}

function identity(record: RecordFacts): string | Unknown {
  const unknown = [record.name, record.type, record.zone].find(isUnknown);
  return unknown ?? `${record.zone as string} ${record.name as string} ${record.type as string}`;
}

function describe(record: RecordFacts): string {
  const text = (v: string | Unknown) => (isUnknown(v) ? '?' : v);
  return `${text(record.name)} ${text(record.type)} in zone ${text(record.zone)}`;
}

/** The load balancers among resources, in the model's own templates. */
function loadBalancers(refs: ResourceRef[]): ResourceRef[] {
  return refs.filter((r) => r.resource.Type === LOAD_BALANCER);
}

/** The load balancers a record aliases, or none with a problem recorded. */
function ownRegionAlias(model: EnvironmentModel, record: FailoverRecord, region: string, problems: Problem[]): ResourceRef[] {
  if (record.aliasTargets === undefined) {
    problems.push(
      problemAt(
        record.ref,
        `${record.failover} record ${describe(record)} is not an alias to ${model.name}'s load balancer in ${region}, so what it answers cannot be followed to a Region. Make it an alias (AliasTarget) to the load balancer.`,
      ),
    );
    return [];
  }
  if (isUnknown(record.aliasTargets)) {
    problems.push(cannotProve(record.ref, 'DNS failover', `its alias target ${record.aliasTargets.why}`));
    return [];
  }
  const found = loadBalancers(record.aliasTargets);
  if (found.length === 0) {
    problems.push(
      problemAt(
        record.ref,
        `${record.failover} record ${describe(record)} is an alias to something other than a load balancer of ${model.name}'s templates (in ${region}). Alias it to that Region's load balancer.`,
      ),
    );
  }
  return found;
}

/** Problems of load balancers a record answers with that public users cannot use on the probed port. */
function servesPublicly(model: EnvironmentModel, record: FailoverRecord, targets: ResourceRef[], probe: Probe | undefined): Problem[] {
  return targets.flatMap((lb) => {
    const why = notPublic(model, lb) ?? (probe ? listenerOrWhy(model, lb, probe) : undefined);
    return why === undefined
      ? []
      : [
          problemAt(
            record.ref,
            `${record.failover} record ${describe(record)} answers with load balancer ${lb.logicalId} of ${model.name}, which ${why}: neither users nor the health check are served there. Alias it to an internet-facing load balancer with a listener on the port the health check probes (the port users reach).`,
          ),
        ];
  });
}

function listenerOrWhy(model: EnvironmentModel, lb: ResourceRef, probe: Probe): string | undefined {
  const listener = listenerFor(model, lb, probe);
  return typeof listener === 'string' ? listener : undefined;
}

/**
 * Judges a record's health check into `problems`; returns what it probes when it is a sound check
 * of one of `targets` (the record's load balancers), so the other side can be held to the same port.
 */
function healthChecked(
  pair: RegionPair,
  model: EnvironmentModel,
  record: FailoverRecord,
  targets: ResourceRef[],
  region: string,
  failoverNames: ReadonlySet<string>,
  problems: Problem[],
): Probe | undefined {
  if (record.healthCheck === undefined) {
    problems.push(
      absent(
        pair,
        problemAt(
          record.ref,
          `PRIMARY record ${describe(record)} has no health check: Route 53 treats it as always healthy, so it never fails over when ${region} is lost. Set HealthCheckId to a health check on ${model.name}'s endpoint.`,
        ),
      ),
    );
    return undefined;
  }
  const check = record.healthCheck;
  if (check.kind !== 'resource' || check.ref.resource.Type !== 'AWS::Route53::HealthCheck') {
    problems.push(
      cannotProve(
        record.ref,
        'DNS failover',
        `its HealthCheckId is ${check.kind === 'unknown' ? check.why : `not an AWS::Route53::HealthCheck of ${model.name}'s templates`}`,
      ),
    );
    return undefined;
  }
  const facts = healthCheckFacts(model, check.ref);
  const on = `a health check on ${region}'s endpoint`;
  const of = `Health check ${check.ref.logicalId} of ${record.failover} record ${describe(record)}`;
  if (isUnknown(facts.type) || !ENDPOINT_CHECKS.includes(facts.type)) {
    problems.push(
      cannotProve(
        check.ref,
        on,
        isUnknown(facts.type) ? facts.type : `a ${facts.type} health check is not followed to an endpoint; probe the load balancer (HTTPS)`,
      ),
    );
    return undefined;
  }
  if (facts.disabledOrInverted) {
    problems.push(
      problemAt(
        check.ref,
        `${of} is ${facts.disabledOrInverted}: Route 53 then reports it healthy whatever ${region}'s endpoint does (disabled), or healthy when it is down (inverted). Remove Disabled and Inverted.`,
      ),
    );
    return undefined;
  }
  if (facts.ipAddress !== undefined) {
    problems.push(
      problemAt(
        check.ref,
        `${of} sets IPAddress ${facts.ipAddress}: Route 53 probes that address and uses FullyQualifiedDomainName only as Host header and SNI, and a load balancer's addresses change, so no fixed address is provably ${model.name}'s load balancer in ${region}. Remove IPAddress and probe the load balancer's DNS name.`,
      ),
    );
    return undefined;
  }
  const endpoint = facts.endpoint;
  if (isUnknown(endpoint)) {
    problems.push(cannotProve(check.ref, on, endpoint));
    return undefined;
  }
  if (typeof endpoint === 'string' && failoverNames.has(endpoint)) {
    problems.push(
      problemAt(
        check.ref,
        `${of} probes ${endpoint}, the failover name itself: once Route 53 fails over, that name answers with the standby, the check turns healthy and users are sent back to the lost Region (flapping). Probe ${region}'s load balancer's own DNS name.`,
      ),
    );
    return undefined;
  }
  const probed = loadBalancers(typeof endpoint === 'string' ? namedRecordTargets(model, endpoint) : endpoint);
  if (probed.length === 0) {
    problems.push(
      problemAt(
        check.ref,
        `${of} probes ${typeof endpoint === 'string' ? endpoint : endpoint.map((r) => r.logicalId).join(', ') || 'nothing'}, not ${model.name}'s load balancer in ${region}: it can stay healthy while that Region is down. Probe the load balancer's DNS name (or a record aliased to it).`,
      ),
    );
    return undefined;
  }
  const answering = probed.filter((lb) => targets.some((t) => t.resource === lb.resource));
  if (targets.length > 0 && answering.length === 0) {
    problems.push(
      problemAt(
        check.ref,
        `${of} probes load balancer ${probed.map((r) => r.logicalId).join(', ')}, but the record answers with ${targets.map((r) => r.logicalId).join(', ')}: that one can fail while the probed one stays healthy. Probe the load balancer the record aliases.`,
      ),
    );
    return undefined;
  }
  if (isUnknown(facts.probe)) {
    problems.push(cannotProve(check.ref, on, facts.probe));
    return undefined;
  }
  const probe = facts.probe;
  for (const lb of probed) {
    const listener = listenerFor(model, lb, probe);
    const why = typeof listener === 'string' ? undefined : probe.path && answeredByLoadBalancer(model, listener, probe.path);
    if (why) {
      problems.push(
        problemAt(
          check.ref,
          `${of} requests ${probe.path} on port ${probe.port}, but on load balancer ${lb.logicalId} ${why}: the check stays healthy while every target (or what they depend on) in ${region} is down, so a partial Region failure never fails over. Probe a path the load balancer forwards to the application.`,
        ),
      );
    }
  }
  return probe;
}

/**
 * Plain (non-failover) records that send clients to an endpoint under a failover record's name and
 * zone, in either Region's templates: their clients keep the answer whatever the health check says.
 */
function plainRecordsBeside(pair: RegionPair, record: FailoverRecord): Problem[] {
  return [pair.primary, pair.standby].flatMap((model) =>
    recordsOf(model)
      .filter(
        (r) =>
          r.failover === undefined &&
          !isUnknown(r.name) &&
          r.name === record.name &&
          r.zone === record.zone &&
          (isUnknown(r.type) || ENDPOINT_RECORD_TYPES.includes(r.type)),
      )
      .map((r) =>
        problemAt(
          r.ref,
          `Record ${describe(r)} of ${model.name} answers for the failover name ${describe(record)} without failover: Route 53 answers its clients (${isUnknown(r.type) ? 'of its type' : `every ${r.type} query`}) with it whatever the health check says, so they never fail over to ${pair.standbyRegion}. Make it a PRIMARY/SECONDARY failover pair too, or remove it.`,
        ),
      ),
  );
}

/**
 * The resources a plain record of the model named `name` aliases to exactly (a regional name such
 * as `us-east-1.app.example.com`); a failover record's answer moves between Regions, so it is none.
 */
function namedRecordTargets(model: EnvironmentModel, name: string): ResourceRef[] {
  return recordsOf(model)
    .filter((r) => r.failover === undefined && r.name === name)
    .flatMap((r) => (r.aliasTargets === undefined || isUnknown(r.aliasTargets) ? [] : r.aliasTargets));
}
