import { AWS_RECOVERY, AWS_RECOVERY_POINT_SECONDS, AWS_SLA, SlaFigure } from './aws-figures';
import { CacheFacts, DatabaseFacts, EstimateInput } from './estimate-input';
import { AvailabilityPolicy, FAILURE_MODES, FailureMode } from '../../config/availability-policy';

/** One tier's contribution to the composite: the SLA that covers it as deployed. */
export interface TierAvailability {
  /** `load balancer`, `web`, `database` or `cache`. */
  readonly tier: string;
  /** The resource, e.g. the database's name. */
  readonly name: string;
  /** The SLA's monthly uptime percentage. */
  readonly percent: number;
  /** Which SLA line applies and its source. */
  readonly basis: string;
  /** How to raise this tier's figure, when AWS offers a higher one. */
  readonly raiseWith?: string;
}

/** What one tier contributes to one failure mode's recovery. */
export interface RecoveryComponent {
  readonly tier: string;
  readonly name: string;
  /** Seconds until this tier serves again; 0 when it does not stop; undefined when no figure exists. */
  readonly rtoSeconds?: number;
  /** Seconds of acknowledged writes it may lose; 0 for none; undefined when unknown. */
  readonly rpoSeconds?: number;
  /** Why, with the figure's source. */
  readonly reasoning: string;
  /** How to shorten it, when it is long or unknown. */
  readonly fix: string;
}

/** The estimated RTO and RPO of one failure mode: the worst of its components. */
export interface FailureModeEstimate {
  readonly mode: FailureMode;
  /** Undefined when any component's RTO is unknown. */
  readonly rtoSeconds?: number;
  /** Undefined when any component's RPO is unknown. */
  readonly rpoSeconds?: number;
  readonly components: readonly RecoveryComponent[];
}

/** One way the estimate falls short of the policy. */
export interface PolicyViolation {
  /** The tier at fault, e.g. `database main (rds-multi-az-instance)`. */
  readonly tier: string;
  readonly measure: 'availability' | 'availabilityZones' | 'rto' | 'rpo';
  readonly failureMode?: FailureMode;
  /** The estimate, as text (`99.920%`, `120 s`, `unknown`). */
  readonly estimate: string;
  /** The policy's value, as text. */
  readonly policy: string;
  /** The usual fix. */
  readonly fix: string;
  /** All of the above in one sentence. */
  readonly message: string;
}

/** What `estimateAvailability` concludes. */
export interface AvailabilityEstimate {
  /** Serial composite of the tiers' SLAs, in percent. */
  readonly compositePercent: number;
  /** The tier with the lowest SLA, which caps the composite; undefined with no tiers. */
  readonly cappedBy?: TierAvailability;
  readonly tiers: readonly TierAvailability[];
  readonly failureModes: readonly FailureModeEstimate[];
  /** What the estimate could not quantify, and why. */
  readonly notes: readonly string[];
  readonly violations: readonly PolicyViolation[];
}

const AURORA_FIX = 'use Aurora with a reader in another AZ (Multi-AZ SLA 99.99%, failover typically < 120 s)';

/**
 * Estimates an environment's availability from AWS's published SLAs and failover times, and
 * judges it against its policy.
 *
 * Composite: the tiers on the request path are in series (every request needs the load balancer,
 * the web tier, the database and the cache), so their monthly-uptime SLAs multiply. EC2 counts once:
 * its Region-Level SLA covers every group in the region. NAT gateways have no SLA and count as
 * part of their AZ. See docs/adr/0030-availability-estimate.md for why products and not a Markov
 * model, and the limits of the figure.
 *
 * RTO and RPO per failure mode: the worst over the tiers the failure reaches, each from a
 * documented figure or from configuration (ALB detection = interval x unhealthy threshold). A
 * figure AWS does not publish is unknown, and an unknown against a policy bound is a violation.
 */
export function estimateAvailability(input: EstimateInput, policy: AvailabilityPolicy): AvailabilityEstimate {
  const tiers = tierAvailabilities(input);
  const compositePercent = 100 * tiers.reduce((product, t) => product * (t.percent / 100), 1);
  const cappedBy = tiers.reduce<TierAvailability | undefined>(
    (low, t) => (low === undefined || t.percent < low.percent ? t : low),
    undefined,
  );
  const failureModes = FAILURE_MODES.map((mode) => combine(mode, COMPONENTS[mode](input)));
  const notes = [
    'NAT gateways: AWS publishes no SLA; each is treated as part of its AZ (AZ-loss RTO), not as a serial tier.',
    'Cache primaries lost with an AZ are judged under cachePrimary, not under az.',
    ...(input.natGatewayPerAz ? [] : ["AZs share a NAT gateway: losing its AZ cuts the others' egress until it returns."]),
  ];
  const violations = [
    ...availabilityViolations(input, policy, compositePercent, tiers, cappedBy),
    ...failureModes.flatMap((estimate) => recoveryViolations(estimate, policy)),
  ];
  return { compositePercent, cappedBy, tiers, failureModes, notes, violations };
}

function tierAvailabilities(input: EstimateInput): TierAvailability[] {
  const tiers: TierAvailability[] = [];
  const sla = (tier: string, name: string, figure: SlaFigure, raiseWith?: string): TierAvailability => ({
    tier,
    name,
    percent: figure.percent,
    basis: figure.source,
    raiseWith,
  });
  if (input.loadBalancer) {
    tiers.push(
      input.loadBalancer.availabilityZones >= 2
        ? sla('load balancer', 'alb', AWS_SLA.elbMultiAz)
        : sla('load balancer', 'alb', AWS_SLA.elbSingleAz, 'give the load balancer subnets in 2 or more AZs (Multi-AZ SLA 99.99%)'),
    );
  }
  if (input.webGroups.length > 0) {
    // The Region-Level SLA covers EC2 in the region once, however many groups; a single-AZ group falls back to the instance SLA.
    const narrow = input.webGroups.find((g) => g.availabilityZones < 2);
    tiers.push(
      narrow
        ? sla('web', narrow.name, AWS_SLA.ec2InstanceLevel, 'launch the group into 2 or more AZs (EC2 Region-Level SLA 99.99%)')
        : sla('web', input.webGroups.map((g) => g.name).join(', '), AWS_SLA.ec2RegionLevel),
    );
  }
  for (const db of input.databases) {
    tiers.push({ ...databaseSla(db), tier: 'database', name: db.name });
  }
  for (const cache of input.caches) {
    tiers.push(
      cache.multiAzAutomaticFailover
        ? sla('cache', cache.name, AWS_SLA.elastiCacheMultiAz)
        : sla(
            'cache',
            cache.name,
            AWS_SLA.elastiCacheSingleAz,
            'enable Multi-AZ with automatic failover and a replica in another AZ (SLA 99.99%)',
          ),
    );
  }
  return tiers;
}

function databaseSla(db: DatabaseFacts): Omit<TierAvailability, 'tier' | 'name'> {
  const of = (figure: SlaFigure, raiseWith?: string) => ({ percent: figure.percent, basis: figure.source, raiseWith });
  switch (db.kind) {
    case 'aurora':
      return db.readers > 0
        ? of(AWS_SLA.auroraMultiAz)
        : of(AWS_SLA.auroraSingleAz, 'add an Aurora reader in another AZ (Multi-AZ SLA 99.99%)');
    case 'rds-multi-az-instance':
    case 'rds-multi-az-cluster':
      return of(AWS_SLA.rdsMultiAz, AURORA_FIX);
    default:
      return of(AWS_SLA.rdsSingleInstance, `enable Multi-AZ (SLA 99.95%) or ${AURORA_FIX}`);
  }
}

/** The tiers each failure mode reaches, with their recovery. */
const COMPONENTS: Record<FailureMode, (input: EstimateInput) => RecoveryComponent[]> = {
  instance: (input) =>
    input.webGroups.map((g) => {
      const lb = input.loadBalancer;
      return lb
        ? {
            tier: 'web',
            name: g.name,
            rtoSeconds: detectionSeconds(input),
            rpoSeconds: 0,
            reasoning: `the ALB stops routing to a failed target after ${lb.unhealthyThresholdCount} failed checks ${lb.healthCheckIntervalSeconds} s apart (configuration; AWS publishes no detection time); web instances hold no acknowledged data`,
            fix: 'shorten the health-check interval or the unhealthy threshold count',
          }
        : {
            tier: 'web',
            name: g.name,
            rpoSeconds: 0,
            reasoning: 'no load balancer routes around a failed instance',
            fix: 'put the group behind an application load balancer with health checks',
          };
    }),

  az: (input) => [
    ...(input.loadBalancer
      ? [
          input.loadBalancer.availabilityZones >= 2
            ? {
                tier: 'load balancer',
                name: 'alb',
                rtoSeconds: 0,
                rpoSeconds: 0,
                reasoning: 'nodes in the other AZs keep serving (Multi-AZ load balancer; assumes clients retry another node address)',
                fix: '',
              }
            : {
                tier: 'load balancer',
                name: 'alb',
                rpoSeconds: 0,
                reasoning: 'the load balancer has nodes in one AZ only',
                fix: 'give the load balancer subnets in 2 or more AZs',
              },
        ]
      : []),
    ...input.webGroups.map((g): RecoveryComponent => {
      const base = { tier: 'web', name: g.name, rpoSeconds: 0 };
      if (g.availabilityZones < 2) {
        return { ...base, reasoning: 'the group runs in one AZ: it is lost with it', fix: 'launch the group into 2 or more AZs' };
      }
      if (g.instancesLeftAfterAzLoss >= g.baseline) {
        return {
          ...base,
          rtoSeconds: detectionSeconds(input),
          reasoning: `statically stable: ${g.instancesLeftAfterAzLoss} instances remain for a baseline of ${g.baseline}, so only the ALB's detection of the lost targets counts`,
          fix: 'shorten the health-check interval or the unhealthy threshold count',
        };
      }
      return {
        ...base,
        reasoning: `only ${g.instancesLeftAfterAzLoss} of the ${g.baseline} instances needed remain; replacements take at least ${(detectionSeconds(input) ?? 0) + g.instanceWarmupSeconds} s (detection + ${g.instanceWarmupSeconds} s warmup), and AWS publishes no launch time`,
        fix: `raise per-AZ capacity so that ${g.baseline} instances remain when an AZ is lost (static stability)`,
      };
    }),
    input.natGatewayPerAz
      ? {
          tier: 'network',
          name: 'NAT gateways',
          rtoSeconds: 0,
          rpoSeconds: 0,
          reasoning: 'each AZ egresses through its own NAT gateway',
          fix: '',
        }
      : {
          tier: 'network',
          name: 'NAT gateways',
          rpoSeconds: 0,
          reasoning: "AZs share a NAT gateway: losing its AZ cuts the others' egress until the AZ returns",
          fix: 'run one NAT gateway per AZ and route each AZ to its own',
        },
    ...input.databases.map((db) => databaseRecovery(db, true)),
  ],

  databasePrimary: (input) => input.databases.map((db) => databaseRecovery(db, false)),

  cachePrimary: (input) => input.caches.map(cacheRecovery),
};

function detectionSeconds(input: EstimateInput): number | undefined {
  const lb = input.loadBalancer;
  return lb ? lb.healthCheckIntervalSeconds * lb.unhealthyThresholdCount : undefined;
}

function databaseRecovery(db: DatabaseFacts, wholeAz: boolean): RecoveryComponent {
  const base = { tier: 'database', name: `${db.name} (${db.kind})` };
  switch (db.kind) {
    case 'rds-multi-az-instance':
      return {
        ...base,
        rtoSeconds: AWS_RECOVERY.rdsMultiAzInstanceFailover.typicalMaxSeconds,
        rpoSeconds: AWS_RECOVERY_POINT_SECONDS.synchronousStandby,
        reasoning: `fails over to the synchronous standby in another AZ: ${AWS_RECOVERY.rdsMultiAzInstanceFailover.source}`,
        fix: 'use a Multi-AZ DB cluster (failover typically < 35 s) or Aurora with a reader',
      };
    case 'rds-multi-az-cluster':
      return {
        ...base,
        rtoSeconds: AWS_RECOVERY.rdsMultiAzClusterFailover.typicalMaxSeconds,
        rpoSeconds: AWS_RECOVERY_POINT_SECONDS.synchronousStandby,
        reasoning: `fails over to a reader that acknowledged every commit: ${AWS_RECOVERY.rdsMultiAzClusterFailover.source}`,
        fix: 'use Aurora with a reader, or accept the documented failover time',
      };
    case 'aurora':
      if (db.readers > 0) {
        return {
          ...base,
          rtoSeconds: AWS_RECOVERY.auroraFailoverToReader.typicalMaxSeconds,
          rpoSeconds: AWS_RECOVERY_POINT_SECONDS.synchronousStandby,
          reasoning: `promotes a reader; storage is replicated across AZs: ${AWS_RECOVERY.auroraFailoverToReader.source}`,
          fix: 'raise the failover priority of a same-size reader',
        };
      }
      return {
        ...base,
        rtoSeconds: wholeAz ? undefined : AWS_RECOVERY.auroraRecreatePrimary.typicalMaxSeconds,
        rpoSeconds: AWS_RECOVERY_POINT_SECONDS.synchronousStandby,
        reasoning: wholeAz
          ? `no reader: with the writer's AZ lost, a new instance must be created by hand in another AZ (no published time); storage survives`
          : `no reader: the writer is recreated in its AZ: ${AWS_RECOVERY.auroraRecreatePrimary.source}`,
        fix: 'add an Aurora reader in another AZ',
      };
    default: {
      // Single-AZ: no standby. A replica can be promoted by hand, losing what it had not received.
      const replicaPoint = db.readers > 0 ? db.replicaLagAlarmSeconds : undefined;
      return {
        ...base,
        rpoSeconds: replicaPoint ?? AWS_RECOVERY_POINT_SECONDS.transactionLogUpload,
        reasoning:
          `no standby: recovery (host replacement${wholeAz ? ', or restore in another AZ' : ''}) has no published time; ` +
          (replicaPoint !== undefined
            ? `promoting a replica loses up to its lag, alarmed at ${replicaPoint} s`
            : `a restore loses up to ${AWS_RECOVERY_POINT_SECONDS.transactionLogUpload} s (transaction logs reach S3 every 5 minutes, USER_PIT)`),
        fix: 'enable Multi-AZ (synchronous standby: RPO 0, failover typically 60-120 s) or use Aurora with a reader',
      };
    }
  }
}

function cacheRecovery(cache: CacheFacts): RecoveryComponent {
  const base = { tier: 'cache', name: cache.name };
  if (!cache.multiAzAutomaticFailover || cache.replicasPerShard < 1) {
    return {
      ...base,
      reasoning: 'no automatic failover to a replica: the primary is replaced and its data lost, in a time AWS does not publish',
      fix: 'enable Multi-AZ with automatic failover and a replica per shard in another AZ',
    };
  }
  return {
    ...base,
    rtoSeconds: cache.measuredFailoverSeconds,
    rpoSeconds: cache.replicationLagAlarmSeconds,
    reasoning:
      (cache.measuredFailoverSeconds !== undefined
        ? `failover measured at ${cache.measuredFailoverSeconds} s`
        : 'AWS publishes no ElastiCache failover time and none was measured') +
      '; replication is asynchronous, ' +
      (cache.replicationLagAlarmSeconds !== undefined
        ? `so up to the ${cache.replicationLagAlarmSeconds} s the ReplicationLag alarm tolerates is lost`
        : 'and no ReplicationLag alarm bounds what is lost'),
    fix:
      cache.measuredFailoverSeconds === undefined
        ? 'measure the failover with ElastiCache TestFailover and record it (measuredFailoverSeconds)'
        : 'alarm on ReplicationLag (replicationLagAlarmSeconds)',
  };
}

function combine(mode: FailureMode, components: RecoveryComponent[]): FailureModeEstimate {
  const worst = (pick: (c: RecoveryComponent) => number | undefined) =>
    components.some((c) => pick(c) === undefined) ? undefined : Math.max(0, ...components.map((c) => pick(c) as number));
  return { mode, rtoSeconds: worst((c) => c.rtoSeconds), rpoSeconds: worst((c) => c.rpoSeconds), components };
}

function availabilityViolations(
  input: EstimateInput,
  policy: AvailabilityPolicy,
  compositePercent: number,
  tiers: TierAvailability[],
  cappedBy: TierAvailability | undefined,
): PolicyViolation[] {
  const violations: PolicyViolation[] = [];
  const target = policy.targetAvailabilityPercent;
  if (compositePercent < target) {
    const tier = cappedBy ? `${cappedBy.tier} ${cappedBy.name}` : 'environment';
    const fix = cappedBy?.raiseWith ?? 'no tier has a higher SLA on offer: lower the target or add redundancy across regions';
    violations.push({
      tier,
      measure: 'availability',
      estimate: `${percent(compositePercent)}`,
      policy: `${target}%`,
      fix,
      message:
        `Composite availability ${percent(compositePercent)} (product of ${tiers.map((t) => `${t.tier} ${t.percent}%`).join(' x ')}) is below the ${target}% target; ` +
        `${tier} caps it at ${cappedBy?.percent}%. Fix: ${fix}.`,
    });
  }
  const spans: Array<[string, number]> = [
    ['environment', input.availabilityZones],
    ...(input.loadBalancer ? [['load balancer alb', input.loadBalancer.availabilityZones] as [string, number]] : []),
    ...input.webGroups.map((g): [string, number] => [`web ${g.name}`, g.availabilityZones]),
  ];
  for (const [tier, azs] of spans) {
    if (azs < policy.minAvailabilityZones) {
      const fix = `spread ${tier} over ${policy.minAvailabilityZones} or more AZs`;
      violations.push({
        tier,
        measure: 'availabilityZones',
        estimate: `${azs} AZ(s)`,
        policy: `at least ${policy.minAvailabilityZones}`,
        fix,
        message: `${tier} spans ${azs} AZ(s); the policy requires at least ${policy.minAvailabilityZones}. Fix: ${fix}.`,
      });
    }
  }
  return violations;
}

function recoveryViolations(estimate: FailureModeEstimate, policy: AvailabilityPolicy): PolicyViolation[] {
  const bounds = policy[estimate.mode];
  const violations: PolicyViolation[] = [];
  for (const [measure, bound] of [
    ['rto', bounds.maxRto?.toSeconds()],
    ['rpo', bounds.maxRpo?.toSeconds()],
  ] as const) {
    if (bound === undefined) {
      continue;
    }
    for (const c of estimate.components) {
      const value = measure === 'rto' ? c.rtoSeconds : c.rpoSeconds;
      if (value === undefined || value > bound) {
        const shown = value === undefined ? 'unknown' : seconds(value);
        violations.push({
          tier: `${c.tier} ${c.name}`,
          measure,
          failureMode: estimate.mode,
          estimate: shown,
          policy: `at most ${seconds(bound)}`,
          fix: c.fix,
          message: `${estimate.mode} loss: ${c.tier} ${c.name} has ${measure.toUpperCase()} ${shown}, above the policy's ${seconds(bound)} (${c.reasoning}). Fix: ${c.fix}.`,
        });
      }
    }
  }
  return violations;
}

function percent(value: number): string {
  return `${value.toFixed(3)}%`;
}

function seconds(value: number): string {
  return value < 120 || value % 60 !== 0 ? `${value} s` : `${value / 60} min`;
}
