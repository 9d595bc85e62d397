import { CfnResource, Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import { enumProblem, tokenProblems } from '../private/synth-time-values';
import { DATABASE_FAMILIES, instanceTypeProblem } from '../private/instance-families';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { DatabaseEngine, DatabaseTopology, engineSettings, engineVersionProblem } from './database-engine';
import { placeReplicas } from './replica-placement';
import { ValidationError } from '../errors';
import { DATA_PLAN_METADATA, DataPlan } from '../guarantees/model/facts';
import { HaNetwork } from '../network/ha-network';
import { acknowledgeNag, managedPolicyFinding } from '../private/acknowledge-nag';
import { acknowledgeExplicitAvailabilityZones } from '../private/explicit-availability-zones';
import { acknowledgeLogRetentionFunction } from '../private/log-retention-function';
import {
  delegateSecretDecryptionToIam,
  grantSecretReadThroughPrincipal,
  secretGrantedByPrincipalPolicy,
} from '../private/grant-secret-read';
import { recordManaged } from '../private/managed-resources';
import { windowProblems } from '../private/maintenance-windows';
import { HaWarnings, reportWeakening } from '../warnings';

/** Fewest days of automated backups this library accepts; strict (production) profiles need more. */
const MIN_BACKUP_DAYS = 7;
const MIN_STRICT_BACKUP_DAYS = 14;
/** RDS keeps automated backups for at most 35 days (RDS User Guide, "Backup retention period", 2026). */
const MAX_BACKUP_DAYS = 35;

/** Properties of {@link HaDatabase}. */
export interface HaDatabaseProps {
  /** The network: the database goes into its data (isolated) subnets. */
  readonly network: HaNetwork;

  /**
   * Database engine.
   *
   * @default DatabaseEngine.POSTGRES
   */
  readonly engine?: DatabaseEngine;

  /**
   * Engine version. RDS instance: PostgreSQL `'16'` (newest minor) or `'16.4'`, MySQL a full
   * `'8.0.40'`; Aurora: PostgreSQL `'16.6'`, MySQL the Aurora version `'3.08.2'`. The parameter
   * group's family follows the major version. Checked at synth against the formats above.
   *
   * @default - PostgreSQL 17 (Aurora 17.7), MySQL 8.4.10 (Aurora MySQL 3.10.4)
   */
  readonly engineVersion?: string;

  /**
   * Topology: a Multi-AZ RDS instance with read replicas, or an Aurora cluster.
   *
   * @default DatabaseTopology.MULTI_AZ_INSTANCE
   */
  readonly topology?: DatabaseTopology;

  /**
   * Instance class of the writer and of every reader.
   *
   * @default db.r7g.large - memory-optimized Graviton, not burstable
   */
  readonly instanceType?: ec2.InstanceType;

  /**
   * Read replicas (Aurora: readers), each in an AZ of its own while AZs last.
   *
   * @default - one fewer than the AZ count, so that readers and writer cover every AZ
   */
  readonly readReplicas?: number;

  /**
   * A synchronous standby in another AZ (RDS instance topology). Aurora is always Multi-AZ with at least one reader.
   *
   * @default true
   */
  readonly multiAz?: boolean;

  /**
   * Storage allocated at creation, in GiB (RDS instance topology).
   *
   * @default 100
   */
  readonly allocatedStorageGiB?: number;

  /**
   * Ceiling for storage autoscaling, in GiB (RDS instance topology).
   *
   * @default 1000
   */
  readonly maxAllocatedStorageGiB?: number;

  /**
   * How long automated backups are kept: at least 7 days, 14 in strict mode, at most 35.
   *
   * @default Duration.days(14)
   */
  readonly backupRetention?: Duration;

  /**
   * Daily backup window, UTC `hh:mm-hh:mm`. Must not overlap the maintenance window.
   *
   * @default '03:00-04:00'
   */
  readonly preferredBackupWindow?: string;

  /**
   * Weekly maintenance window, UTC `ddd:hh:mm-ddd:hh:mm`.
   *
   * @default 'sun:05:00-sun:06:00'
   */
  readonly preferredMaintenanceWindow?: string;

  /**
   * How far an Aurora MySQL cluster can be rewound in place (Backtrack), to undo a bad write or
   * migration in minutes instead of restoring a snapshot. Up to 72 hours; ignored by other engines.
   *
   * @default Duration.hours(24)
   */
  readonly backtrackWindow?: Duration;

  /**
   * Deletion protection.
   *
   * @default true
   */
  readonly deletionProtection?: boolean;

  /**
   * What CloudFormation does with the database when it leaves the template: SNAPSHOT or RETAIN
   * (DESTROY is refused in strict mode).
   *
   * @default RemovalPolicy.SNAPSHOT
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Key for storage, Performance Insights and the credentials secret.
   *
   * @default - a new customer-managed key with rotation on
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Initial database name.
   *
   * @default 'app'
   */
  readonly databaseName?: string;

  /**
   * Retention of the exported engine logs.
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * Turns availability-weakening choices (no standby, replicas sharing an AZ, short backups) into errors.
   *
   * @default false
   */
  readonly strict?: boolean;

  /**
   * Makes the Aurora cluster the primary of an Aurora Global Database with this identifier
   * (`AWS::RDS::GlobalCluster` created from the cluster, which is updated in place, never replaced;
   * docs/adr/0085). The identifier is fixed so that a secondary cluster in another Region's Stage
   * can name it without a cross-Stage reference. Aurora topology only; Backtrack is turned off (a
   * global database does not support it), and the master credentials move from the RDS-managed
   * secret (not supported for global database members) to a generated secret named
   * `credentialsSecretName`, replicated to `credentialsReplicaRegions` (rotated by runbook).
   *
   * @default - a regional cluster, with the RDS-managed master secret
   */
  readonly globalClusterIdentifier?: string;

  /**
   * Name of the master credentials secret of a global database's primary, so that the replica in
   * another Region can be granted by name (`<name>-??????`). Only with `globalClusterIdentifier`.
   *
   * @default - `<globalClusterIdentifier>/master-credentials`
   */
  readonly credentialsSecretName?: string;

  /**
   * Regions the master credentials secret is replicated to (Secrets Manager replicas, encrypted with
   * each Region's `aws/secretsmanager` key), so that a promoted secondary's clients read them there
   * after the primary Region is lost. Only with `globalClusterIdentifier`.
   *
   * @default - none
   */
  readonly credentialsReplicaRegions?: string[];
}

/**
 * A relational database built to survive losing an AZ: a Multi-AZ RDS instance with read
 * replicas spread over the AZs, or an Aurora cluster with readers in other AZs.
 *
 * Encrypted with a customer-managed key, TLS forced by parameter, credentials generated and
 * rotated by RDS in Secrets Manager, in isolated subnets, reachable only from peers granted
 * with {@link allowFrom}.
 *
 * Readers (replicas) lag the writer by `ReplicaLag` seconds: reads from them are eventually
 * consistent. Read-your-writes paths use {@link writerEndpoint}; reads that tolerate the lag
 * use {@link readerEndpoints}.
 */
export class HaDatabase extends Construct implements ec2.IConnectable {
  /** The RDS instance (MULTI_AZ_INSTANCE topology). */
  public readonly instance?: rds.DatabaseInstance;
  /** The read replicas (MULTI_AZ_INSTANCE topology), each in its own AZ while AZs last. */
  public readonly readReplicas: rds.DatabaseInstanceReadReplica[] = [];
  /** The Aurora cluster (AURORA_CLUSTER topology). */
  public readonly cluster?: rds.DatabaseCluster;
  /** Where writes (and consistent reads) go. */
  public readonly writerEndpoint: rds.Endpoint;
  /** Where eventually consistent reads go: each replica's endpoint, or Aurora's reader endpoint. */
  public readonly readerEndpoints: rds.Endpoint[];
  /** Secrets Manager secret with the master credentials, rotated by RDS. */
  public readonly secret: secretsmanager.ISecret;
  /** The customer-managed key encrypting storage, Performance Insights and the secret. */
  public readonly encryptionKey: kms.IKey;
  /** Security group access to the engine port. */
  public readonly connections: ec2.Connections;
  /** AZ of each read replica (or Aurora reader), in order. */
  public readonly replicaAvailabilityZones: string[];
  /** The engine. */
  public readonly engine: DatabaseEngine;
  /** The topology. */
  public readonly topology: DatabaseTopology;
  /** The Aurora Global Database this cluster is the primary of, when `globalClusterIdentifier` is given. */
  public readonly globalCluster?: rds.CfnGlobalCluster;

  constructor(scope: Construct, id: string, props: HaDatabaseProps) {
    super(scope, id);
    const { network } = props;
    this.engine = props.engine ?? DatabaseEngine.POSTGRES;
    this.topology = props.topology ?? DatabaseTopology.MULTI_AZ_INSTANCE;
    const zones = network.availabilityZones;
    const replicaCount = props.readReplicas ?? zones.length - 1;
    this.validate(props, replicaCount);

    const settings = engineSettings(this.engine, props.engineVersion);
    const global = props.globalClusterIdentifier;
    this.encryptionKey =
      props.encryptionKey ??
      new kms.Key(this, 'Key', {
        enableKeyRotation: true,
        description: `Encrypts the ${id} database, its Performance Insights and its credentials`,
      });
    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: network.vpc,
      description: 'Database: engine port from granted peers only',
      allowAllOutbound: false,
    });
    const instanceType = props.instanceType ?? ec2.InstanceType.of(ec2.InstanceClass.R7G, ec2.InstanceSize.LARGE);
    const backupRetention = props.backupRetention ?? Duration.days(MIN_STRICT_BACKUP_DAYS);
    const caCertificate = rds.CaCertificate.RDS_CA_RSA2048_G1;
    // Settings an RDS instance and an Aurora cluster share.
    const common = {
      vpc: network.vpc,
      vpcSubnets: network.dataSubnets,
      securityGroups: [securityGroup],
      // Credentials come from the RDS-managed secret (a global database's from a replicated one,
      // docs/adr/0085); TLS is forced by the parameter group.
      credentials: global
        ? rds.Credentials.fromGeneratedSecret('dbadmin', {
            encryptionKey: this.encryptionKey,
            secretName: props.credentialsSecretName ?? `${global}/master-credentials`,
            // No key: each replica is encrypted with its Region's aws/secretsmanager key, which exists
            // before the primary is deployed (a key of the standby's Stage would not, docs/adr/0085).
            replicaRegions: (props.credentialsReplicaRegions ?? []).map((region) => ({ region })),
          })
        : rds.Credentials.fromUsername('dbadmin', { encryptionKey: this.encryptionKey }),
      manageMasterUserPassword: global ? undefined : true,
      preferredMaintenanceWindow: props.preferredMaintenanceWindow ?? 'sun:05:00-sun:06:00',
      deletionProtection: props.deletionProtection ?? true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.SNAPSHOT,
      copyTagsToSnapshot: true,
      autoMinorVersionUpgrade: true,
      storageEncryptionKey: this.encryptionKey,
      enablePerformanceInsights: true,
      performanceInsightEncryptionKey: this.encryptionKey,
      monitoringInterval: Duration.seconds(60),
      cloudwatchLogsRetention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      iamAuthentication: true,
    };
    const backupWindow = props.preferredBackupWindow ?? '03:00-04:00';

    if (this.topology === DatabaseTopology.AURORA_CLUSTER) {
      // Writer first in the list of AZs; readers after it, so that each AZ holds a copy that can be promoted.
      this.replicaAvailabilityZones = placeReplicas(zones, replicaCount, zones[0]);
      const instanceOptions = {
        instanceType,
        enablePerformanceInsights: true,
        performanceInsightEncryptionKey: this.encryptionKey,
        caCertificate,
        autoMinorVersionUpgrade: true,
        publiclyAccessible: false,
      };
      this.cluster = new rds.DatabaseCluster(this, 'Cluster', {
        ...common,
        engine: settings.clusterEngine,
        writer: rds.ClusterInstance.provisioned('Writer', { ...instanceOptions, availabilityZone: zones[0] }),
        readers: this.replicaAvailabilityZones.map((availabilityZone, i) =>
          // Promotion tier 1 for all: any reader can take over, and all are sized like the writer.
          rds.ClusterInstance.provisioned(`Reader${i + 1}`, { ...instanceOptions, availabilityZone, promotionTier: 1 }),
        ),
        defaultDatabaseName: props.databaseName ?? 'app',
        storageEncrypted: true,
        parameters: settings.tlsParameters,
        backup: { retention: backupRetention, preferredWindow: backupWindow },
        cloudwatchLogsExports: settings.clusterLogExports,
        // Backtrack exists for Aurora MySQL only, and only when enabled at creation.
        backtrackWindow: this.engine === DatabaseEngine.MYSQL && !global ? (props.backtrackWindow ?? Duration.hours(24)) : undefined,
      });
      this.writerEndpoint = this.cluster.clusterEndpoint;
      this.readerEndpoints = [this.cluster.clusterReadEndpoint];
      this.secret = secretGrantedByPrincipalPolicy(this, 'SecretReference', this.cluster.secret!, this.encryptionKey);
      if (global) {
        this.globalCluster = this.createGlobalCluster(global, props);
      }
    } else {
      this.replicaAvailabilityZones = placeReplicas(zones, replicaCount);
      const parameterGroup = new rds.ParameterGroup(this, 'ParameterGroup', {
        engine: settings.instanceEngine,
        description: 'Forces TLS on every connection',
        parameters: settings.tlsParameters,
      });
      this.instance = new rds.DatabaseInstance(this, 'Instance', {
        ...common,
        engine: settings.instanceEngine,
        instanceType,
        backupRetention,
        caCertificate,
        multiAz: props.multiAz ?? true,
        storageType: rds.StorageType.GP3,
        allocatedStorage: props.allocatedStorageGiB ?? 100,
        maxAllocatedStorage: props.maxAllocatedStorageGiB ?? 1000,
        storageEncrypted: true,
        databaseName: props.databaseName ?? 'app',
        parameterGroup,
        preferredBackupWindow: backupWindow,
        publiclyAccessible: false,
        cloudwatchLogsExports: settings.instanceLogExports,
      });
      this.replicaAvailabilityZones.forEach((availabilityZone, i) => {
        this.readReplicas.push(
          new rds.DatabaseInstanceReadReplica(this, `ReadReplica${i + 1}`, {
            sourceDatabaseInstance: this.instance!,
            instanceType,
            vpc: network.vpc,
            vpcSubnets: network.dataSubnets,
            securityGroups: [securityGroup],
            availabilityZone,
            parameterGroup,
            // No StorageEncrypted: CloudFormation forbids it beside SourceDBInstanceIdentifier; a
            // same-region replica inherits the encrypted source's key (CloudFormation DBInstance docs).
            storageType: rds.StorageType.GP3,
            maxAllocatedStorage: props.maxAllocatedStorageGiB ?? 1000,
            enablePerformanceInsights: true,
            performanceInsightEncryptionKey: this.encryptionKey,
            monitoringInterval: common.monitoringInterval,
            cloudwatchLogsExports: settings.instanceLogExports,
            cloudwatchLogsRetention: common.cloudwatchLogsRetention,
            caCertificate,
            autoMinorVersionUpgrade: true,
            // A replica holds no data of its own, and DeletionPolicy Delete must be able to delete it
            // when readReplicas is lowered: protection would leave an orphan CloudFormation cannot
            // remove. The writer keeps deletion protection and its snapshot policy.
            deletionProtection: false,
            publiclyAccessible: false,
            // A replica holds nothing the writer's backups do not; a final snapshot of it would be a duplicate.
            removalPolicy: RemovalPolicy.DESTROY,
          }),
        );
      });
      this.writerEndpoint = this.instance.instanceEndpoint;
      this.readerEndpoints = this.readReplicas.map((r) => r.instanceEndpoint);
      this.secret = secretGrantedByPrincipalPolicy(this, 'SecretReference', this.instance.secret!, this.encryptionKey);
    }
    delegateSecretDecryptionToIam(this.encryptionKey);
    this.connections = new ec2.Connections({ securityGroups: [securityGroup], defaultPort: ec2.Port.tcp(this.port) });
    acknowledgeExplicitAvailabilityZones(this);
    this.acknowledgeDesignFindings(props);
    this.recordPlan();
  }

  /**
   * The global database, created from the deployed cluster (SourceDBClusterIdentifier): the cluster
   * keeps its logical ID and every create-only property, so adding a standby never replaces it
   * (docs/adr/0085). Its master secret is rotated here, in the primary Region, and Secrets Manager
   * copies each new value to the replicas.
   */
  private createGlobalCluster(identifier: string, props: HaDatabaseProps): rds.CfnGlobalCluster {
    const cluster = this.cluster!;
    // Explicitly false (aws-cdk-lib renders nothing): a deployed cluster is switched off RDS-managed
    // credentials by this update, beside the generated MasterUserPassword, not left to a default.
    (cluster.node.defaultChild as rds.CfnDBCluster).manageMasterUserPassword = false;
    if (this.engine === DatabaseEngine.MYSQL) {
      // Backtrack is not supported with a global database (AWS Prescriptive Guidance, "Aurora global
      // databases", read 2026-11-29); a cluster created with it is switched off explicitly (0), which
      // the Aurora User Guide allows ("Disabling backtracking for an Aurora MySQL DB cluster").
      (cluster.node.defaultChild as rds.CfnDBCluster).backtrackWindow = 0;
      acknowledgeNag(
        cluster,
        'RDS14',
        'Aurora Global Database does not support Backtrack (AWS Prescriptive Guidance, "Aurora global databases", read 2026-11-29); point-in-time restore and the standby Region remain',
      );
    }
    const globalCluster = new rds.CfnGlobalCluster(this, 'GlobalCluster', {
      globalClusterIdentifier: identifier,
      // Engine, version and encryption come from the source cluster; CloudFormation refuses them beside it.
      sourceDbClusterIdentifier: cluster.clusterArn,
      deletionProtection: props.deletionProtection ?? true,
    });
    // Secrets Manager's rotation functions come as a SAM or hosted-rotation Transform, which the
    // guarantee engine refuses (HA-CFN-003): rotation is by runbook until a rotation of our own exists.
    acknowledgeNag(
      cluster.node.findChild('Secret'),
      'SMG4',
      "A global database's master secret cannot be RDS-managed (Aurora User Guide); the rotation functions Secrets Manager offers are Transforms the guarantee engine cannot judge: rotate by the runbook in docs/adr/0085",
    );
    return globalCluster;
  }

  /** Writes the planned number of readers where the guarantee engine finds it, so a deleted replica is noticed. */
  private recordPlan(): void {
    const writer = (this.instance ?? this.cluster!).node.defaultChild as CfnResource;
    const plan: DataPlan = { readReplicas: this.replicaAvailabilityZones.length };
    writer.addMetadata(DATA_PLAN_METADATA, plan);
    recordManaged(writer, 'database');
  }

  /** The cdk-nag findings this design accepts, each on the one resource it concerns, with why. */
  private acknowledgeDesignFindings(props: HaDatabaseProps): void {
    const instances: Construct[] = [this.instance ?? this.cluster!, ...this.readReplicas];
    for (const instance of instances) {
      acknowledgeNag(
        instance,
        'RDS11',
        'Only security groups granted with allowFrom reach the port; a non-default port hides nothing from a scanner inside the VPC and breaks client defaults',
      );
      const monitoringRole = instance.node.tryFindChild('MonitoringRole');
      if (monitoringRole) {
        acknowledgeNag(
          monitoringRole,
          managedPolicyFinding('service-role/AmazonRDSEnhancedMonitoringRole'),
          'The AWS-maintained role policy Enhanced Monitoring requires; it only lets RDS publish OS metrics to CloudWatch Logs',
        );
      }
    }
    if (props.deletionProtection === false) {
      acknowledgeNag(
        this.instance ?? this.cluster!,
        'RDS10',
        `deletionProtection is off on purpose (an environment that is torn down); removal policy ${props.removalPolicy ?? RemovalPolicy.SNAPSHOT} still keeps the data`,
      );
    }
    acknowledgeLogRetentionFunction(this);
    for (const replica of this.readReplicas) {
      // The one conflict between CloudFormation's validator and cdk-nag, resolved for the validator:
      // CloudFormation rejects StorageEncrypted beside SourceDBInstanceIdentifier (F3020).
      acknowledgeNag(
        replica,
        'RDS2',
        "A same-region read replica inherits its source's encryption and key; the source is encrypted with the customer-managed key (HA-DATA checks and tests assert it)",
      );
      acknowledgeNag(
        replica,
        'RDS10',
        'A read replica holds no data the writer lacks; without deletion protection, lowering readReplicas deletes it instead of leaving a protected orphan (the writer stays protected)',
      );
      acknowledgeNag(
        replica,
        'RDS3',
        'Replicas are spread one per AZ, so a replica AZ failure leaves the others serving reads; a standby per replica would double their cost for no more read availability',
      );
    }
  }

  /** The engine port. */
  public get port(): number {
    return this.engine === DatabaseEngine.POSTGRES ? 5432 : 3306;
  }

  /**
   * Lets a peer (a web service, a security group) reach the engine port; nothing else can.
   * The rules are written from the peer's side, so they live in the peer's stack and the
   * stateful stack never depends on its clients.
   */
  public allowFrom(peer: ec2.IConnectable): void {
    peer.connections.allowTo(this, ec2.Port.tcp(this.port), 'database clients');
  }

  /** Lets a role read the credentials secret (and decrypt it through Secrets Manager), by the role's own policy. */
  public grantSecretRead(grantee: iam.IGrantable): iam.Grant {
    return grantSecretReadThroughPrincipal(this.secret, this.encryptionKey, grantee);
  }

  /** CPU utilization of the writer (Aurora: of the cluster's instances). */
  public metricCpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('CPUUtilization', { statistic: 'Maximum', ...props });
  }

  /** Freeable memory, in bytes. */
  public metricFreeableMemory(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('FreeableMemory', { statistic: 'Minimum', ...props });
  }

  /** Free storage, in bytes (Aurora: free local storage; the cluster volume grows by itself). */
  public metricFreeStorageSpace(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(this.cluster ? 'FreeLocalStorage' : 'FreeStorageSpace', { statistic: 'Minimum', ...props });
  }

  /** Open connections. */
  public metricDatabaseConnections(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('DatabaseConnections', { statistic: 'Maximum', ...props });
  }

  /** Read latency, in seconds. */
  public metricReadLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ReadLatency', { statistic: 'Average', ...props });
  }

  /** Write latency, in seconds. */
  public metricWriteLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('WriteLatency', { statistic: 'Average', ...props });
  }

  /** I/O requests waiting for the disk. */
  public metricDiskQueueDepth(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('DiskQueueDepth', { statistic: 'Maximum', ...props });
  }

  /**
   * Replica lag of each reader, in seconds: how stale an eventually consistent read can be.
   * RDS instance: `ReplicaLag` per read replica; Aurora: `AuroraReplicaLagMaximum` of the cluster (milliseconds).
   */
  public metricReplicaLag(props?: cloudwatch.MetricOptions): cloudwatch.Metric[] {
    if (this.cluster) {
      return [this.metric('AuroraReplicaLagMaximum', { statistic: 'Maximum', ...props })];
    }
    return this.readReplicas.map(
      (replica) =>
        new cloudwatch.Metric({
          namespace: 'AWS/RDS',
          metricName: 'ReplicaLag',
          dimensionsMap: { DBInstanceIdentifier: replica.instanceIdentifier },
          statistic: 'Maximum',
          period: Duration.minutes(1),
          ...props,
        }),
    );
  }

  private metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    const dimensionsMap: cloudwatch.DimensionsMap = this.cluster
      ? { DBClusterIdentifier: this.cluster.clusterIdentifier }
      : { DBInstanceIdentifier: this.instance!.instanceIdentifier };
    return new cloudwatch.Metric({ namespace: 'AWS/RDS', metricName, dimensionsMap, period: Duration.minutes(1), ...props });
  }

  private validate(props: HaDatabaseProps, replicaCount: number): void {
    const strict = props.strict ?? false;
    const zones = props.network.availabilityZones;
    const problems: string[] = [
      ...[
        enumProblem('engine', props.engine, DatabaseEngine, 'DatabaseEngine'),
        enumProblem('topology', props.topology, DatabaseTopology, 'DatabaseTopology'),
        engineVersionProblem(this.engine, this.topology, props.engineVersion),
        props.instanceType && !Token.isUnresolved(props.instanceType.toString())
          ? instanceTypeProblem('instanceType', props.instanceType.toString().replace(/^db\./, ''), DATABASE_FAMILIES, 'r7g.large')
          : undefined,
      ].filter((p): p is string => p !== undefined),
      ...tokenProblems({
        readReplicas: props.readReplicas,
        allocatedStorageGiB: props.allocatedStorageGiB,
        maxAllocatedStorageGiB: props.maxAllocatedStorageGiB,
      }),
    ];
    if (problems.length > 0) {
      // A wrong engine or a token would only add confusing follow-up errors below.
      ValidationError.throwIfAny('HaDatabase: invalid properties', problems, this);
    }
    if (!Number.isInteger(replicaCount) || replicaCount < 0 || replicaCount > 15) {
      problems.push(`readReplicas is ${replicaCount}; use a whole number from 0 to 15 (the RDS and Aurora limit)`);
    }
    const retentionDays = props.backupRetention?.toDays() ?? MIN_STRICT_BACKUP_DAYS;
    const minimum = strict ? MIN_STRICT_BACKUP_DAYS : MIN_BACKUP_DAYS;
    if (!Token.isUnresolved(retentionDays) && (retentionDays < minimum || retentionDays > MAX_BACKUP_DAYS)) {
      problems.push(
        `backupRetention is ${retentionDays} days; keep ${minimum} to ${MAX_BACKUP_DAYS} days${strict ? ' (strict mode: production keeps at least two weeks)' : ''}`,
      );
    }
    problems.push(
      ...windowProblems(
        'preferredBackupWindow',
        props.preferredBackupWindow ?? '03:00-04:00',
        'preferredMaintenanceWindow',
        props.preferredMaintenanceWindow ?? 'sun:05:00-sun:06:00',
      ),
    );
    const storage = props.allocatedStorageGiB ?? 100;
    const maxStorage = props.maxAllocatedStorageGiB ?? 1000;
    if (storage < 20 || maxStorage < storage) {
      problems.push(
        `allocatedStorageGiB is ${storage} and maxAllocatedStorageGiB ${maxStorage}; use at least 20 GiB, with the ceiling at or above the allocation`,
      );
    }
    if (strict && props.removalPolicy === RemovalPolicy.DESTROY) {
      problems.push('removalPolicy is DESTROY; strict mode keeps a final snapshot (SNAPSHOT) or the database itself (RETAIN)');
    }
    if (strict && props.deletionProtection === false) {
      problems.push('deletionProtection is false; strict mode protects the database from deletion');
    }
    const backtrackHours = props.backtrackWindow?.toHours({ integral: false });
    if (backtrackHours !== undefined && (backtrackHours <= 0 || backtrackHours > 72)) {
      problems.push(`backtrackWindow is ${backtrackHours} hours; Aurora MySQL backtracks up to 72 hours`);
    }
    if (props.globalClusterIdentifier !== undefined) {
      problems.push(...globalClusterProblems(this.topology, props));
    } else if (props.credentialsSecretName !== undefined || props.credentialsReplicaRegions !== undefined) {
      problems.push(
        'credentialsSecretName and credentialsReplicaRegions apply to a global database only; set globalClusterIdentifier or remove them',
      );
    }
    if (this.topology === DatabaseTopology.AURORA_CLUSTER && props.multiAz === false) {
      problems.push('multiAz is false with an Aurora cluster; Aurora is Multi-AZ through its readers: set readReplicas instead');
    }
    ValidationError.throwIfAny('HaDatabase: invalid properties', problems, this);

    if (this.topology === DatabaseTopology.MULTI_AZ_INSTANCE && props.multiAz === false) {
      reportWeakening(
        this,
        strict,
        HaWarnings.SINGLE_AZ_DATABASE,
        'HaDatabase: multiAz is false, so the writer has no standby; losing its AZ stops writes until a replica is promoted by hand. Set multiAz: true.',
      );
    }
    if (this.topology === DatabaseTopology.AURORA_CLUSTER && replicaCount === 0) {
      reportWeakening(
        this,
        strict,
        HaWarnings.SINGLE_AZ_DATABASE,
        "HaDatabase: an Aurora cluster without readers has nothing to fail over to; losing the writer's AZ means waiting for a new instance (about 10 minutes). Set readReplicas to 1 or more.",
      );
    }
    const shared = this.topology === DatabaseTopology.AURORA_CLUSTER ? replicaCount + 1 > zones.length : replicaCount > zones.length;
    if (shared) {
      reportWeakening(
        this,
        strict,
        HaWarnings.REPLICAS_SHARE_AZ,
        `HaDatabase: readReplicas is ${replicaCount} over ${zones.length} AZs, so some replicas share an AZ and fail together. Use at most ${this.topology === DatabaseTopology.AURORA_CLUSTER ? zones.length - 1 : zones.length} or add AZs to the network.`,
      );
    }
  }
}

/** An AWS::RDS::GlobalCluster identifier (its CloudFormation schema's pattern). */
export const GLOBAL_CLUSTER_IDENTIFIER = /^[a-zA-Z](?:-?[a-zA-Z0-9]){0,62}$/;

/** Problems with the global-database props of an HaDatabase. */
function globalClusterProblems(topology: DatabaseTopology, props: HaDatabaseProps): string[] {
  const problems: string[] = [];
  const identifier = props.globalClusterIdentifier!;
  if (topology !== DatabaseTopology.AURORA_CLUSTER) {
    problems.push(
      `globalClusterIdentifier is set with topology ${topology}; an Aurora Global Database needs DatabaseTopology.AURORA_CLUSTER (an RDS instance replicates across Regions with HaCrossRegionReplica)`,
    );
  }
  if (!Token.isUnresolved(identifier) && !GLOBAL_CLUSTER_IDENTIFIER.test(identifier)) {
    problems.push(
      `globalClusterIdentifier '${identifier}' is not a global cluster identifier: a letter, then up to 62 letters, digits and single hyphens (e.g. 'prod-database')`,
    );
  }
  if (props.backtrackWindow !== undefined) {
    problems.push('backtrackWindow is set on a global database; Aurora Global Database does not support Backtrack: remove it');
  }
  // "Version 3.01.0 and higher" in every Region that lists Aurora MySQL 3 (Aurora User Guide, "Supported
  // Regions and DB engines for Aurora global databases", read 2026-11-29).
  const version = props.engineVersion;
  if (props.engine === DatabaseEngine.MYSQL && version !== undefined && /^3\.00\./.test(version)) {
    problems.push(`engineVersion is '${version}'; Aurora Global Database runs Aurora MySQL 3.01.0 and higher: upgrade first`);
  }
  return problems;
}
