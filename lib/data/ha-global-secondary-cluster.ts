import { CfnResource, Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { StandbyDatabaseProps } from './standby-database-props';
import { DatabaseEngine, engineSettings } from './database-engine';
import { GLOBAL_CLUSTER_IDENTIFIER } from './ha-database';
import { placeReplicas } from './replica-placement';
import { ValidationError } from '../errors';
import { DATA_PLAN_METADATA, DataPlan } from '../guarantees/model/facts';
import { notifyOnAlarmAndOk } from '../monitoring/alarm-actions';
import { acknowledgeNag, managedPolicyFinding } from '../private/acknowledge-nag';
import { acknowledgeExplicitAvailabilityZones } from '../private/explicit-availability-zones';
import { acknowledgeLogRetentionFunction } from '../private/log-retention-function';
import { recordManaged } from '../private/managed-resources';

/** Properties of {@link HaGlobalSecondaryCluster}. */
export interface HaGlobalSecondaryClusterProps extends StandbyDatabaseProps {
  /**
   * Identifier of the Aurora Global Database whose primary lives in another Region's Stage
   * (`HaDatabase.globalClusterIdentifier`). A name, not a reference: Stages do not reference each other (docs/adr/0080).
   */
  readonly globalClusterIdentifier: string;
  /**
   * Name of the primary's master credentials secret, replicated by Secrets Manager into this Region
   * under the same name (`HaDatabase.credentialsSecretName`).
   */
  readonly credentialsSecretName: string;
  /**
   * Readers besides the instance promoted first, one per AZ while AZs last: the promoted cluster
   * then survives losing an AZ as the primary does.
   *
   * @default - one fewer than the AZ count
   */
  readonly readReplicas?: number;
  /**
   * Days of automated backups once promoted (a secondary takes none while it replicates).
   *
   * @default Duration.days(14)
   */
  readonly backupRetention?: Duration;
  /**
   * What CloudFormation does with the cluster when it leaves the template: SNAPSHOT or RETAIN, as the
   * primary's (DESTROY only for environments that are torn down).
   *
   * @default RemovalPolicy.SNAPSHOT
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The secondary cluster of an Aurora Global Database: the data tier of a warm standby (docs/adr/0085).
 *
 * It joins the global cluster by its identifier; Aurora's storage replicates the primary into it
 * (typically under a second). Encrypted with a customer-managed key of its own Region, TLS forced,
 * in isolated subnets behind its own security group, with instances spread over the Region's AZs
 * exactly as the primary places its writer and readers, and an alarm on `AuroraGlobalDBReplicationLag`.
 * Promote it with `aws rds failover-global-cluster` (see docs/adr/0085 for switchover vs failover).
 */
export class HaGlobalSecondaryCluster extends Construct implements ec2.IConnectable {
  /** The secondary cluster. */
  public readonly cluster: rds.DatabaseCluster;
  /** The key in this Region encrypting storage and Performance Insights. */
  public readonly encryptionKey: kms.Key;
  /** Security group access to the engine port. */
  public readonly connections: ec2.Connections;
  /** AZ of each instance: the first promoted first, then the readers. */
  public readonly instanceAvailabilityZones: string[];
  /** Fires when the lag exceeds `maxReplicaLag` for 3 minutes, or the cluster reports none. */
  public readonly replicationLagAlarm: cloudwatch.Alarm;
  /** Every alarm of the cluster. */
  public readonly alarms: cloudwatch.IAlarm[];
  /** The engine port. */
  public readonly port: number;
  /**
   * The master credentials in this Region: the replica Secrets Manager keeps of the primary's secret
   * (same name). A reference by name, so `credentials.grantRead(role)` writes to the role's policy
   * only (docs/adr/0052, 0085).
   */
  public readonly credentials: secretsmanager.ISecret;

  constructor(scope: Construct, id: string, props: HaGlobalSecondaryClusterProps) {
    super(scope, id);
    const network = props.network;
    const zones = network.availabilityZones;
    const readers = props.readReplicas ?? zones.length - 1;
    this.validate(props, readers);
    const engine = props.engine ?? DatabaseEngine.POSTGRES;
    const settings = engineSettings(engine, props.engineVersion);
    this.port = engine === DatabaseEngine.POSTGRES ? 5432 : 3306;
    this.credentials = secretsmanager.Secret.fromSecretNameV2(this, 'Credentials', props.credentialsSecretName);

    this.encryptionKey = new kms.Key(this, 'Key', {
      enableKeyRotation: true,
      description: `Encrypts the ${id} Aurora secondary cluster and its Performance Insights in this Region`,
    });
    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: network.vpc,
      description: 'Aurora secondary cluster: engine port from granted peers only',
      allowAllOutbound: false,
    });
    // The primary's placement: the first instance in the first AZ, readers after it, one per AZ.
    const readerZones = placeReplicas(zones, readers, zones[0]);
    this.instanceAvailabilityZones = [zones[0], ...readerZones];
    const instanceOptions = {
      instanceType: props.instanceType ?? ec2.InstanceType.of(ec2.InstanceClass.R7G, ec2.InstanceSize.LARGE),
      enablePerformanceInsights: true,
      performanceInsightEncryptionKey: this.encryptionKey,
      caCertificate: rds.CaCertificate.RDS_CA_RSA2048_G1,
      autoMinorVersionUpgrade: true,
      publiclyAccessible: false,
    };
    this.cluster = new rds.DatabaseCluster(this, 'Cluster', {
      engine: settings.clusterEngine,
      vpc: network.vpc,
      vpcSubnets: network.dataSubnets,
      securityGroups: [securityGroup],
      // Rendered, then removed below: a secondary inherits its master user from the primary.
      credentials: rds.Credentials.fromUsername('dbadmin'),
      manageMasterUserPassword: true,
      writer: rds.ClusterInstance.provisioned('Instance1', { ...instanceOptions, availabilityZone: zones[0] }),
      readers: readerZones.map((availabilityZone, i) =>
        rds.ClusterInstance.provisioned(`Instance${i + 2}`, { ...instanceOptions, availabilityZone, promotionTier: 1 }),
      ),
      storageEncrypted: true,
      storageEncryptionKey: this.encryptionKey,
      parameters: settings.tlsParameters,
      backup: { retention: props.backupRetention ?? Duration.days(14), preferredWindow: '03:00-04:00' },
      preferredMaintenanceWindow: 'sun:05:00-sun:06:00',
      cloudwatchLogsExports: settings.clusterLogExports,
      cloudwatchLogsRetention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      monitoringInterval: Duration.seconds(60),
      iamAuthentication: true,
      copyTagsToSnapshot: true,
      deletionProtection: props.deletionProtection ?? true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.SNAPSHOT,
    });
    const cfn = this.cluster.node.defaultChild as rds.CfnDBCluster;
    cfn.globalClusterIdentifier = props.globalClusterIdentifier;
    // CloudFormation: with GlobalClusterIdentifier, the master user comes from the primary; don't specify it.
    cfn.masterUsername = undefined;
    cfn.manageMasterUserPassword = undefined;
    cfn.masterUserSecret = undefined;

    this.connections = new ec2.Connections({ securityGroups: [securityGroup], defaultPort: ec2.Port.tcp(this.port) });
    this.replicationLagAlarm = this.createLagAlarm(props);
    this.alarms = [this.replicationLagAlarm];
    this.recordPlan(readers);
    this.acknowledgeDesignFindings(props);
  }

  /**
   * Lets a peer (the standby's web services) reach the engine port; nothing else can. The rule is
   * written from the peer's side, so the stateful stack never depends on its clients.
   */
  public allowFrom(peer: ec2.IConnectable): void {
    peer.connections.allowTo(this, this.connections.defaultPort!, 'database clients');
  }

  /**
   * Lets a role read the master credentials in this Region ({@link credentials}: `<name>-??????`, the
   * suffix Secrets Manager adds), on the role's own policy. The replica is encrypted with this Region's
   * `aws/secretsmanager` key, which lets the account's principals decrypt through Secrets Manager, so
   * no key grant is needed (docs/adr/0085).
   */
  public grantSecretRead(grantee: iam.IGrantable): iam.Grant {
    return this.credentials.grantRead(grantee);
  }

  /**
   * `AuroraGlobalDBReplicationLag` of this secondary, in milliseconds (AWS/RDS, published in the
   * secondary's Region by cluster: Aurora User Guide "Amazon CloudWatch metrics for Amazon Aurora",
   * read 2026-11-29).
   */
  public metricReplicationLag(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/RDS',
      metricName: 'AuroraGlobalDBReplicationLag',
      dimensionsMap: { DBClusterIdentifier: this.cluster.clusterIdentifier },
      statistic: 'Maximum',
      period: Duration.minutes(1),
      ...props,
    });
  }

  /**
   * Lag above the threshold for 3 of 3 minutes fires; so does no data: a secondary that reports
   * nothing is not shown to be replicating, and a wrong dimension cannot hide lag. A plain metric
   * alarm with the threshold in the metric's milliseconds, so that the guarantee engine reads the
   * RPO bound off it as it reads an RDS replica's (lag-alarms.ts).
   */
  private createLagAlarm(props: HaGlobalSecondaryClusterProps): cloudwatch.Alarm {
    const threshold = (props.maxReplicaLag ?? Duration.minutes(5)).toSeconds();
    const alarm = this.metricReplicationLag().createAlarm(this, 'ReplicationLagAlarm', {
      alarmName: props.alarmNamePrefix ? `${props.alarmNamePrefix}-global-replication-lag` : undefined,
      alarmDescription: `Aurora global database replication lag above ${threshold} s, or no lag reported: the Region-loss RPO is no longer met. Check the global cluster's status and the primary Region.`,
      threshold: threshold * 1000,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
    notifyOnAlarmAndOk(alarm, props.alarmTopic, 'data');
    return alarm;
  }

  /** The planned readers, where the guarantee engine finds them (HA-DATA-002), as HaDatabase records them. */
  private recordPlan(readers: number): void {
    const cluster = this.cluster.node.defaultChild as CfnResource;
    const plan: DataPlan = { readReplicas: readers };
    cluster.addMetadata(DATA_PLAN_METADATA, plan);
    recordManaged(cluster, 'database');
  }

  private validate(props: HaGlobalSecondaryClusterProps, readers: number): void {
    const problems: string[] = [];
    const identifier = props.globalClusterIdentifier;
    if (Token.isUnresolved(identifier) || !GLOBAL_CLUSTER_IDENTIFIER.test(identifier)) {
      problems.push(
        `globalClusterIdentifier '${identifier}' is not a global cluster identifier known at synth (a letter, then letters, digits and single hyphens, 63 at most)`,
      );
    }
    if (Token.isUnresolved(props.credentialsSecretName) || !/^[A-Za-z0-9/_+=.@-]{1,512}$/.test(props.credentialsSecretName)) {
      problems.push(`credentialsSecretName '${props.credentialsSecretName}' is not a Secrets Manager secret name known at synth`);
    }
    if (!Number.isInteger(readers) || readers < 1 || readers > 15) {
      problems.push(`readReplicas is ${readers}; give 1 to 15, so that the promoted cluster has a reader in another AZ to fail over to`);
    }
    const lag = props.maxReplicaLag;
    if (lag !== undefined && (Token.isUnresolved(lag.toSeconds()) || lag.toSeconds() < 1)) {
      problems.push(`maxReplicaLag is ${lag.toSeconds()} s; give at least Duration.seconds(1)`);
    }
    if (props.removalPolicy === RemovalPolicy.DESTROY && props.deletionProtection !== false) {
      problems.push(
        'removalPolicy is DESTROY with deletion protection on; CloudFormation could not delete it: turn deletionProtection off or keep SNAPSHOT',
      );
    }
    ValidationError.throwIfAny(`HaGlobalSecondaryCluster '${this.node.id}': invalid props`, problems, this);
  }

  /** The cdk-nag findings this design accepts, each on the resource it concerns, with why. */
  private acknowledgeDesignFindings(props: HaGlobalSecondaryClusterProps): void {
    acknowledgeNag(
      this.cluster,
      'RDS11',
      'Only security groups granted with allowFrom reach the port; a non-default port hides nothing from a scanner inside the VPC and breaks client defaults',
    );
    if (props.engine === DatabaseEngine.MYSQL) {
      acknowledgeNag(
        this.cluster,
        'RDS14',
        'Aurora Global Database does not support Backtrack (AWS Prescriptive Guidance, "Aurora global databases", read 2026-11-29); the standby relies on point-in-time restore once promoted',
      );
    }
    if (props.deletionProtection === false) {
      acknowledgeNag(
        this.cluster,
        'RDS10',
        `deletionProtection is off on purpose (an environment that is torn down); removal policy ${props.removalPolicy ?? RemovalPolicy.SNAPSHOT} decides what happens to the data`,
      );
    }
    for (const child of this.cluster.node.findAll()) {
      if (child.node.id === 'MonitoringRole') {
        acknowledgeNag(
          child,
          managedPolicyFinding('service-role/AmazonRDSEnhancedMonitoringRole'),
          'The AWS-maintained role policy Enhanced Monitoring requires; it only lets RDS publish OS metrics to CloudWatch Logs',
        );
      }
    }
    acknowledgeLogRetentionFunction(this);
    acknowledgeExplicitAvailabilityZones(this);
  }
}
