import { AWS_REGION_FAILOVER, REGION_FAILOVER_ASSUMPTIONS } from './aws-figures';
import { CAPACITY_PLAN_METADATA } from '../../web/capacity-plan';
import { groupAzLossCapacity } from '../model/facts';
import { RegionPair } from '../model/region-pair';
import { failoverRecordsOf, healthCheckFacts } from '../model/failover-records';
import { lagAlarmsOf } from '../model/lag-alarms';
import { hasInstance, replicasByArnOf, secondaryClustersOf } from '../model/region-facts';
import { isUnknown, ResourceRef } from '../model/resolved';

/** One term of a Region-loss RTO or RPO. */
export interface RegionLossTerm {
  /** `detection`, `dns-ttl`, `promotion`, `scale-up` (RTO) or `replica-lag` (RPO). */
  readonly term: 'detection' | 'dns-ttl' | 'promotion' | 'scale-up' | 'replica-lag';
  /** Seconds; undefined when it cannot be bounded (the sum is then unbounded). */
  readonly seconds?: number;
  /** How it was read or derived, with the figure's source. */
  readonly basis: string;
  /** How to shorten it, or to bound it when it is unbounded. */
  readonly fix: string;
}

/** One web group's capacity when the primary Region is lost, before the standby scales up. */
export interface StandbyCapacity {
  /** The group's logical ID (the same in both Regions when built by the same code). */
  readonly group: string;
  /** Instances the primary needs at peak (its capacity plan's baseline); undefined when it has no plan. */
  readonly primaryBaseline?: number;
  /** The standby's own baseline (capacityPercent of the primary's). */
  readonly standbyBaseline?: number;
  /** Instances the standby runs (MinSize), which serve at once. */
  readonly standbyRunning?: number;
  /** Most instances the standby may grow to (MaxSize). */
  readonly standbyMaximum?: number;
}

/** RTO and RPO of losing the primary Region, as sums of their terms (docs/adr/0084). */
export interface RegionLossEstimate {
  /** Seconds until the standby serves everything at the primary's capacity; undefined when a term is unbounded. */
  readonly rtoSeconds?: number;
  readonly rtoTerms: readonly RegionLossTerm[];
  /** Seconds of acknowledged writes the loss may lose; undefined when unbounded. */
  readonly rpoSeconds?: number;
  readonly rpoTerms: readonly RegionLossTerm[];
  readonly capacity: readonly StandbyCapacity[];
}

/**
 * The Region-loss RTO and RPO of a pair, read from its templates:
 * - RPO = the replication-lag alarm's threshold + its evaluation window (the replica may trail by
 *   up to the threshold, and by more for up to the window before the alarm fires); only a routed
 *   alarm that treats missing data as breaching counts, else a stopped replica looks healthy;
 * - RTO = detection (the PRIMARY record's health check: request interval x failure threshold)
 *   + DNS TTL (an alias to a load balancer: 60 s fixed, AWS_REGION_FAILOVER)
 *   + promotion of the replica or secondary (an assumption, REGION_FAILOVER_ASSUMPTIONS; unbounded
 *   for a secondary cluster with no instance, which must first be created)
 *   + scale-up (EC2 launch and boot + the group's health-check grace period), when a web group of
 *   the standby runs fewer instances than the primary's baseline (its capacity plan's: without
 *   one the term is unbounded).
 * Summed, not overlapped: the runbook promotes and scales up in parallel, so the sum is an upper
 * bound with that margin.
 */
export function estimateRegionLoss(pair: RegionPair): RegionLossEstimate {
  const capacity = capacityOf(pair);
  const rtoTerms = [detection(pair), dnsTtl(pair), promotion(pair), scaleUp(pair, capacity)];
  const rpoTerms = [replicaLag(pair)];
  const sum = (terms: RegionLossTerm[]) =>
    terms.some((t) => t.seconds === undefined) ? undefined : terms.reduce((s, t) => s + t.seconds!, 0);
  return { rtoSeconds: sum(rtoTerms), rtoTerms, rpoSeconds: sum(rpoTerms), rpoTerms, capacity };
}

function primaryRecords(pair: RegionPair) {
  return failoverRecordsOf(pair.primary).filter((r) => r.failover === 'PRIMARY');
}

function detection(pair: RegionPair): RegionLossTerm {
  const fix =
    'a PRIMARY failover record with a health check on the primary load balancer (HA-REG-003); a 10 s interval or a lower failure threshold shortens it';
  const checks = primaryRecords(pair).map((r) =>
    r.healthCheck?.kind === 'resource' && r.healthCheck.ref.resource.Type === 'AWS::Route53::HealthCheck'
      ? healthCheckFacts(pair.primary, r.healthCheck.ref)
      : undefined,
  );
  if (checks.length === 0 || checks.some((c) => c === undefined)) {
    return {
      term: 'detection',
      basis: 'no PRIMARY failover record with a Route 53 health check: nothing detects the loss; DNS changes by hand',
      fix,
    };
  }
  let slowest: { seconds: number; basis: string } | undefined;
  for (const c of checks.map((c) => c!)) {
    if (c.disabledOrInverted) {
      return { term: 'detection', basis: `health check ${c.ref.logicalId} is ${c.disabledOrInverted}: it never reports the loss`, fix };
    }
    const unknown = [c.requestIntervalSeconds, c.failureThreshold].find(isUnknown);
    if (unknown) {
      return { term: 'detection', basis: `health check ${c.ref.logicalId}: ${unknown.why}`, fix };
    }
    const seconds = (c.requestIntervalSeconds as number) * (c.failureThreshold as number);
    if (!slowest || seconds > slowest.seconds) {
      slowest = {
        seconds,
        basis: `health check ${c.ref.logicalId}: RequestInterval ${c.requestIntervalSeconds} s x FailureThreshold ${c.failureThreshold} (unset: 30 s and 3, Route 53 HealthCheckConfig)`,
      };
    }
  }
  return { term: 'detection', ...slowest!, fix };
}

function dnsTtl(pair: RegionPair): RegionLossTerm {
  const fix = 'an alias record to the load balancer (fixed 60 s TTL), or a non-alias record with TTL 60 or less';
  const records = primaryRecords(pair);
  if (records.length === 0) {
    return { term: 'dns-ttl', basis: 'no PRIMARY failover record: resolvers keep the lost Region answer as long as the record says', fix };
  }
  let seconds = 0;
  const bases: string[] = [];
  for (const r of records) {
    if (r.aliasTargets !== undefined) {
      const targets = r.aliasTargets;
      if (isUnknown(targets) || !targets.some((t) => t.resource.Type === 'AWS::ElasticLoadBalancingV2::LoadBalancer')) {
        return {
          term: 'dns-ttl',
          basis: `${r.ref.logicalId} is an alias to something other than a load balancer, whose TTL is not tabled`,
          fix,
        };
      }
      seconds = Math.max(seconds, AWS_REGION_FAILOVER.aliasToLoadBalancerTtl.seconds);
      bases.push(
        `${r.ref.logicalId}: alias to a load balancer, fixed ${AWS_REGION_FAILOVER.aliasToLoadBalancerTtl.seconds} s TTL (${AWS_REGION_FAILOVER.aliasToLoadBalancerTtl.source})`,
      );
    } else if (r.ttl === undefined || isUnknown(r.ttl)) {
      return { term: 'dns-ttl', basis: `${r.ref.logicalId}: ${r.ttl === undefined ? 'no TTL' : r.ttl.why}`, fix };
    } else {
      seconds = Math.max(seconds, r.ttl);
      bases.push(`${r.ref.logicalId}: TTL ${r.ttl} s`);
    }
  }
  return { term: 'dns-ttl', seconds, basis: bases.join('; '), fix };
}

function copiesOf(pair: RegionPair): { replicas: ResourceRef[]; secondaries: ResourceRef[] } {
  return {
    replicas: replicasByArnOf(pair.standby)
      .filter((r) => r.source.region === pair.primaryRegion)
      .map((r) => r.ref),
    secondaries: secondaryClustersOf(pair.standby).map((s) => s.ref),
  };
}

function promotion(pair: RegionPair): RegionLossTerm {
  const { replicas, secondaries } = copiesOf(pair);
  const fix = 'measure the promotion in the failover drill; Aurora Global Database for a managed failover';
  if (replicas.length === 0 && secondaries.length === 0) {
    return {
      term: 'promotion',
      basis: `the standby holds no replica of ${pair.primary.name}'s data${pair.pending.has('data') ? ` (declared pending: ${pair.pending.get('data')})` : ''}: writes cannot resume`,
      fix: 'build the cross-Region replica (secondaryRegion.sourceDatabaseInstanceArn)',
    };
  }
  const headless = secondaries.find((s) => !hasInstance(pair.standby, s));
  if (headless) {
    return {
      term: 'promotion',
      basis: `secondary cluster ${headless.logicalId} has no DB instance: a failover must first create and boot one, which no figure bounds`,
      fix: 'give the secondary cluster a DB instance (HaGlobalSecondaryCluster does)',
    };
  }
  const figures = [
    ...(replicas.length > 0 ? [REGION_FAILOVER_ASSUMPTIONS.rdsReplicaPromotion] : []),
    ...(secondaries.length > 0 ? [REGION_FAILOVER_ASSUMPTIONS.auroraGlobalFailover] : []),
  ];
  const slowest = figures.reduce((a, b) => (b.seconds > a.seconds ? b : a));
  return { term: 'promotion', seconds: slowest.seconds, basis: slowest.source, fix };
}

/**
 * The web groups' capacity (the request path). Worker groups drain queues: a standby without them
 * is a missing messaging tier (HA-REG-001), not a slower recovery of the requests users wait on.
 */
function capacityOf(pair: RegionPair): StandbyCapacity[] {
  const workers = pair.primary.managed('worker-group');
  const web = pair.primary
    .resources('AWS::AutoScaling::AutoScalingGroup')
    .filter((g) => !workers.some((w) => w.stack === g.stack && w.logicalId === g.logicalId));
  return web.map((group) => {
    // The primary's peak need is its capacity plan's baseline. Without the plan (a hand-written
    // group) it is unknown: taking it as 1 would let any standby "already run it" (fails closed).
    const planned = Number(group.resource.Metadata?.[CAPACITY_PLAN_METADATA]?.baseline);
    const twin = pair.standby.resources('AWS::AutoScaling::AutoScalingGroup').find((g) => g.logicalId === group.logicalId);
    const standby = twin ? groupAzLossCapacity(pair.standby, twin) : undefined;
    const max = twin ? pair.standby.resolve(twin.stack, twin.resource.Properties?.MaxSize) : undefined;
    return {
      group: group.logicalId,
      ...(planned >= 1 ? { primaryBaseline: planned } : {}),
      ...(standby && !isUnknown(standby) ? { standbyBaseline: standby.baseline, standbyRunning: standby.minSize } : {}),
      ...(max?.kind === 'literal' && Number.isFinite(Number(max.value)) ? { standbyMaximum: Number(max.value) } : {}),
    };
  });
}

function scaleUp(pair: RegionPair, capacity: readonly StandbyCapacity[]): RegionLossTerm {
  const fix =
    'raise secondaryRegion.capacityPercent (the standby then runs the primary baseline), or shorten the health-check grace period';
  const unplanned = capacity.find((c) => c.primaryBaseline === undefined);
  if (unplanned) {
    return {
      term: 'scale-up',
      basis: `cannot prove the scale-up term: the primary's group ${unplanned.group} has no ${CAPACITY_PLAN_METADATA} metadata, so its baseline (the capacity the standby must reach) is unknown`,
      fix: `build the group with HaWebTier/HaWebService, or give it ${CAPACITY_PLAN_METADATA} metadata with its baseline`,
    };
  }
  const short = capacity.filter((c) => c.standbyRunning === undefined || c.standbyRunning < c.primaryBaseline!);
  if (short.length === 0) {
    return { term: 'scale-up', seconds: 0, basis: "the standby already runs at least the primary's baseline in every group", fix };
  }
  const cannot = short.find(
    (c) => c.standbyRunning === undefined || c.standbyMaximum === undefined || c.standbyMaximum < c.primaryBaseline!,
  );
  if (cannot) {
    return {
      term: 'scale-up',
      basis: `group ${cannot.group} ${cannot.standbyRunning === undefined ? 'has no readable twin in the standby' : `may grow to ${cannot.standbyMaximum ?? '?'} instances, below the primary's baseline ${cannot.primaryBaseline}`}: the standby never reaches the primary's capacity`,
      fix: "keep the primary's maximum in the standby (standbyCapacity does) and build every group there",
    };
  }
  const launch = REGION_FAILOVER_ASSUMPTIONS.ec2LaunchAndBoot;
  let grace = 0;
  for (const c of short) {
    const twin = pair.standby.resources('AWS::AutoScaling::AutoScalingGroup').find((g) => g.logicalId === c.group)!;
    const g = pair.standby.resolve(twin.stack, twin.resource.Properties?.HealthCheckGracePeriod ?? 0);
    if (g.kind !== 'literal' || !Number.isFinite(Number(g.value))) {
      return { term: 'scale-up', basis: `HealthCheckGracePeriod of ${c.group} is not a literal number`, fix };
    }
    grace = Math.max(grace, Number(g.value));
  }
  return {
    term: 'scale-up',
    seconds: launch.seconds + grace,
    basis: `${short.map((c) => `${c.group} runs ${c.standbyRunning} of the primary's baseline ${c.primaryBaseline}`).join('; ')}: EC2 launch and boot ${launch.seconds} s (${launch.source}) + the longest health-check grace period, ${grace} s`,
    fix,
  };
}

function replicaLag(pair: RegionPair): RegionLossTerm {
  const { replicas, secondaries } = copiesOf(pair);
  const copies = [...replicas, ...secondaries];
  const fix = "alarm on the replica's lag with TreatMissingData breaching (HaCrossRegionReplica does); lower secondaryRegion.maxReplicaLag";
  if (copies.length === 0) {
    return {
      term: 'replica-lag',
      basis: `the standby holds no replica of ${pair.primary.name}'s data: everything since the last backup copy is lost`,
      fix: 'build the cross-Region replica',
    };
  }
  let seconds = 0;
  const bases: string[] = [];
  for (const copy of copies) {
    const alarms = lagAlarmsOf(pair.standby, copy).filter((a) => a.routed && a.missingDataBreaches);
    if (alarms.length === 0) {
      return {
        term: 'replica-lag',
        basis: `no alarm on ${copy.logicalId}'s replication lag treats missing data as breaching and notifies a topic: how far it trails is unbounded`,
        fix,
      };
    }
    const best = alarms.reduce((a, b) => (b.thresholdSeconds + b.windowSeconds < a.thresholdSeconds + a.windowSeconds ? b : a));
    seconds = Math.max(seconds, best.thresholdSeconds + best.windowSeconds);
    bases.push(
      `${copy.logicalId}: alarm ${best.alarm.logicalId} fires above ${best.thresholdSeconds} s of lag held for ${best.windowSeconds} s`,
    );
  }
  return { term: 'replica-lag', seconds, basis: bases.join('; '), fix };
}
