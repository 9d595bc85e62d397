import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AvailabilityPolicy } from './availability-policy';
import { DatabaseEngine, DatabaseTopology } from '../data/database-engine';
import { MonitoringThresholds } from '../monitoring/monitoring-thresholds';
import { ServiceLevelObjective } from '../monitoring/slo-monitoring';
import { CapacityRequirement } from '../web/capacity-plan';

/**
 * Network settings of one environment.
 */
export interface NetworkSettings {
  /** IPv4 CIDR of the VPC, e.g. `10.0.0.0/16`. */
  readonly vpcCidr: string;
  /**
   * NAT gateways. One per AZ keeps every AZ's egress independent of the others;
   * fewer is a deliberate cost saving and must be acknowledged.
   */
  readonly natGateways: number;
}

/** Which stack a web service's resources go to (docs/adr/0060). */
export enum ServicePlacement {
  /**
   * A stack of its own, `Service-<name>`, attached to the Web stack's listener: the Web stack
   * stays the same size however many services there are.
   */
  OWN_STACK = 'own-stack',
  /**
   * The Web stack, beside the load balancer. For services deployed there before own stacks
   * existed: moving one replaces its target group and Auto Scaling group. About 18 resources
   * and 25 KB each; the Web stack warns at 80 % of CloudFormation's limits.
   */
  WEB_STACK = 'web-stack',
}

/** Whether a service goes into a stack of its own (the default) rather than the Web stack. */
export function inOwnStack(service: { readonly placement?: ServicePlacement }): boolean {
  return (service.placement ?? ServicePlacement.OWN_STACK) === ServicePlacement.OWN_STACK;
}

/** An extra web service, routed by path. */
export interface WebServiceSettings {
  /** Service name (lowercase), in construct IDs and alarm names. Never rename a deployed one. */
  readonly name: string;
  /** Listener-rule priority, unique in the environment. */
  readonly priority: number;
  /** Paths routed to the service, e.g. `['/api/*']`. */
  readonly pathPatterns: string[];
  /** The capacity the service needs. */
  readonly capacity: CapacityRequirement;
  /**
   * Which stack the service's resources go to. Never change it for a deployed service: moving
   * it replaces its target group and Auto Scaling group (docs/adr/0060).
   *
   * @default ServicePlacement.OWN_STACK
   */
  readonly placement?: ServicePlacement;
}

/**
 * Zonal autoshift of the environment's load balancer (docs/adr/0012): AWS shifts traffic away
 * from an AZ it sees impaired, and runs a weekly practice shift judged by `<env>-users-impaired`.
 */
export interface ZonalAutoshiftSettings {
  /** Turn zonal autoshift and its weekly practice runs on. */
  readonly enabled: boolean;
  /**
   * UTC windows in which no practice run starts, `Day:HH:MM-Day:HH:MM` within one day (days `Mon`..`Sun`),
   * e.g. `['Mon:08:00-Mon:12:00']` for a Monday release train.
   */
  readonly blockedWindows: string[];
  /** UTC dates on which no practice run starts, `YYYY-MM-DD`, e.g. a sales event or a freeze. */
  readonly blockedDates: string[];
}

/**
 * Where the environment's failover record lives (docs/adr/0081). The zone is named, never looked
 * up, so that synthesis stays offline (`HostedZone.fromHostedZoneAttributes`).
 */
export interface FailoverRecordSettings {
  /** ID of the Route 53 public hosted zone holding the record, e.g. `Z0123456789ABCDEFGHIJ` (without `/hostedzone/`). */
  readonly hostedZoneId: string;
  /** Name of that zone, e.g. `example.org`. */
  readonly hostedZoneName: string;
  /**
   * The name users resolve, inside the zone (`app.example.org`, or the zone's apex). The
   * certificates of both Regions must cover it: after a failover, browsers reach the standby by it.
   */
  readonly recordName: string;
}

/** Web tier settings of one environment. */
export interface WebSettings {
  /** Instance type of every web service. */
  readonly instanceType: ec2.InstanceType;
  /** The default service's capacity: baseline survives the loss of one AZ. */
  readonly capacity: CapacityRequirement;
  /**
   * ARN of an ACM certificate for HTTPS (or pass `-c certificateArn=...`). Wins over `domainName`.
   *
   * @default - a certificate for `domainName`, if given
   */
  readonly certificateArn?: string;
  /**
   * Domain to request a DNS-validated ACM certificate for, when no certificate ARN is given.
   * With `hostedZoneId`, the validation record is written into that Route 53 zone and the
   * deploy completes by itself; without it, a strict profile in a real account is refused at
   * synth, since the deploy would wait on a record nobody writes (docs/adr/0055).
   *
   * @default - no certificate: HTTP only, which needs `allowInsecureHttp`
   */
  readonly domainName?: string;
  /**
   * Route 53 public hosted zone (its ID) holding `domainName`, where ACM's DNS validation record goes.
   *
   * @default - none: give `certificateArn`, or add the validation record by hand during the first deploy
   */
  readonly hostedZoneId?: string;
  /**
   * Name of the zone `hostedZoneId` identifies (`example.org`); `domainName` must be in it.
   *
   * @default - none; required with `hostedZoneId`
   */
  readonly hostedZoneName?: string;
  /**
   * The Route 53 failover record users resolve, with a health check in each Region (docs/adr/0081).
   * Built only when the profile has a `secondaryRegion` (without one there is nothing to fail over
   * to, and it is ignored, so that a profile's standby can be dropped alone): the primary's record
   * is `PRIMARY`, the standby's `SECONDARY`. Both Regions' certificates must cover `recordName`.
   *
   * @default - no failover record: traffic reaches the standby only if someone repoints DNS by hand
   */
  readonly failoverRecord?: FailoverRecordSettings;
  /** Serve HTTP without TLS when there is no certificate. Refused by strict profiles' load balancers unless set. */
  readonly allowInsecureHttp: boolean;
  /** Requests one client IP may send in 5 minutes before WAF blocks it. */
  readonly rateLimitPer5Minutes: number;
  /** 5xx percentage at which each service's error alarm fires and a deploy rolls back. */
  readonly http5xxRateThresholdPercent: number;
  /** Services beside the default one. */
  readonly services: WebServiceSettings[];
  /** Zonal autoshift of the load balancer. */
  readonly zonalAutoshift: ZonalAutoshiftSettings;
}

/** Database settings of one environment. */
export interface DatabaseSettings {
  readonly engine: DatabaseEngine;
  readonly topology: DatabaseTopology;
  readonly instanceType: ec2.InstanceType;
  /** A synchronous standby in another AZ (RDS instance topology). */
  readonly multiAz: boolean;
  /** Read replicas (Aurora: readers), one per AZ while AZs last. */
  readonly readReplicas: number;
  /** Days of automated backups (7 minimum; strict profiles 14). */
  readonly backupRetention: Duration;
  readonly allocatedStorageGiB: number;
  readonly maxAllocatedStorageGiB: number;
}

/** Cache settings of one environment. */
export interface CacheSettings {
  /** ElastiCache node type, e.g. `cache.r7g.large`. */
  readonly cacheNodeType: string;
  /** Shards; more than one turns cluster mode on. */
  readonly shards: number;
  /** Replicas per shard, each in its own AZ. */
  readonly replicasPerShard: number;
  readonly snapshotRetention: Duration;
}

/** The `orders` queue and the workers that drain it. */
export interface MessagingSettings {
  /** Longest a worker takes for one message; the visibility timeout is 6 times it. */
  readonly processingTimeout: Duration;
  /** Age of the oldest message above which users are affected (the queue's age alarm). */
  readonly maxMessageAge: Duration;
  /** Receives before a message goes to the dead-letter queue. */
  readonly maxReceiveCount: number;
  /**
   * Alarm when the backlog has grown for this long (a ticket, not a page).
   *
   * @default - no backlog-growth alarm
   */
  readonly backlogGrowthAlarmAfter?: Duration;
  /** What the worker fleet needs: its baseline survives the loss of one AZ. */
  readonly workerCapacity: CapacityRequirement;
  /** Typical time to process one message; with the acceptable latency it sets the backlog each worker may hold. */
  readonly averageProcessingTime: Duration;
}

/** Data tier settings of one environment. */
export interface DataSettings {
  readonly database: DatabaseSettings;
  readonly cache: CacheSettings;
}

/** Alarm routing and thresholds of one environment. */
export interface MonitoringSettings {
  /** Email addresses subscribed to every alarm (each confirms by mail). */
  readonly alarmEmails: string[];
  /** HTTPS endpoints (incident tools) subscribed to every alarm. */
  readonly alarmHttpsEndpoints: string[];
  /**
   * Subscribers attached to the alarm topic outside this app (an incident tool's SNS integration,
   * AWS Chatbot), each described in words. Declared so that the guarantee "every alarm is heard"
   * (HA-MON-001) holds for a topic with no subscription in the templates.
   *
   * @default - none: the topic needs an email or HTTPS subscriber
   */
  readonly externalAlarmSubscribers?: string[];
  /** Thresholds; unset ones take `DEFAULT_THRESHOLDS`. */
  readonly thresholds: MonitoringThresholds;
  /**
   * The availability SLO the burn-rate alarms and `cdk-ha-status` judge the web tier by:
   * percentage of requests answered without a 5xx over a rolling window.
   */
  readonly slo: ServiceLevelObjective;
}

/**
 * A warm standby of the environment in a second Region (docs/adr/0080): the same network and web
 * tier at reduced capacity and a cross-region read replica of the database, in a Stage of its own
 * (`<name>-<region>`, e.g. `prod-us-west-2`), deployable on its own.
 */
export interface SecondaryRegionSettings {
  /** The standby's AWS Region, e.g. `us-west-2`; not the primary's. */
  readonly region: string;
  /**
   * The standby's Availability Zones, named explicitly (as the primary's) so that synthesis needs
   * no lookup; at least `availability.minAvailabilityZones` of them.
   */
  readonly availabilityZones: string[];
  /**
   * Share of each web service's baseline (default service and extra services) that runs in the
   * standby while the primary serves, in percent, in (0, 100]. Each service keeps the primary's
   * `maximum`, so it scales up when failover sends it traffic (docs/adr/0080).
   */
  readonly capacityPercent: number;
  /**
   * IPv4 CIDR of the standby's VPC.
   *
   * @default - the primary's `network.vpcCidr`; give a distinct one if the Regions will ever be peered
   */
  readonly vpcCidr?: string;
  /**
   * ARN of an issued ACM certificate in the standby's Region for its HTTPS listener (or pass
   * `-c standbyCertificateArn=...`). ACM certificates are regional, so the primary's
   * `web.certificateArn` (and `-c certificateArn`) is never used here. It must cover
   * `web.failoverRecord.recordName`.
   *
   * @default - a DNS-validated certificate for `web.domainName`, requested in the standby's Region and
   * validated through `web.hostedZoneId`; a strict profile in a real account with neither is refused (docs/adr/0055)
   */
  readonly certificateArn?: string;
  /**
   * ARN of the primary's DB instance, from the primary Data stack's `DatabaseInstanceArn` output
   * once the primary is deployed (or pass `-c standbySourceDatabaseArn=...`). The replica needs its
   * source to exist, so the standby gets its data stack only when this is set (docs/adr/0080:
   * two-phase rollout). An ARN in the placeholder account is refused for a real account.
   *
   * @default - no data stack in the standby yet; synthesis warns `cdk-ha-blueprint:standbyWithoutData`
   */
  readonly sourceDatabaseInstanceArn?: string;
  /**
   * Replica lag above which the standby's lag alarm fires (after 3 minutes above it): the Region-loss
   * RPO the environment can claim while the alarm is OK.
   *
   * @default Duration.minutes(5)
   */
  readonly maxReplicaLag?: Duration;
}

/**
 * Fault-injection drills the environment carries (docs/adr/0088): templates only, nothing runs
 * until someone starts an experiment.
 */
export interface FaultInjectionSettings {
  /**
   * One AWS FIS experiment template per AZ rehearsing that AZ's power loss, stopped by the
   * environment's users-impaired alarm. For staging drills; prod only for a planned game day.
   */
  readonly azPowerInterruption: boolean;
  /**
   * How long the AZ stays without power in the drill, 1 to 60 minutes.
   *
   * @default Duration.minutes(10)
   */
  readonly outageDuration?: Duration;
}

/**
 * How hard an environment protects its data and its stacks.
 */
export interface ProtectionSettings {
  /** Deletion protection on databases and load balancers. */
  readonly deletionProtection: boolean;
  /** CloudFormation termination protection on the stateful (Data) stack. */
  readonly terminationProtection: boolean;
  /**
   * What CloudFormation does with stateful resources (databases, caches, data buckets)
   * when they leave the template or their stack is deleted.
   */
  readonly statefulRemovalPolicy: RemovalPolicy;
  /** Retention of the environment's CloudWatch log groups (flow logs, engine logs, WAF logs). */
  readonly logRetention: logs.RetentionDays;
}

/**
 * A typed environment profile: everything that differs between dev, staging and prod.
 *
 * Profiles are data in code, passed from `bin/` to the Stage as props; constructs never
 * read context or environment variables themselves.
 */
export interface EnvironmentProfile {
  /** Short lowercase name; prefixes alarm names and tags (`prod-web-5xx-rate`). */
  readonly name: string;
  /** AWS region, e.g. `us-east-1`. */
  readonly region: string;
  /**
   * Availability Zones to spread over, named explicitly so that synthesis needs no
   * lookup and the AZ count (which static stability depends on) is reviewed in code.
   */
  readonly availabilityZones: string[];
  /** Network sizing. */
  readonly network: NetworkSettings;
  /** Web tier sizing and TLS. */
  readonly web: WebSettings;
  /** Database and cache sizing. */
  readonly data: DataSettings;
  /** The `orders` queue the default service feeds and its worker fleet (docs/messaging.md). */
  readonly messaging: MessagingSettings;
  /** Alarm routing and thresholds. */
  readonly monitoring: MonitoringSettings;
  /** Protection of stateful resources and stacks. */
  readonly protection: ProtectionSettings;
  /** The availability the environment is designed for: SLA target, AZs, RTO and RPO per failure mode. */
  readonly availability: AvailabilityPolicy;
  /**
   * When true, choices that weaken availability (fewer NAT gateways than AZs, a database
   * without a standby, a one-node cache) fail synthesis instead of warning.
   */
  readonly strict: boolean;
  /**
   * Warnings this environment accepts on purpose, by warning id, each with its reason.
   * Not allowed in a strict profile.
   */
  readonly acknowledgedWarnings: Record<string, string>;
  /**
   * Guarantee checks (e.g. `HA-DATA-002`) whose findings only warn in this environment, for a
   * non-strict profile that still wants to see them. Not allowed in a strict profile, where
   * every finding is an error.
   *
   * @default - none: every finding is an error
   */
  readonly guaranteeWarnings?: string[];
  /**
   * A warm standby in a second Region, built as a Stage of its own (docs/adr/0080).
   *
   * @default - none: the environment lives in one Region, and a Region loss means restoring from backups
   */
  readonly secondaryRegion?: SecondaryRegionSettings;
  /**
   * Fault-injection drills (AWS FIS experiment templates), opt-in (docs/adr/0088).
   *
   * @default - none
   */
  readonly faultInjection?: FaultInjectionSettings;
}
