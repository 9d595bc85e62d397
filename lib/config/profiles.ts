import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { EnvironmentProfile, ServicePlacement } from './environment-profile';
import { DatabaseEngine, DatabaseTopology } from '../data/database-engine';
import { PLACEHOLDER_ACCOUNT, PLACEHOLDER_HOSTED_ZONE_ID } from '../stacks/placeholder-account';
import { HaWarnings } from '../warnings';

/**
 * Development: two AZs and one NAT gateway to keep the bill small. Still Multi-AZ
 * everywhere the tiers allow it, so that dev exercises the same failover paths.
 */
export const DEV: EnvironmentProfile = {
  name: 'dev',
  region: 'us-east-1',
  availabilityZones: ['us-east-1a', 'us-east-1b'],
  network: { vpcCidr: '10.10.0.0/16', natGateways: 1 },
  web: {
    // Burstable is fine where nobody pages on latency.
    instanceType: ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.SMALL),
    capacity: { baseline: 1, maximum: 4 },
    allowInsecureHttp: true,
    rateLimitPer5Minutes: 1000,
    http5xxRateThresholdPercent: 10,
    services: [
      // In Web since before own stacks (docs/adr/0060): moving it would replace its target group and group.
      { name: 'api', priority: 10, pathPatterns: ['/api/*'], capacity: { baseline: 1, maximum: 4 }, placement: ServicePlacement.WEB_STACK },
    ],
    // Off: a practice run in dev would only shift away half of a fleet nobody measures.
    zonalAutoshift: { enabled: false, blockedWindows: [], blockedDates: [] },
  },
  data: {
    // Smaller and fewer than prod, yet still a standby and a replica in the other AZ.
    database: {
      engine: DatabaseEngine.POSTGRES,
      topology: DatabaseTopology.MULTI_AZ_INSTANCE,
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MEDIUM),
      multiAz: true,
      readReplicas: 1,
      backupRetention: Duration.days(7),
      allocatedStorageGiB: 20,
      maxAllocatedStorageGiB: 100,
    },
    cache: { cacheNodeType: 'cache.t4g.small', shards: 1, replicasPerShard: 1, snapshotRetention: Duration.days(1) },
  },
  messaging: {
    processingTimeout: Duration.seconds(30),
    maxMessageAge: Duration.minutes(5),
    maxReceiveCount: 5,
    workerCapacity: { baseline: 1, maximum: 4 },
    averageProcessingTime: Duration.seconds(1),
  },
  monitoring: {
    // Replace with your team's list; example.com addresses are refused for any real account.
    alarmEmails: ['dev-alerts@example.com'],
    alarmHttpsEndpoints: [],
    // Dev is noisy by nature; alarm on what would also hurt in prod.
    thresholds: { web5xxRatePercent: 10, webP99LatencySeconds: 2, databaseConnections: 100, azOutlierMinimumRequests: 20 },
    // Loose enough not to page on a deploy of broken code, tight enough that the alarms exist and are exercised.
    slo: { availabilityPercent: 99, window: Duration.days(30) },
  },
  protection: {
    deletionProtection: false,
    terminationProtection: false,
    // Dev data is disposable, yet a final snapshot costs little and saves a bad afternoon.
    statefulRemovalPolicy: RemovalPolicy.SNAPSHOT,
    logRetention: logs.RetentionDays.ONE_MONTH,
  },
  // Dev promises little: one NAT gateway means losing its AZ cuts egress everywhere until the
  // AZ returns, so AZ loss carries no RTO bound; the synchronous standby still keeps RPO at 0.
  availability: {
    targetAvailabilityPercent: 99.5,
    minAvailabilityZones: 2,
    instance: { maxRto: Duration.minutes(2), maxRpo: Duration.seconds(0) },
    az: { maxRpo: Duration.seconds(0) },
    databasePrimary: { maxRto: Duration.minutes(5), maxRpo: Duration.seconds(0) },
    cachePrimary: {},
  },
  strict: false,
  acknowledgedWarnings: {
    [HaWarnings.REDUCED_NAT_GATEWAYS]:
      'dev accepts that losing us-east-1a cuts egress in both AZs; one NAT gateway instead of two halves its NAT cost',
  },
};

/** Staging: a production rehearsal with the same shape (three AZs, NAT per AZ), without prod's locks. */
export const STAGING: EnvironmentProfile = {
  name: 'staging',
  region: 'us-east-1',
  availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
  network: { vpcCidr: '10.20.0.0/16', natGateways: 3 },
  web: {
    instanceType: ec2.InstanceType.of(ec2.InstanceClass.M7G, ec2.InstanceSize.MEDIUM),
    capacity: { baseline: 3, maximum: 12 },
    // Replace with your own domain (or pass -c certificateArn=...): ACM waits for its DNS validation record.
    domainName: 'staging.app.example.com',
    allowInsecureHttp: false,
    rateLimitPer5Minutes: 2000,
    http5xxRateThresholdPercent: 5,
    services: [
      // In Web since before own stacks (docs/adr/0060): moving it would replace its target group and group.
      { name: 'api', priority: 10, pathPatterns: ['/api/*'], capacity: { baseline: 2, maximum: 8 }, placement: ServicePlacement.WEB_STACK },
    ],
    // Practice runs rehearse prod's: same blocked window, so deploys and practice never overlap.
    zonalAutoshift: { enabled: true, blockedWindows: ['Tue:14:00-Tue:18:00'], blockedDates: [] },
  },
  data: {
    database: {
      engine: DatabaseEngine.POSTGRES,
      topology: DatabaseTopology.MULTI_AZ_INSTANCE,
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.R7G, ec2.InstanceSize.LARGE),
      multiAz: true,
      readReplicas: 2,
      backupRetention: Duration.days(14),
      allocatedStorageGiB: 100,
      maxAllocatedStorageGiB: 1000,
    },
    cache: { cacheNodeType: 'cache.r7g.large', shards: 1, replicasPerShard: 2, snapshotRetention: Duration.days(7) },
  },
  messaging: {
    processingTimeout: Duration.seconds(30),
    maxMessageAge: Duration.minutes(5),
    maxReceiveCount: 5,
    workerCapacity: { baseline: 2, maximum: 8 },
    averageProcessingTime: Duration.seconds(1),
  },
  monitoring: {
    // Replace with your team's list; example.com addresses are refused for any real account.
    alarmEmails: ['staging-alerts@example.com'],
    alarmHttpsEndpoints: [],
    thresholds: { web5xxRatePercent: 5, webP99LatencySeconds: 1, azOutlierMinimumRequests: 50 },
    // One nine less than prod's budget shape, so that a release that would burn prod's budget burns staging's first.
    slo: { availabilityPercent: 99.9, window: Duration.days(30) },
  },
  protection: {
    deletionProtection: false,
    terminationProtection: false,
    statefulRemovalPolicy: RemovalPolicy.SNAPSHOT,
    logRetention: logs.RetentionDays.THREE_MONTHS,
  },
  // Prod's shape with looser recovery bounds: staging rehearses the failover paths, it is not paged on.
  availability: {
    targetAvailabilityPercent: 99.9,
    minAvailabilityZones: 3,
    instance: { maxRto: Duration.minutes(1), maxRpo: Duration.seconds(0) },
    az: { maxRto: Duration.minutes(10), maxRpo: Duration.seconds(0) },
    databasePrimary: { maxRto: Duration.minutes(5), maxRpo: Duration.seconds(0) },
    cachePrimary: { maxRpo: Duration.seconds(10) },
  },
  strict: false,
  acknowledgedWarnings: {},
};

/** Production: three AZs, every HA-weakening choice is an error, stateful resources are locked. */
export const PROD: EnvironmentProfile = {
  name: 'prod',
  region: 'us-east-1',
  availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
  network: { vpcCidr: '10.30.0.0/16', natGateways: 3 },
  web: {
    instanceType: ec2.InstanceType.of(ec2.InstanceClass.M7G, ec2.InstanceSize.LARGE),
    // 6 needed at peak over 3 AZs: 3 per AZ, 9 in all, 6 left when an AZ is lost.
    capacity: { baseline: 6, maximum: 30 },
    // Replace with your own domain (or pass -c certificateArn=...): ACM waits for its DNS validation record.
    domainName: 'app.example.com',
    // The name users resolve, answered by us-east-1 while its health check passes, else by the
    // us-west-2 standby (docs/adr/0081). Both Regions' certificates (for domainName) cover it.
    // Placeholder zone: replace with your public hosted zone; refused for any real account.
    failoverRecord: { hostedZoneId: PLACEHOLDER_HOSTED_ZONE_ID, hostedZoneName: 'example.com', recordName: 'app.example.com' },
    allowInsecureHttp: false,
    rateLimitPer5Minutes: 2000,
    http5xxRateThresholdPercent: 2,
    services: [
      // In Web since before own stacks (docs/adr/0060): moving it would replace its target group and group.
      {
        name: 'api',
        priority: 10,
        pathPatterns: ['/api/*'],
        capacity: { baseline: 4, maximum: 20 },
        placement: ServicePlacement.WEB_STACK,
      },
    ],
    // No practice run during the weekly release window (UTC) or on the year-end peak days.
    zonalAutoshift: {
      enabled: true,
      blockedWindows: ['Tue:14:00-Tue:18:00'],
      blockedDates: ['2026-12-24', '2026-12-31'],
    },
  },
  data: {
    database: {
      engine: DatabaseEngine.POSTGRES,
      topology: DatabaseTopology.MULTI_AZ_INSTANCE,
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.R7G, ec2.InstanceSize.XLARGE),
      multiAz: true,
      // Replicas in two more AZs: losing any one AZ leaves a reader and a writer.
      readReplicas: 2,
      backupRetention: Duration.days(30),
      allocatedStorageGiB: 200,
      maxAllocatedStorageGiB: 2000,
    },
    cache: { cacheNodeType: 'cache.r7g.large', shards: 1, replicasPerShard: 2, snapshotRetention: Duration.days(14) },
  },
  messaging: {
    processingTimeout: Duration.seconds(30),
    maxMessageAge: Duration.minutes(5),
    maxReceiveCount: 5,
    // A backlog that keeps growing for 15 minutes is a ticket: the workers cannot keep up.
    backlogGrowthAlarmAfter: Duration.minutes(15),
    workerCapacity: { baseline: 2, maximum: 12 },
    averageProcessingTime: Duration.seconds(1),
  },
  monitoring: {
    // Subscribe the on-call rotation here (or its incident tool's HTTPS endpoint). The placeholder
    // lets the app synthesize for the placeholder account; any real account refuses example.com.
    alarmEmails: ['oncall@example.com'],
    alarmHttpsEndpoints: [],
    // An AZ is judged an outlier only with more than 100 requests in the minute: 5 points is then 5+ errors, not noise.
    thresholds: {
      web5xxRatePercent: 2,
      webP99LatencySeconds: 0.8,
      replicaLagSeconds: 10,
      databaseConnections: 1000,
      azOutlierMinimumRequests: 100,
    },
    // 99.95% of requests without a 5xx over 30 days: about 21.6 minutes of full outage a month.
    slo: { availabilityPercent: 99.95, window: Duration.days(30) },
  },
  protection: {
    deletionProtection: true,
    terminationProtection: true,
    statefulRemovalPolicy: RemovalPolicy.SNAPSHOT,
    logRetention: logs.RetentionDays.ONE_YEAR,
  },
  // What prod as shipped meets (see docs/adr/0030-availability-estimate.md): ELB, EC2 and
  // ElastiCache Multi-AZ at 99.99% and RDS Multi-AZ at 99.95% compose to about 99.92%, so 99.9%;
  // a higher target needs Aurora (99.99%). Instance loss: the ALB drops a target after 2 failed
  // 10 s checks (20 s). AZ and writer loss: RDS Multi-AZ fails over in 60-120 s typically, to a
  // synchronous standby (RPO 0). Cache: ReplicationLag alarms at 5 s, so at most ~5 s of cache
  // writes are lost; AWS publishes no ElastiCache failover time, so no cache RTO is promised
  // until a TestFailover game day has measured one.
  availability: {
    targetAvailabilityPercent: 99.9,
    minAvailabilityZones: 3,
    instance: { maxRto: Duration.minutes(1), maxRpo: Duration.seconds(0) },
    az: { maxRto: Duration.minutes(5), maxRpo: Duration.seconds(0) },
    databasePrimary: { maxRto: Duration.minutes(3), maxRpo: Duration.seconds(0) },
    cachePrimary: { maxRpo: Duration.seconds(10) },
    // Losing us-east-1 (docs/adr/0084): the estimate is detection 90 s + DNS 60 s + promotion 10 min
    // (assumed: AWS publishes no bound) + scale-up, about 17 min; RPO is the lag alarm's 5 min + 3 min
    // window. The bound leaves room for the drill's measured promotion and launch times.
    region: { maxRto: Duration.minutes(30), maxRpo: Duration.minutes(15) },
  },
  strict: true,
  acknowledgedWarnings: {},
  // A warm standby in us-west-2, the Stage 'prod-us-west-2' (docs/adr/0080): half of each service's
  // baseline (the primary's maximum kept, to scale up on failover), its own VPC range, and a
  // cross-region replica of prod's database.
  secondaryRegion: {
    region: 'us-west-2',
    availabilityZones: ['us-west-2a', 'us-west-2b', 'us-west-2c'],
    capacityPercent: 50,
    vpcCidr: '10.40.0.0/16',
    // Certificate: none named, so the standby requests its own for web.domainName in us-west-2 (ACM
    // certificates are regional). With a real domain, set certificateArn (or -c standbyCertificateArn=...)
    // or web.hostedZoneId; prod is strict, so a real account without either is refused (docs/adr/0055).
    // The primary's DB instance. Unknown until prod is deployed (its identifier is CloudFormation's):
    // this placeholder shows the complete standby in the placeholder account and is refused for any
    // real account. There, pass -c standbySourceDatabaseArn=<prod-Data's DatabaseInstanceArn output>,
    // or delete this line to deploy the standby without its data first.
    sourceDatabaseInstanceArn: `arn:aws:rds:us-east-1:${PLACEHOLDER_ACCOUNT}:db:prod-placeholder-source`,
  },
};

/** Every built-in profile, in deployment order. */
export const PROFILES: readonly EnvironmentProfile[] = [DEV, STAGING, PROD];
