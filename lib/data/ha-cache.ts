import { Duration, Fn, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { CacheTokenRotation } from './cache-token-rotation';
import { placeReplicas } from './replica-placement';
import { ValidationError } from '../errors';
import { HaNetwork } from '../network/ha-network';
import { createEncryptedLogGroup } from '../private/encrypted-log-group';
import { acknowledgeExplicitAvailabilityZones } from '../private/explicit-availability-zones';
import {
  delegateSecretDecryptionToIam,
  grantSecretReadThroughPrincipal,
  secretGrantedByPrincipalPolicy,
} from '../private/grant-secret-read';
import { windowProblems } from '../private/maintenance-windows';
import { CACHE_FAMILIES, instanceTypeProblem } from '../private/instance-families';
import { enumProblem, tokenProblems } from '../private/synth-time-values';
import { HaWarnings, reportWeakening } from '../warnings';

/**
 * Cache engines with replication and automatic failover. Memcached is not offered: it has no
 * replication, so a node's loss loses its share of the keys and nothing fails over.
 */
export enum CacheEngine {
  VALKEY = 'valkey',
  REDIS = 'redis',
}

/**
 * Engine versions HaCache builds, and the parameter-group family of each (ElastiCache
 * "Supported engines and versions", read 2026-11). The first of each engine is the default.
 */
const ENGINE_VERSIONS: Record<CacheEngine, Record<string, string>> = {
  [CacheEngine.VALKEY]: { '8.1': 'valkey8', '8.0': 'valkey8', '7.2': 'valkey7' },
  [CacheEngine.REDIS]: { '7.1': 'redis7', '7.0': 'redis7', '6.2': 'redis6.x' },
};

const PORT = 6379;
/** ElastiCache keeps snapshots for at most 35 days. */
const MAX_SNAPSHOT_DAYS = 35;
/** Secrets Manager's `rate()` schedules run every 1 to 1000 days (Secrets Manager User Guide, "Rate expressions", read 2026-11-29). */
const MAX_ROTATION_DAYS = 1000;

/** Properties of {@link HaCache}. */
export interface HaCacheProps {
  /** The network: nodes go into its data (isolated) subnets, spread over its AZs. */
  readonly network: HaNetwork;

  /**
   * Engine.
   *
   * @default CacheEngine.VALKEY
   */
  readonly engine?: CacheEngine;

  /**
   * Engine version; the parameter group's family follows from it. Valkey 8.1, 8.0 or 7.2;
   * Redis OSS 7.1, 7.0 or 6.2.
   *
   * @default - Valkey 8.1, Redis OSS 7.1
   */
  readonly engineVersion?: string;

  /**
   * Node type, with its `cache.` prefix; checked against the families this library supports.
   *
   * @default 'cache.r7g.large'
   */
  readonly cacheNodeType?: string;

  /**
   * Shards. More than one turns cluster mode on (keys partitioned over shards).
   *
   * @default 1 - cluster mode off
   */
  readonly shards?: number;

  /**
   * Replicas per shard, each in an AZ other than its primary's while AZs last.
   *
   * @default - one fewer than the AZ count: one node per AZ
   */
  readonly replicasPerShard?: number;

  /**
   * How long daily snapshots are kept (0 to 35 days).
   *
   * @default Duration.days(7)
   */
  readonly snapshotRetention?: Duration;

  /**
   * Daily snapshot window, UTC `hh:mm-hh:mm`. Must not overlap the maintenance window.
   *
   * @default '03:00-05:00'
   */
  readonly snapshotWindow?: string;

  /**
   * Weekly maintenance window, UTC `ddd:hh:mm-ddd:hh:mm`.
   *
   * @default 'sun:06:00-sun:07:00'
   */
  readonly preferredMaintenanceWindow?: string;

  /**
   * Key for data at rest, the AUTH token secret and the log groups.
   *
   * @default - a new customer-managed key with rotation on
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * How often the AUTH token rotates, in whole days (1 to 1000): a function of this construct runs
   * ElastiCache's ROTATE, tests the new token over TLS, moves the secret's AWSCURRENT, then SETs
   * it (docs/adr/0054). Clients must re-read the secret when AUTH is refused.
   *
   * @default Duration.days(30) - and a first rotation when the schedule is first deployed
   */
  readonly authTokenRotationSchedule?: Duration;

  /**
   * Retention of the slow log, the engine log and the token rotation's log.
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * What CloudFormation does with the replication group when it leaves the template.
   *
   * @default RemovalPolicy.SNAPSHOT
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Turns availability-weakening choices (a single node) into errors.
   *
   * @default false
   */
  readonly strict?: boolean;
}

/**
 * A Valkey (or Redis OSS) replication group that survives losing an AZ: a primary and replicas
 * in distinct AZs, Multi-AZ with automatic failover, TLS in transit, KMS at rest, an AUTH token
 * from Secrets Manager that rotates itself (docs/adr/0054), logs to CloudWatch Logs, reachable
 * only from peers granted with {@link allowFrom}.
 */
export class HaCache extends Construct implements ec2.IConnectable {
  /** The replication group. */
  public readonly replicationGroup: elasticache.CfnReplicationGroup;
  /** The secret holding the AUTH token clients present; rotated on {@link HaCacheProps.authTokenRotationSchedule}. */
  public readonly authToken: secretsmanager.ISecret;
  /** The rotation of the AUTH token: its function, security group and schedule. */
  public readonly authTokenRotation: CacheTokenRotation;
  /** The key encrypting data at rest, the AUTH token and the logs. */
  public readonly encryptionKey: kms.IKey;
  /** Security group access to the cache port. */
  public readonly connections: ec2.Connections;
  /** Every node's AZ, shard by shard: primary first, then its replicas. */
  public readonly nodeAvailabilityZones: string[][];
  /** Whether cluster mode (several shards) is on. */
  public readonly clusterMode: boolean;

  constructor(scope: Construct, id: string, props: HaCacheProps) {
    super(scope, id);
    const { network } = props;
    const zones = network.availabilityZones;
    const engine = props.engine ?? CacheEngine.VALKEY;
    const shards = props.shards ?? 1;
    const replicas = props.replicasPerShard ?? zones.length - 1;
    this.clusterMode = shards > 1;
    this.validate(props, shards, replicas);

    this.encryptionKey =
      props.encryptionKey ??
      new kms.Key(this, 'Key', { enableKeyRotation: true, description: `Encrypts the ${id} cache, its AUTH token and its logs` });
    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: network.vpc,
      description: 'Cache: port 6379 from granted peers only',
      allowAllOutbound: false,
    });
    this.connections = new ec2.Connections({ securityGroups: [securityGroup], defaultPort: ec2.Port.tcp(PORT) });

    const subnetGroup = new elasticache.CfnSubnetGroup(this, 'SubnetGroup', {
      description: 'Isolated subnets of every AZ',
      subnetIds: network.vpc.selectSubnets(network.dataSubnets).subnetIds,
    });

    const authToken = new secretsmanager.Secret(this, 'AuthToken', {
      description: `AUTH token of the ${id} cache`,
      encryptionKey: this.encryptionKey,
      // ElastiCache AUTH tokens: 16-128 printable characters, none of @ " / (ElastiCache User Guide, AUTH).
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });

    delegateSecretDecryptionToIam(this.encryptionKey);
    // Grants on authToken go to the grantee's policy only, so a role in a dependent stack can be granted.
    this.authToken = secretGrantedByPrincipalPolicy(this, 'AuthTokenReference', authToken, this.encryptionKey);

    // Shard i's primary starts one AZ later than shard i-1's, so primaries spread too.
    this.nodeAvailabilityZones = Array.from({ length: shards }, (_, shard) => {
      const primary = zones[shard % zones.length];
      return [primary, ...placeReplicas(zones, replicas, primary)];
    });

    const logDelivery = (
      logType: 'slow-log' | 'engine-log',
      logId: string,
    ): elasticache.CfnReplicationGroup.LogDeliveryConfigurationRequestProperty => ({
      logType,
      logFormat: 'json',
      destinationType: 'cloudwatch-logs',
      destinationDetails: {
        cloudWatchLogsDetails: {
          logGroup: createEncryptedLogGroup(this, logId, {
            retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
            encryptionKey: this.encryptionKey,
          }).logGroupName,
        },
      },
    });

    const versions = ENGINE_VERSIONS[engine];
    const engineVersion = props.engineVersion ?? Object.keys(versions)[0];
    const family = versions[engineVersion];
    this.replicationGroup = new elasticache.CfnReplicationGroup(this, 'ReplicationGroup', {
      replicationGroupDescription: `${id}: primary and replicas over ${zones.join(', ')}`,
      engine,
      engineVersion,
      cacheParameterGroupName: `default.${family}${this.clusterMode ? '.cluster.on' : ''}`,
      cacheNodeType: props.cacheNodeType ?? 'cache.r7g.large',
      cacheSubnetGroupName: subnetGroup.ref,
      securityGroupIds: [securityGroup.securityGroupId],
      port: PORT,
      multiAzEnabled: replicas > 0,
      automaticFailoverEnabled: replicas > 0 || this.clusterMode,
      clusterMode: this.clusterMode ? 'enabled' : 'disabled',
      numNodeGroups: shards,
      replicasPerNodeGroup: replicas,
      nodeGroupConfiguration: this.nodeAvailabilityZones.map(([primary, ...replicaZones], shard) => ({
        nodeGroupId: String(shard + 1).padStart(4, '0'),
        primaryAvailabilityZone: primary,
        replicaAvailabilityZones: replicaZones,
        replicaCount: replicas,
      })),
      transitEncryptionEnabled: true,
      transitEncryptionMode: 'required',
      atRestEncryptionEnabled: true,
      kmsKeyId: this.encryptionKey.keyArn,
      authToken: authToken.secretValue.unsafeUnwrap(), // a {{resolve:secretsmanager:...}} reference, never the token
      autoMinorVersionUpgrade: true,
      snapshotRetentionLimit: (props.snapshotRetention ?? Duration.days(7)).toDays(),
      snapshotWindow: props.snapshotWindow ?? '03:00-05:00',
      preferredMaintenanceWindow: props.preferredMaintenanceWindow ?? 'sun:06:00-sun:07:00',
      logDeliveryConfigurations: [logDelivery('slow-log', 'SlowLog'), logDelivery('engine-log', 'EngineLog')],
    });
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.SNAPSHOT;
    this.replicationGroup.applyRemovalPolicy(removalPolicy);
    // A kept snapshot is useless without the token to reach a group restored from it; secrets cannot be snapshotted, so keep it.
    authToken.applyRemovalPolicy(removalPolicy === RemovalPolicy.DESTROY ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN);
    acknowledgeExplicitAvailabilityZones(this);

    this.authTokenRotation = new CacheTokenRotation(this, 'TokenRotation', {
      secret: authToken,
      encryptionKey: this.encryptionKey,
      replicationGroup: this.replicationGroup,
      cacheConnections: this.connections,
      port: PORT,
      vpc: network.vpc,
      vpcSubnets: network.applicationSubnets,
      schedule: props.authTokenRotationSchedule ?? Duration.days(30),
      logRetention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
    });
  }

  /** The primary endpoint (cluster mode off) or configuration endpoint (cluster mode on), for TLS clients. */
  public get endpointAddress(): string {
    return this.clusterMode ? this.replicationGroup.attrConfigurationEndPointAddress : this.replicationGroup.attrPrimaryEndPointAddress;
  }

  /** The reader endpoint (cluster mode off): reads spread over replicas, eventually consistent. */
  public get readerEndpointAddress(): string {
    return this.replicationGroup.attrReaderEndPointAddress;
  }

  /** Lets a peer reach the cache port; nothing else can. The rules live in the peer's stack (see HaDatabase.allowFrom). */
  public allowFrom(peer: ec2.IConnectable): void {
    peer.connections.allowTo(this, ec2.Port.tcp(PORT), 'cache clients');
  }

  /** Lets a role read the AUTH token (and decrypt it through Secrets Manager), by the role's own policy. */
  public grantAuthTokenRead(grantee: iam.IGrantable): iam.Grant {
    return grantSecretReadThroughPrincipal(this.authToken, this.encryptionKey, grantee);
  }

  /** Failed runs of the AUTH-token rotation (any of its steps), per 5 minutes: each one is a rotation that did not complete on that try. */
  public metricAuthTokenRotationErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.authTokenRotation.metricErrors(props);
  }

  /** Engine CPU of the busiest node, in percent. */
  public metricEngineCpuUtilization(props?: cloudwatch.MathExpressionOptions): cloudwatch.MathExpression {
    return this.overNodes('MAX', 'EngineCPUUtilization', 'Maximum', 'engine CPU (%)', props);
  }

  /** Memory used, in percent, on the fullest node. */
  public metricMemoryUsagePercent(props?: cloudwatch.MathExpressionOptions): cloudwatch.MathExpression {
    return this.overNodes('MAX', 'DatabaseMemoryUsagePercentage', 'Maximum', 'memory used (%)', props);
  }

  /** Keys evicted for lack of memory, over all nodes. */
  public metricEvictions(props?: cloudwatch.MathExpressionOptions): cloudwatch.MathExpression {
    return this.overNodes('SUM', 'Evictions', 'Sum', 'evictions', props);
  }

  /** Client connections, over all nodes. */
  public metricCurrentConnections(props?: cloudwatch.MathExpressionOptions): cloudwatch.MathExpression {
    return this.overNodes('SUM', 'CurrConnections', 'Maximum', 'connections', props);
  }

  /** Replication lag of the most lagging replica, in seconds: the staleness of reads from replicas. */
  public metricReplicationLag(props?: cloudwatch.MathExpressionOptions): cloudwatch.MathExpression {
    return this.overNodes('MAX', 'ReplicationLag', 'Maximum', 'replication lag (s)', props, true);
  }

  /** Nodes reporting metrics each minute; fewer than {@link nodeCount} means a node is down. */
  public metricNodesReporting(props?: cloudwatch.MathExpressionOptions): cloudwatch.MathExpression {
    return this.overNodes('SUM', 'EngineCPUUtilization', 'SampleCount', 'nodes reporting', props);
  }

  /** Whether shards have replicas (and so replication lag to report). */
  public get hasReplicas(): boolean {
    return this.nodeAvailabilityZones.some((nodes) => nodes.length > 1);
  }

  /** Nodes in the group: shards x (1 + replicas). */
  public get nodeCount(): number {
    return this.nodeAvailabilityZones.flat().length;
  }

  /**
   * One metric per member node, folded by metric math. ElastiCache publishes node metrics per
   * member cluster, named `<group>-<nnn>` (cluster mode off) or `<group>-<shard>-<nnn>` (on).
   */
  private overNodes(
    fold: 'MAX' | 'SUM',
    metricName: string,
    statistic: string,
    label: string,
    props?: cloudwatch.MathExpressionOptions,
    replicasOnly = false,
  ): cloudwatch.MathExpression {
    const usingMetrics: Record<string, cloudwatch.IMetric> = {};
    this.nodeAvailabilityZones.forEach((nodes, shard) => {
      nodes.forEach((_zone, node) => {
        if (replicasOnly && node === 0 && !this.clusterMode) {
          return; // cluster mode off: node 001 starts as the primary, which has no lag to report
        }
        const memberId = this.clusterMode
          ? Fn.join('-', [this.replicationGroup.ref, String(shard + 1).padStart(4, '0'), String(node + 1).padStart(3, '0')])
          : Fn.join('-', [this.replicationGroup.ref, String(node + 1).padStart(3, '0')]);
        usingMetrics[`${metricName.toLowerCase()}_${shard}_${node}`] = new cloudwatch.Metric({
          namespace: 'AWS/ElastiCache',
          metricName,
          dimensionsMap: { CacheClusterId: memberId },
          statistic,
          period: Duration.minutes(1),
        });
      });
    });
    return new cloudwatch.MathExpression({
      expression: `${fold}([${Object.keys(usingMetrics).join(', ')}])`,
      usingMetrics,
      label: `cache ${label}`,
      period: Duration.minutes(1),
      ...props,
    });
  }

  private validate(props: HaCacheProps, shards: number, replicas: number): void {
    const zones = props.network.availabilityZones;
    const nodeType = props.cacheNodeType;
    const early = [
      enumProblem('engine', props.engine, CacheEngine, 'CacheEngine'),
      ...tokenProblems({ shards: props.shards, replicasPerShard: props.replicasPerShard }),
      nodeType !== undefined && !Token.isUnresolved(nodeType)
        ? nodeType.startsWith('cache.')
          ? instanceTypeProblem('cacheNodeType', nodeType.slice('cache.'.length), CACHE_FAMILIES, 'cache.r7g.large')
          : `cacheNodeType is '${nodeType}'; ElastiCache node types start with 'cache.', e.g. 'cache.${nodeType}'`
        : undefined,
    ].filter((p): p is string => p !== undefined);
    const versions = ENGINE_VERSIONS[props.engine ?? CacheEngine.VALKEY];
    if (versions && props.engineVersion !== undefined && !(props.engineVersion in versions)) {
      early.push(
        `engineVersion is '${props.engineVersion}'; for ${props.engine ?? CacheEngine.VALKEY} use ${Object.keys(versions).join(', ')}`,
      );
    }
    // A wrong engine or a token would only add confusing follow-up errors below.
    ValidationError.throwIfAny('HaCache: invalid properties', early, this);
    const problems: string[] = [];
    if (!Number.isInteger(shards) || shards < 1 || shards > 500) {
      problems.push(`shards is ${shards}; use a whole number from 1 to 500`);
    }
    if (!Number.isInteger(replicas) || replicas < 0 || replicas > 5) {
      problems.push(`replicasPerShard is ${replicas}; ElastiCache allows 0 to 5`);
    }
    if (replicas + 1 > zones.length && Number.isInteger(replicas)) {
      problems.push(
        `replicasPerShard is ${replicas}, so a shard's ${replicas + 1} nodes need ${replicas + 1} AZs but the network has ${zones.length}; use at most ${zones.length - 1} so that every node of a shard is in its own AZ`,
      );
    }
    const retention = (props.snapshotRetention ?? Duration.days(7)).toDays();
    if (retention < 1 || retention > MAX_SNAPSHOT_DAYS) {
      problems.push(`snapshotRetention is ${retention} days; keep 1 to ${MAX_SNAPSHOT_DAYS} days of snapshots`);
    }
    problems.push(
      ...windowProblems(
        'snapshotWindow',
        props.snapshotWindow ?? '03:00-05:00',
        'preferredMaintenanceWindow',
        props.preferredMaintenanceWindow ?? 'sun:06:00-sun:07:00',
      ),
    );
    const rotation = props.authTokenRotationSchedule;
    if (rotation !== undefined && !rotation.isUnresolved()) {
      const days = rotation.toHours({ integral: false }) / 24;
      if (!Number.isInteger(days) || days < 1 || days > MAX_ROTATION_DAYS) {
        problems.push(
          `authTokenRotationSchedule is ${rotation.toHumanString()}; use whole days from 1 to ${MAX_ROTATION_DAYS}, e.g. Duration.days(30)`,
        );
      }
    }
    if ((props.strict ?? false) && props.removalPolicy === RemovalPolicy.DESTROY) {
      problems.push('removalPolicy is DESTROY; strict mode keeps a final snapshot (SNAPSHOT) or the group itself (RETAIN)');
    }
    ValidationError.throwIfAny('HaCache: invalid properties', problems, this);
    if (replicas === 0) {
      reportWeakening(
        this,
        props.strict ?? false,
        HaWarnings.SINGLE_NODE_CACHE,
        'HaCache: replicasPerShard is 0, so each shard is one node with no replica to fail over to; losing its AZ loses its keys. Use 1 or more.',
      );
    }
  }
}
