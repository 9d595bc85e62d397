import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { DatabaseEngine } from './database-engine';
import { HaNetwork } from '../network/ha-network';

/**
 * What a warm standby's copy of the primary database needs whatever its topology: a cross-Region
 * read replica ({@link HaCrossRegionReplica}) or an Aurora global secondary ({@link HaGlobalSecondaryCluster}).
 */
export interface StandbyDatabaseProps {
  /** The standby Region's network: the copy goes into its data (isolated) subnets. */
  readonly network: HaNetwork;
  /** Topic the replication-lag alarm notifies (ALARM and OK), in the standby's Region. */
  readonly alarmTopic: sns.ITopic;
  /**
   * The primary's engine; the parameter group (TLS forced) follows it.
   *
   * @default DatabaseEngine.POSTGRES
   */
  readonly engine?: DatabaseEngine;
  /**
   * The primary's engine version, as given to `HaDatabase`: a copy runs its primary's version.
   *
   * @default - HaDatabase's default version of the engine (for Aurora, its default Aurora version)
   */
  readonly engineVersion?: string;
  /**
   * Instance class of the copy; the writer's after promotion.
   *
   * @default db.r7g.large - as HaDatabase's default writer
   */
  readonly instanceType?: ec2.InstanceType;
  /**
   * Replication lag above which the lag alarm fires after 3 one-minute periods: the Region-loss RPO
   * claimable while the alarm is OK.
   *
   * @default Duration.minutes(5)
   */
  readonly maxReplicaLag?: Duration;
  /**
   * Prefix of the alarm's name, e.g. `prod-us-west-2-data`.
   *
   * @default - CloudFormation names the alarm
   */
  readonly alarmNamePrefix?: string;
  /**
   * Deletion protection. After promotion the copy is the environment's writer.
   *
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Retention of the exported engine logs.
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
}
