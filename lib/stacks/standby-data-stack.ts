import { Duration, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { cacheFromProfile } from './profile-cache';
import { EnvironmentProfile } from '../config/environment-profile';
import { HaCache } from '../data/ha-cache';
import { HaCrossRegionReplica } from '../data/ha-cross-region-replica';
import { HaGlobalSecondaryCluster } from '../data/ha-global-secondary-cluster';
import { HaNetwork } from '../network/ha-network';

/** Properties of {@link StandbyDataStack}. */
export interface StandbyDataStackProps extends StackProps {
  /** The standby environment's profile (from `standbyProfile`). */
  readonly profile: EnvironmentProfile;
  /** The standby's network (from its Network stack). */
  readonly network: HaNetwork;
  /**
   * ARN of the primary's DB instance (`secondaryRegion.sourceDatabaseInstanceArn`): RDS instance topology.
   *
   * @default - no cross-region replica
   */
  readonly sourceDatabaseInstanceArn?: string;
  /**
   * Identifier of the primary's Aurora Global Database (`globalClusterIdentifier(profile)`): Aurora topology.
   *
   * @default - no global secondary cluster
   */
  readonly globalClusterIdentifier?: string;
  /**
   * Name of the primary's replicated master credentials secret; required with `globalClusterIdentifier`.
   *
   * @default - none
   */
  readonly credentialsSecretName?: string;
  /** The standby's alarm topic. */
  readonly alarmTopic: sns.ITopic;
  /**
   * Lag above which the replication lag alarm fires (`secondaryRegion.maxReplicaLag`).
   *
   * @default Duration.minutes(5)
   */
  readonly maxReplicaLag?: Duration;
}

/**
 * The standby's stateful stack (docs/adr/0080, 0085, 0086): the primary's database replicated into
 * this Region (a cross-region replica of an RDS instance, or the secondary cluster of an Aurora Global
 * Database), which becomes the writer on promotion, and a cold cache of the primary's shape.
 * Termination-protected as the primary's Data stack; the construct IDs 'Replica', 'GlobalSecondary'
 * and 'Cache' are part of every logical ID: never rename them.
 */
export class StandbyDataStack extends Stack {
  /** The cross-region replica (RDS instance topology). */
  public readonly replica?: HaCrossRegionReplica;
  /** The Aurora Global Database's secondary cluster (Aurora topology). */
  public readonly secondaryCluster?: HaGlobalSecondaryCluster;
  /** The cold cache: empty until the standby serves (docs/adr/0086). */
  public readonly cache: HaCache;

  constructor(scope: Construct, id: string, props: StandbyDataStackProps) {
    super(scope, id, props);
    const { profile } = props;
    const database = profile.data.database;
    const protection = profile.protection;
    if (props.sourceDatabaseInstanceArn) {
      this.replica = new HaCrossRegionReplica(this, 'Replica', {
        network: props.network,
        sourceDatabaseInstanceArn: props.sourceDatabaseInstanceArn,
        alarmTopic: props.alarmTopic,
        engine: database.engine,
        instanceType: database.instanceType,
        multiAz: database.multiAz,
        maxAllocatedStorageGiB: database.maxAllocatedStorageGiB,
        maxReplicaLag: props.maxReplicaLag,
        alarmNamePrefix: `${profile.name}-data`,
        deletionProtection: protection.deletionProtection,
        // After promotion the replica is the only copy: kept unless the environment is thrown away.
        removalPolicy: protection.statefulRemovalPolicy === RemovalPolicy.DESTROY ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
        logRetention: protection.logRetention,
      });
    }
    if (props.globalClusterIdentifier) {
      this.secondaryCluster = new HaGlobalSecondaryCluster(this, 'GlobalSecondary', {
        network: props.network,
        globalClusterIdentifier: props.globalClusterIdentifier,
        credentialsSecretName: props.credentialsSecretName!,
        alarmTopic: props.alarmTopic,
        engine: database.engine,
        instanceType: database.instanceType,
        readReplicas: database.readReplicas,
        backupRetention: database.backupRetention,
        maxReplicaLag: props.maxReplicaLag,
        alarmNamePrefix: `${profile.name}-data`,
        deletionProtection: protection.deletionProtection,
        removalPolicy: protection.statefulRemovalPolicy,
        logRetention: protection.logRetention,
      });
    }
    // Cold: the same shape as the primary's, its own key and token; filled by the application on failover.
    this.cache = cacheFromProfile(this, props.network, profile);
  }

  /** The replicated database's alarms (replication lag): lost redundancy, not user impact. */
  public get databaseAlarms(): cloudwatch.IAlarm[] {
    return [...(this.replica?.alarms ?? []), ...(this.secondaryCluster?.alarms ?? [])];
  }

  /**
   * Lets the standby's web services reach the database and the cache, and read the cache's token and
   * (Aurora) the replicated master credentials, by rules and policies on their side only.
   */
  public allowWebTier(peer: ec2.IConnectable, roles: iam.IGrantable[]): void {
    this.replica?.allowFrom(peer);
    this.secondaryCluster?.allowFrom(peer);
    this.cache.allowFrom(peer);
    for (const role of roles) {
      this.secondaryCluster?.grantSecretRead(role);
      this.cache.grantAuthTokenRead(role);
    }
  }
}
