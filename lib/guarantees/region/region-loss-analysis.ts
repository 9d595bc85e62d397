import { estimateRegionLoss, RegionLossEstimate } from '../estimate/region-estimate';
import { EnvironmentModel } from '../model/environment-model';
import { StandbyTier } from '../model/environment-settings';
import { RegionPair, regionPairOf } from '../model/region-pair';
import { failoverRecordsOf } from '../model/failover-records';
import { replicasByArnOf, secondaryClustersOf } from '../model/region-facts';

/** What one tier of the standby does when the primary Region is lost. */
export interface StandbyTierOutcome {
  /** `network`, `web`, `data`, `cache`, `messaging` or `dns`. */
  readonly tier: string;
  /** Whether the standby has it. */
  readonly present: boolean;
  /** `at once`, `after promotion`, `after detection and DNS TTL`, or `never` (absent). */
  readonly serves: string;
  /** What happens, in one sentence. */
  readonly detail: string;
}

/** What losing the primary Region does, for one Region pair (docs/adr/0084). */
export interface RegionLossAnalysis {
  readonly primary: { readonly name: string; readonly region: string };
  readonly standby: { readonly name: string; readonly region: string };
  readonly tiers: readonly StandbyTierOutcome[];
  readonly estimate: RegionLossEstimate;
}

/** The Region-loss analysis of the pair an environment belongs to; undefined when it has no judged pair. */
export function regionLossAnalysisOf(model: EnvironmentModel): RegionLossAnalysis | undefined {
  const of = regionPairOf(model);
  return of.kind === 'pair' ? analyzeRegionLoss(of.pair) : undefined;
}

/**
 * What survives the loss of the primary Region: which tiers the standby serves at once, which
 * after promotion, its capacity before scale-up, and the RTO and RPO bounds.
 */
export function analyzeRegionLoss(pair: RegionPair): RegionLossAnalysis {
  const { primary, standby } = pair;
  const has = (m: EnvironmentModel, ...types: string[]) => types.some((t) => m.resources(t).length > 0);
  const pendingNote = (tier: StandbyTier) => (pair.pending.has(tier) ? ` (declared not built yet: ${pair.pending.get(tier)})` : '');
  const tiers: StandbyTierOutcome[] = [];
  const add = (tier: string, present: boolean, serves: string, detail: string) =>
    tiers.push({ tier, present, serves: present ? serves : 'never', detail });

  const records = failoverRecordsOf(primary).filter((r) => r.failover === 'PRIMARY' && r.healthCheck !== undefined);
  add(
    'dns',
    records.length > 0,
    'after detection and DNS TTL',
    records.length > 0
      ? `Route 53 answers with the standby once the primary's health check fails and resolvers' cached answers expire`
      : `no health-checked PRIMARY failover record: users reach the standby only after DNS is changed by hand${pendingNote('dns')}`,
  );
  add('network', has(standby, 'AWS::EC2::Subnet'), 'at once', `the standby's own VPC in ${pair.standbyRegion}`);
  const lb = has(standby, 'AWS::ElasticLoadBalancingV2::LoadBalancer');
  add(
    'web',
    lb,
    'at once',
    lb
      ? "the standby's load balancer and groups serve at their running capacity, and scale up to the primary's baseline"
      : 'no load balancer in the standby',
  );
  const copies =
    replicasByArnOf(standby).filter((r) => r.source.region === pair.primaryRegion).length + secondaryClustersOf(standby).length;
  add(
    'data',
    copies > 0,
    'reads at once, writes after promotion',
    copies > 0
      ? `${copies} replica(s) of ${primary.name}'s data serve reads at once; writes resume once promoted (promote-read-replica, or the global database's failover)`
      : `no replica of ${primary.name}'s data${pendingNote('data')}: data since the last backup copied out of ${pair.primaryRegion} is lost`,
  );
  if (has(primary, 'AWS::ElastiCache::ReplicationGroup', 'AWS::ElastiCache::CacheCluster')) {
    const cache = has(standby, 'AWS::ElastiCache::ReplicationGroup', 'AWS::ElastiCache::CacheCluster');
    add(
      'cache',
      cache,
      'at once (cold)',
      cache ? 'the standby cache starts empty: hit rate, not correctness, is lost' : `no cache in the standby${pendingNote('cache')}`,
    );
  }
  if (has(primary, 'AWS::SQS::Queue')) {
    const queue = has(standby, 'AWS::SQS::Queue');
    add(
      'messaging',
      queue,
      'at once',
      queue
        ? `the standby's queues accept new work; messages still in ${pair.primaryRegion}'s queues wait for that Region`
        : `no queue in the standby${pendingNote('messaging')}`,
    );
  }
  return {
    primary: { name: primary.name, region: pair.primaryRegion },
    standby: { name: standby.name, region: pair.standbyRegion },
    tiers,
    estimate: estimateRegionLoss(pair),
  };
}
