import { CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { cacheFromProfile } from './profile-cache';
import { EnvironmentProfile } from '../config/environment-profile';
import { databaseCredentialsSecretName, globalClusterIdentifier } from '../config/standby-profile';
import { DatabaseTopology } from '../data/database-engine';
import { HaCache } from '../data/ha-cache';
import { HaDatabase } from '../data/ha-database';
import { HaNetwork } from '../network/ha-network';

/** Properties of {@link DataStack}. */
export interface DataStackProps extends StackProps {
  /** The environment. */
  readonly profile: EnvironmentProfile;
  /** The environment's network (from its Network stack). */
  readonly network: HaNetwork;
}

/**
 * The environment's stateful resources: database and cache. Deployed rarely, termination-protected
 * in production, and their construct IDs ('Database', 'Cache') are part of every logical ID: never rename them.
 */
export class DataStack extends Stack {
  /** The database. */
  public readonly database: HaDatabase;
  /** The cache. */
  public readonly cache: HaCache;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { profile, network } = props;
    const { database } = profile.data;
    const protection = profile.protection;
    // An Aurora profile with a standby is the primary of a global database (docs/adr/0085).
    const global = profile.secondaryRegion !== undefined && database.topology === DatabaseTopology.AURORA_CLUSTER;
    this.database = new HaDatabase(this, 'Database', {
      network,
      engine: database.engine,
      topology: database.topology,
      instanceType: database.instanceType,
      multiAz: database.multiAz,
      readReplicas: database.readReplicas,
      backupRetention: database.backupRetention,
      allocatedStorageGiB: database.allocatedStorageGiB,
      maxAllocatedStorageGiB: database.maxAllocatedStorageGiB,
      deletionProtection: protection.deletionProtection,
      removalPolicy: protection.statefulRemovalPolicy,
      logRetention: protection.logRetention,
      strict: profile.strict,
      globalClusterIdentifier: global ? globalClusterIdentifier(profile) : undefined,
      credentialsSecretName: global ? databaseCredentialsSecretName(profile) : undefined,
      credentialsReplicaRegions: global ? [profile.secondaryRegion!.region] : undefined,
    });
    this.cache = cacheFromProfile(this, network, profile);
    if (profile.secondaryRegion && this.database.instance) {
      // What the standby's replica names as its source (docs/adr/0080): known only once deployed,
      // since the instance's identifier is CloudFormation's. Only for profiles with a standby.
      new CfnOutput(this, 'DatabaseInstanceArn', {
        value: this.database.instance.instanceArn,
        description: `Copy into secondaryRegion.sourceDatabaseInstanceArn of profile '${profile.name}' to build its standby's replica`,
      });
    }
  }
}
