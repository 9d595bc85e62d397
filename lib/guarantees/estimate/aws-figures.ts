/**
 * The AWS-published figures behind `estimateAvailability`: SLA commitments and documented
 * failover times. Each carries its source and the date it was read; where AWS publishes no
 * figure, the entry says so and the estimate derives the value from configuration or reports it
 * as unknown. Read 2026-11-29 from stored copies of the pages named.
 */

/** A monthly-uptime commitment of an AWS SLA. */
export interface SlaFigure {
  /** Monthly uptime percentage AWS commits to, e.g. 99.99. */
  readonly percent: number;
  /** The SLA's page, and what it says. */
  readonly source: string;
}

/** A documented recovery time. */
export interface RecoveryFigure {
  /** The upper end of what AWS documents as typical, in seconds; typical, not guaranteed. */
  readonly typicalMaxSeconds: number;
  /** The page, and what it says. */
  readonly source: string;
}

/** SLA commitments, by deployment shape. */
export const AWS_SLA = {
  /**
   * Amazon Compute SLA, Region-Level: EC2 instances "deployed concurrently across two or more AZs in
   * the same region ... Monthly Uptime Percentage of at least 99.99%".
   */
  ec2RegionLevel: {
    percent: 99.99,
    source: 'https://aws.amazon.com/compute/sla/ (Region-Level SLA, 99.99%; read 2026-11-29 from the stored May 2022 text)',
  },
  /**
   * Amazon Compute SLA, Instance-Level: a single EC2 instance, 99.5%. The stored copy of the AWS
   * page cut off before this section; the figure is as quoted by secondary sources (e.g.
   * dev-toolbox.tech "AWS EC2 SLA", javadeveloper.io 2022) and should be re-read on the page.
   */
  ec2InstanceLevel: {
    percent: 99.5,
    source: 'https://aws.amazon.com/compute/sla/ (Instance-Level SLA, 99.5%, via secondary sources; read 2026-11-29)',
  },
  /** ELB SLA (updated 2022-07-25): a load balancer "deployed concurrently across two or more AZs", 99.99%. */
  elbMultiAz: {
    percent: 99.99,
    source: 'https://aws.amazon.com/elasticloadbalancing/sla/ (Multi-AZ Load Balancer SLA, 99.99%; read 2026-11-29)',
  },
  /** ELB SLA: a load balancer "deployed in only one AZ", 99.9%. */
  elbSingleAz: {
    percent: 99.9,
    source: 'https://aws.amazon.com/elasticloadbalancing/sla/ (Single Load Balancer SLA, 99.9%; read 2026-11-29)',
  },
  /** RDS SLA (updated 2024-01-22): "each Multi-AZ DB Instance and each Multi-AZ DB Cluster", 99.95%. */
  rdsMultiAz: {
    percent: 99.95,
    source: 'https://aws.amazon.com/rds/sla/ (Multi-AZ DB Instance and Multi-AZ DB Cluster SLA, 99.95%; read 2026-11-29)',
  },
  /** RDS SLA: "each Single-DB Instance", 99.5%. */
  rdsSingleInstance: {
    percent: 99.5,
    source: 'https://aws.amazon.com/rds/sla/ (Single-DB Instance SLA, 99.5%; read 2026-11-29)',
  },
  /** Aurora SLA (updated 2022-05-19): a cluster "deployed across two or more AZs", 99.99%. */
  auroraMultiAz: {
    percent: 99.99,
    source: 'https://aws.amazon.com/rds/aurora/sla/ (Multi-AZ SLA, 99.99%; read 2026-11-29)',
  },
  /** Aurora SLA: a cluster "deployed to one AZ", 99.9%. */
  auroraSingleAz: {
    percent: 99.9,
    source: 'https://aws.amazon.com/rds/aurora/sla/ (Single-AZ SLA, 99.9%; read 2026-11-29)',
  },
  /**
   * ElastiCache SLA: Valkey/Redis OSS Multi-AZ configurations 99.99% (raised from 99.9%), per the
   * AWS Database Blog "Introducing 99.99% availability with Amazon ElastiCache for Redis and
   * Amazon MemoryDB for Redis" and the SLA's regional copies (e.g. Ningxia, updated 2024-11-22).
   */
  elastiCacheMultiAz: {
    percent: 99.99,
    source:
      'https://aws.amazon.com/elasticache/sla/ and https://aws.amazon.com/blogs/database/introducing-99-99-availability-with-amazon-elasticache-for-redis-and-amazon-memorydb-for-redis/ (Multi-AZ 99.99%; read 2026-11-29)',
  },
  /** ElastiCache SLA: Single-AZ configurations, 99.5% (same blog's table). */
  elastiCacheSingleAz: {
    percent: 99.5,
    source:
      'https://aws.amazon.com/blogs/database/introducing-99-99-availability-with-amazon-elasticache-for-redis-and-amazon-memorydb-for-redis/ (Single-AZ 99.5%; read 2026-11-29)',
  },
} as const satisfies Record<string, SlaFigure>;

/**
 * AWS publishes no SLA for NAT gateways (searched 2026-11-29: the VPC family has SLAs for
 * Transit Gateway, Site-to-Site VPN and Traffic Mirroring, none for NAT gateway). The VPC guide
 * says "Each NAT gateway is created in a specific Availability Zone and implemented with
 * redundancy in that zone" (https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html):
 * the estimate treats a NAT gateway as part of its AZ, not as a serial tier.
 * Amazon SQS: no SLA text was found in the stored copies on 2026-11-29; the environment runs no
 * queue, so none is tabled.
 */
export const UNPUBLISHED_SLAS = ['NAT gateway', 'SQS'] as const;

/** Documented failover and recovery times. */
export const AWS_RECOVERY = {
  /** "Failover times are typically 60–120 seconds. However, large transactions or a lengthy recovery process can increase failover time." */
  rdsMultiAzInstanceFailover: {
    typicalMaxSeconds: 120,
    source: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZ.Failover.html (typically 60-120 s; read 2026-11-29)',
  },
  /** "Failover times are typically under 35 seconds." */
  rdsMultiAzClusterFailover: {
    typicalMaxSeconds: 35,
    source:
      'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/multi-az-db-clusters-concepts-failover.html (typically under 35 s; read 2026-11-29)',
  },
  /** With a reader: "service is typically restored in less than 120 seconds, and often less than 60 seconds." */
  auroraFailoverToReader: {
    typicalMaxSeconds: 120,
    source:
      'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.AuroraHighAvailability.html#Aurora.Managing.FaultTolerance (typically < 120 s, often < 60 s; read 2026-11-29)',
  },
  /** Without a reader the primary is recreated in the same AZ, "which typically takes less than 10 minutes"; a lost AZ needs a manual new instance. */
  auroraRecreatePrimary: {
    typicalMaxSeconds: 600,
    source:
      'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.AuroraHighAvailability.html#Aurora.Managing.FaultTolerance (typically < 10 min; read 2026-11-29)',
  },
  /**
   * Aurora Global Database, unplanned failover (`failover-global-cluster --allow-data-loss`, or detach
   * and promote): "you can promote the secondary AWS Region to take full read-write workloads in under a
   * minute" (aurora-global-database.html); the disaster-recovery page is less precise: RTO "can be in the
   * order of minutes". Promotion only: DNS and the web tier's scale-up come on top (docs/adr/0085).
   */
  auroraGlobalFailover: {
    typicalMaxSeconds: 60,
    source:
      'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database.html ("in under a minute") and aurora-global-database-disaster-recovery.html (RTO "in the order of minutes"); read 2026-11-29',
  },
} as const satisfies Record<string, RecoveryFigure>;

/**
 * Recovery points, in seconds of acknowledged writes that may be lost.
 * - RDS Multi-AZ DB instance: the standby is replicated synchronously, so 0
 *   (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZSingleStandby.html).
 * - RDS Multi-AZ DB cluster: a commit waits for a reader's acknowledgement (semisynchronous), and
 *   "Failover completes when both reader DB instances have applied outstanding transactions", so 0
 *   (multi-az-db-clusters-concepts-failover.html, read 2026-11-29).
 * - Aurora: "your DB cluster can tolerate a failure of an Availability Zone without any loss of
 *   data" (six storage copies over three AZs), so 0 (Concepts.AuroraHighAvailability, read 2026-11-29).
 * - Single-AZ RDS: only the backups survive the AZ; RDS uploads transaction logs to S3 every
 *   5 minutes, so up to 300 s (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PIT.html).
 */
export const AWS_RECOVERY_POINT_SECONDS = {
  synchronousStandby: 0,
  transactionLogUpload: 300,
  /**
   * Aurora Global Database, unplanned failover: replication is asynchronous, "with typical latency of
   * under a second" (aurora-global-database.html), and RPO "is typically measured in seconds"
   * (aurora-global-database-disaster-recovery.html, read 2026-11-29). A typical value, not a bound: the
   * standby's `AuroraGlobalDBReplicationLag` alarm (`secondaryRegion.maxReplicaLag`) is the bound.
   */
  auroraGlobalTypicalLag: 1,
  /**
   * Aurora Global Database switchover (formerly "managed planned failover"): the secondaries are
   * synchronized before promotion, so "RPO is 0 (no data loss)" (aurora-global-database-disaster-recovery.html,
   * read 2026-11-29). Needs a healthy primary Region: for drills and failing back, not for a Region loss.
   */
  auroraGlobalSwitchover: 0,
} as const;

/**
 * Figures AWS does not publish, which the estimate derives from configuration or reports unknown:
 * - ElastiCache Multi-AZ failover time: the AutoFailover page describes promotion of a replica and
 *   DNS propagation but gives no duration (read 2026-11-29). Measure it with the TestFailover API.
 *   Its replication is asynchronous, so a primary's loss loses what the replicas had not received:
 *   bounded in practice by the ReplicationLag alarm threshold.
 * - ALB detection of a failed target: interval x unhealthy-threshold count of the target group's
 *   health check (both configured), per the target-group health-check settings
 *   (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html).
 * - Auto Scaling instance replacement: no published time; at least the ELB detection above plus
 *   the instance warmup the group is configured with.
 * - Single-AZ RDS instance recovery (host replacement, or restore after an AZ loss): no published
 *   time; unknown.
 */
export const DERIVED_FIGURES = [
  // RDS cross-Region read replica promotion (promote-read-replica): no published duration (docs/adr/0080).
  'RDS cross-Region replica promotion time',
  'ElastiCache failover time',
  'ALB detection time',
  'ASG replacement time',
  'Single-AZ RDS recovery time',
] as const;

/** A duration used in the Region-loss estimate: an AWS figure, or an assumption that says so. */
export interface DurationFigure {
  readonly seconds: number;
  /** Where it comes from, with the date it was read; an assumption begins with `assumption:`. */
  readonly source: string;
}

/** AWS figures of a Region failover through Route 53 (docs/adr/0084). */
export const AWS_REGION_FAILOVER = {
  /**
   * An alias record has no TTL of its own: "If an alias record points to an AWS resource, you can't
   * set the time to live (TTL); Route 53 uses the default TTL for the resource" (Route 53 Developer
   * Guide, "Choosing between alias and non-alias records"), and the Route 53 FAQ ("Do I need to
   * adjust the TTL of my records in order to use DNS Failover?"): "To configure DNS Failover for ELB
   * and S3 Website endpoints, you need to use Alias records which have fixed TTL of 60 seconds".
   */
  aliasToLoadBalancerTtl: {
    seconds: 60,
    source:
      'https://aws.amazon.com/route53/faqs/ (alias records to ELB have a fixed TTL of 60 s; read 2026-11-29 through a verbatim quotation, qiita.com/AWS11/items/8627c9c42bc5fdf2b8cb) and Route 53 Developer Guide, resource-record-sets-choosing-alias-non-alias (no TTL on an alias to an AWS resource)',
  },
} as const satisfies Record<string, DurationFigure>;

/**
 * Planning assumptions of the Region-loss estimate where AWS publishes no bound. They are this
 * library's, not AWS's: each is to be replaced by what the failover drill measures (docs/adr/0084).
 */
export const REGION_FAILOVER_ASSUMPTIONS = {
  /**
   * Promotion of an RDS cross-Region read replica (`promote-read-replica`). The RDS API reference
   * (PromoteReadReplica) gives no duration; the Aurora User Guide says of the analogous promotion
   * "The promotion process can take several minutes or longer to complete, depending on the size of
   * the read replica" (AuroraMySQL.Replication.CrossRegion.Promote, read 2026-11-29). The instance
   * reboots during promotion.
   */
  rdsReplicaPromotion: {
    seconds: 600,
    source:
      'assumption: 10 min; AWS gives no bound ("several minutes or longer ... depending on the size of the read replica", Aurora User Guide AuroraMySQL.Replication.CrossRegion.Promote; RDS API PromoteReadReplica has none; read 2026-11-29). Measure it in the drill',
  },
  /**
   * Failover of an Aurora global database to its secondary cluster: the Aurora User Guide, "Using
   * switchover or failover in Amazon Aurora Global Database", describes the steps but the stored
   * copies read on 2026-11-29 give no duration for an unplanned failover.
   */
  auroraGlobalFailover: {
    seconds: 600,
    source:
      'assumption: 10 min; no duration found for an unplanned Aurora global database failover in the Aurora User Guide (aurora-global-database-disaster-recovery, read 2026-11-29). Measure it in the drill',
  },
  /**
   * An EC2 instance from launch to a booted OS, before the application's own start (which the
   * group's health-check grace period covers). AWS publishes no launch time.
   */
  ec2LaunchAndBoot: {
    seconds: 120,
    source: 'assumption: 2 min from RunInstances to a booted OS; AWS publishes no launch time (read 2026-11-29). Measure it in the drill',
  },
} as const satisfies Record<string, DurationFigure>;
