import { Duration, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { EnvironmentProfile } from '../config/environment-profile';
import { HaCrossRegionReplica } from '../data/ha-cross-region-replica';
import { HaNetwork } from '../network/ha-network';

/** Properties of {@link StandbyDataStack}. */
export interface StandbyDataStackProps extends StackProps {
  /** The standby environment's profile (from `standbyProfile`). */
  readonly profile: EnvironmentProfile;
  /** The standby's network (from its Network stack). */
  readonly network: HaNetwork;
  /** ARN of the primary's DB instance (`secondaryRegion.sourceDatabaseInstanceArn`). */
  readonly sourceDatabaseInstanceArn: string;
  /** The standby's alarm topic. */
  readonly alarmTopic: sns.ITopic;
  /**
   * Lag above which the replica's lag alarm fires (`secondaryRegion.maxReplicaLag`).
   *
   * @default Duration.minutes(5)
   */
  readonly maxReplicaLag?: Duration;
}

/**
 * The standby's stateful stack (docs/adr/0080): the cross-region replica of the primary's database,
 * which becomes the writer on promotion. Termination-protected as the primary's Data stack; the
 * construct ID 'Replica' is part of every logical ID: never rename it.
 */
export class StandbyDataStack extends Stack {
  /** The cross-region replica. */
  public readonly replica: HaCrossRegionReplica;

  constructor(scope: Construct, id: string, props: StandbyDataStackProps) {
    super(scope, id, props);
    const { profile } = props;
    const database = profile.data.database;
    const protection = profile.protection;
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
}
