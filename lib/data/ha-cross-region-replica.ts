import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { StandbyDatabaseProps } from './standby-database-props';
import { DatabaseEngine, engineSettings } from './database-engine';
import { ValidationError } from '../errors';
import { notifyOnAlarmAndOk } from '../monitoring/alarm-actions';
import { acknowledgeNag, managedPolicyFinding } from '../private/acknowledge-nag';
import { acknowledgeLogRetentionFunction } from '../private/log-retention-function';

const DB_INSTANCE_ARN = /^arn:aws[a-z-]*:rds:([a-z0-9-]+):\d{12}:db:([a-z][a-z0-9-]*)$/;

/** Properties of {@link HaCrossRegionReplica}. */
export interface HaCrossRegionReplicaProps extends StandbyDatabaseProps {
  /**
   * ARN of the source DB instance in another Region (`arn:aws:rds:<region>:<account>:db:<id>`).
   * Passed as a string, not a construct: the source lives in another Stage (docs/adr/0080).
   */
  readonly sourceDatabaseInstanceArn: string;
  /**
   * A synchronous standby for the replica in another of the standby Region's AZs, so that once
   * promoted the new writer survives losing an AZ as the old one did.
   *
   * @default true
   */
  readonly multiAz?: boolean;
  /**
   * Ceiling for storage autoscaling, in GiB.
   *
   * @default 1000
   */
  readonly maxAllocatedStorageGiB?: number;
  /**
   * What CloudFormation does with the replica when it leaves the template. RETAIN, because after a
   * promotion it holds the only copy of the data; DESTROY only for environments that are torn down.
   * (SNAPSHOT is refused: RDS cannot snapshot every engine's read replica.)
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * A cross-Region read replica of an RDS instance: the data tier of a warm standby (docs/adr/0080).
 *
 * Encrypted with a customer-managed key created in the replica's own Region (KMS keys are regional;
 * RDS needs a destination-Region key for an encrypted cross-Region replica), Multi-AZ so that the
 * promoted writer keeps a standby, TLS forced, in isolated subnets behind its own security group,
 * with an alarm on `ReplicaLag`: replication is asynchronous, and the lag at the moment the source
 * Region is lost is the data lost (RPO). Promote it with `aws rds promote-read-replica`.
 */
export class HaCrossRegionReplica extends Construct implements ec2.IConnectable {
  /** The replica. */
  public readonly replica: rds.DatabaseInstanceReadReplica;
  /** The key in the replica's Region encrypting its storage and Performance Insights. */
  public readonly encryptionKey: kms.Key;
  /** Security group access to the engine port. */
  public readonly connections: ec2.Connections;
  /** Fires when the lag exceeds `maxReplicaLag` for 3 minutes, or the replica reports none or -1 (not replicating). */
  public readonly replicationLagAlarm: cloudwatch.Alarm;
  /** Every alarm of the replica. */
  public readonly alarms: cloudwatch.IAlarm[];
  /** The Region of the source instance, read from its ARN. */
  public readonly sourceRegion: string;

  constructor(scope: Construct, id: string, props: HaCrossRegionReplicaProps) {
    super(scope, id);
    this.sourceRegion = this.validate(props);
    const engine = props.engine ?? DatabaseEngine.POSTGRES;
    const settings = engineSettings(engine, props.engineVersion);
    const network = props.network;

    this.encryptionKey = new kms.Key(this, 'Key', {
      enableKeyRotation: true,
      description: `Encrypts the ${id} cross-region replica and its Performance Insights in this Region`,
    });
    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: network.vpc,
      description: 'Cross-region replica: engine port from granted peers only',
      allowAllOutbound: false,
    });
    const parameterGroup = new rds.ParameterGroup(this, 'ParameterGroup', {
      engine: settings.instanceEngine,
      description: 'Forces TLS on every connection',
      parameters: settings.tlsParameters,
    });
    const port = engine === DatabaseEngine.POSTGRES ? 5432 : 3306;
    const identifier = DB_INSTANCE_ARN.exec(props.sourceDatabaseInstanceArn)![2];
    // The source is only named (RDS follows the ARN); its attributes below are never rendered.
    const source = rds.DatabaseInstance.fromDatabaseInstanceAttributes(this, 'Source', {
      instanceIdentifier: identifier,
      instanceEndpointAddress: `${identifier}.invalid`,
      port,
      securityGroups: [],
      engine: settings.instanceEngine,
    });
    this.replica = new rds.DatabaseInstanceReadReplica(this, 'Replica', {
      sourceDatabaseInstance: source,
      instanceType: props.instanceType ?? ec2.InstanceType.of(ec2.InstanceClass.R7G, ec2.InstanceSize.LARGE),
      vpc: network.vpc,
      vpcSubnets: network.dataSubnets,
      securityGroups: [securityGroup],
      multiAz: props.multiAz ?? true,
      parameterGroup,
      storageEncryptionKey: this.encryptionKey,
      storageType: rds.StorageType.GP3,
      maxAllocatedStorage: props.maxAllocatedStorageGiB ?? 1000,
      enablePerformanceInsights: true,
      performanceInsightEncryptionKey: this.encryptionKey,
      monitoringInterval: Duration.seconds(60),
      cloudwatchLogsExports: settings.instanceLogExports,
      cloudwatchLogsRetention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      caCertificate: rds.CaCertificate.RDS_CA_RSA2048_G1,
      autoMinorVersionUpgrade: true,
      iamAuthentication: true,
      deletionProtection: props.deletionProtection ?? true,
      publiclyAccessible: false,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    const cfn = this.replica.node.defaultChild as rds.CfnDBInstance;
    // aws-cdk-lib renders an imported instance's ARN in this stack's Region; the source is in another.
    cfn.sourceDbInstanceIdentifier = props.sourceDatabaseInstanceArn;
    // KmsKeyId (this Region's key) encrypts it; CloudFormation takes StorageEncrypted from the
    // source and rejects it beside SourceDBInstanceIdentifier (cfn-lint F3020).
    cfn.storageEncrypted = undefined;

    this.connections = new ec2.Connections({ securityGroups: [securityGroup], defaultPort: ec2.Port.tcp(port) });
    this.replicationLagAlarm = this.createLagAlarm(props);
    this.alarms = [this.replicationLagAlarm];
    this.acknowledgeDesignFindings(props);
  }

  /**
   * Lets a peer (the standby's web services) reach the engine port; nothing else can. The rule is
   * written from the peer's side, so the stateful stack never depends on its clients.
   */
  public allowFrom(peer: ec2.IConnectable): void {
    peer.connections.allowTo(this, this.connections.defaultPort!, 'database clients');
  }

  /** `ReplicaLag` of the replica, in seconds (AWS/RDS; -1 on MySQL when replication is not running). */
  public metricReplicaLag(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.replica.metric('ReplicaLag', { statistic: 'Maximum', period: Duration.minutes(1), ...props });
  }

  /**
   * Lag above the threshold for 3 of 3 minutes fires; so do -1 (MySQL: replication stopped) and no
   * data at all (a replica that reports nothing is not shown to be replicating).
   */
  private createLagAlarm(props: HaCrossRegionReplicaProps): cloudwatch.Alarm {
    const threshold = (props.maxReplicaLag ?? Duration.minutes(5)).toSeconds();
    const lag = new cloudwatch.MathExpression({
      expression: `IF(lag < 0, ${threshold + 1}, lag)`,
      usingMetrics: { lag: this.metricReplicaLag() },
      label: 'Replica lag, seconds (-1 counted as above the threshold)',
      period: Duration.minutes(1),
    });
    const alarm = lag.createAlarm(this, 'ReplicationLagAlarm', {
      alarmName: props.alarmNamePrefix ? `${props.alarmNamePrefix}-replica-lag` : undefined,
      alarmDescription: `Cross-region replica lag above ${threshold} s, or replication stopped: the Region-loss RPO is no longer met. Check the source instance and the replica's status.`,
      threshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
    notifyOnAlarmAndOk(alarm, props.alarmTopic, 'data');
    return alarm;
  }

  /** Checks the props before anything is built; returns the source's Region. */
  private validate(props: HaCrossRegionReplicaProps): string {
    const problems: string[] = [];
    const arn = Token.isUnresolved(props.sourceDatabaseInstanceArn) ? null : DB_INSTANCE_ARN.exec(props.sourceDatabaseInstanceArn);
    const stackRegion = Stack.of(this).region;
    const here = Token.isUnresolved(stackRegion) ? undefined : stackRegion;
    if (!arn) {
      problems.push(
        `sourceDatabaseInstanceArn '${props.sourceDatabaseInstanceArn}' is not a DB instance ARN known at synth (arn:aws:rds:<region>:<account>:db:<id>)`,
      );
    } else if (here !== undefined && arn[1] === here) {
      problems.push(
        `sourceDatabaseInstanceArn is in ${here}, this stack's own Region; a same-Region replica belongs in HaDatabase (readReplicas), this construct replicates across Regions`,
      );
    }
    const lag = props.maxReplicaLag;
    if (lag !== undefined && (Token.isUnresolved(lag.toSeconds()) || lag.toSeconds() < 1)) {
      problems.push(`maxReplicaLag is ${lag.toSeconds()} s; give at least Duration.seconds(1)`);
    }
    if (props.removalPolicy === RemovalPolicy.SNAPSHOT) {
      problems.push('removalPolicy is SNAPSHOT; use RETAIN (after promotion the replica holds the only copy) or DESTROY');
    }
    ValidationError.throwIfAny(`HaCrossRegionReplica '${this.node.id}': invalid props`, problems, this);
    return arn![1];
  }

  /** The cdk-nag and guarantee findings this design accepts, each on the resource it concerns, with why. */
  private acknowledgeDesignFindings(props: HaCrossRegionReplicaProps): void {
    if (props.deletionProtection === false) {
      acknowledgeNag(
        this.replica,
        'RDS10',
        `deletionProtection is off on purpose (an environment that is torn down); removal policy ${props.removalPolicy ?? RemovalPolicy.RETAIN} decides what happens to the data`,
      );
    }
    acknowledgeNag(
      this.replica,
      'RDS2',
      "Encrypted by KmsKeyId with this construct's key in the replica's Region; CloudFormation rejects StorageEncrypted beside SourceDBInstanceIdentifier and inherits it from the encrypted source",
    );
    acknowledgeNag(
      this.replica,
      'RDS11',
      'Only security groups granted with allowFrom reach the port; a non-default port hides nothing from a scanner inside the VPC and breaks client defaults',
    );
    const monitoringRole = this.replica.node.tryFindChild('MonitoringRole');
    if (monitoringRole) {
      acknowledgeNag(
        monitoringRole,
        managedPolicyFinding('service-role/AmazonRDSEnhancedMonitoringRole'),
        'The AWS-maintained role policy Enhanced Monitoring requires; it only lets RDS publish OS metrics to CloudWatch Logs',
      );
    }
    acknowledgeLogRetentionFunction(this);
    // No guarantee to acknowledge: the engine knows a source ARN in another Region for a cross-Region
    // replica (crossRegionSourceOf), not a reader of this environment's writers.
  }
}
