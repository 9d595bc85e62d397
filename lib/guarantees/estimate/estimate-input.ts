/**
 * The facts `estimateAvailability` needs about one environment: plain numbers and flags, read
 * from the environment model (or written by hand in a test). No AWS figure lives here; those are
 * in `aws-figures.ts`.
 */

/** The application load balancer in front of the web groups. */
export interface LoadBalancerFacts {
  /** AZs the load balancer has subnets (nodes) in. */
  readonly availabilityZones: number;
  /** Seconds between target health checks (target group `HealthCheckIntervalSeconds`). */
  readonly healthCheckIntervalSeconds: number;
  /** Consecutive failed checks before a target is taken out (`UnhealthyThresholdCount`). */
  readonly unhealthyThresholdCount: number;
}

/** One Auto Scaling group of web instances behind the load balancer. */
export interface WebGroupFacts {
  /** Service name, for messages. */
  readonly name: string;
  /** AZs the group launches into. */
  readonly availabilityZones: number;
  /** Instances the service needs to carry peak load. */
  readonly baseline: number;
  /** Instances still running when the AZ holding the most of them is lost (MinSize minus that AZ's share). */
  readonly instancesLeftAfterAzLoss: number;
  /** Seconds a new instance gets before its health checks count (`HealthCheckGracePeriod`). */
  readonly healthCheckGraceSeconds: number;
  /** Seconds a new instance needs before it serves at full capacity (`DefaultInstanceWarmup`). */
  readonly instanceWarmupSeconds: number;
}

/** How a database is deployed, which decides its SLA, failover time and recovery point. */
export type DatabaseKind = 'rds-single-az' | 'rds-multi-az-instance' | 'rds-multi-az-cluster' | 'aurora';

/** One relational database. */
export interface DatabaseFacts {
  /** Name, for messages. */
  readonly name: string;
  readonly kind: DatabaseKind;
  /**
   * Readers in AZs other than the writer's: read replicas for RDS, reader instances for Aurora
   * (whose failover targets they are; an Aurora cluster without one has a single-AZ writer).
   */
  readonly readers: number;
  /**
   * Threshold, in seconds, of the alarm on replica lag: what an asynchronous replica may trail by
   * before someone is paged. Used for the recovery point when a replica has to be promoted.
   * @default - no alarm: an asynchronous replica's recovery point is unknown
   */
  readonly replicaLagAlarmSeconds?: number;
}

/** One cache replication group. */
export interface CacheFacts {
  /** Name, for messages. */
  readonly name: string;
  /** `MultiAZEnabled` and `AutomaticFailoverEnabled`, with a replica in another AZ. */
  readonly multiAzAutomaticFailover: boolean;
  /** Replicas per shard. */
  readonly replicasPerShard: number;
  /**
   * Threshold, in seconds, of the alarm on `ReplicationLag`: replication is asynchronous, so this
   * is what a primary's loss may lose while the alarm is quiet.
   * @default - no alarm: the cache's recovery point is unknown
   */
  readonly replicationLagAlarmSeconds?: number;
  /**
   * Failover time measured on this cache (ElastiCache `TestFailover`), in seconds. AWS publishes
   * no typical figure, so without a measurement the cache-primary RTO is unknown.
   * @default - not measured
   */
  readonly measuredFailoverSeconds?: number;
}

/** One environment's tiers, as facts. */
export interface EstimateInput {
  /** AZs the environment spans. */
  readonly availabilityZones: number;
  /**
   * The load balancer.
   * @default - no load balancer tier
   */
  readonly loadBalancer?: LoadBalancerFacts;
  /** The web tier's groups; empty when there is none. */
  readonly webGroups: readonly WebGroupFacts[];
  /** The databases on the request path. */
  readonly databases: readonly DatabaseFacts[];
  /** The caches on the request path. */
  readonly caches: readonly CacheFacts[];
  /** One NAT gateway per AZ, each AZ routed to its own; false when AZs share one. */
  readonly natGatewayPerAz: boolean;
}
