import { Token } from 'aws-cdk-lib';
import { EnvironmentProfile } from './environment-profile';
import { globalClusterIdentifier } from './standby-profile';
import { DatabaseTopology } from '../data/database-engine';
import { GLOBAL_CLUSTER_IDENTIFIER } from '../data/ha-database';
import { availabilityZoneProblems } from '../private/availability-zones';
import { parseIpv4Cidr } from '../private/cidr';

/** An AWS Region name: `us-east-1`, `us-gov-west-1`, `us-iso-east-1`. */
export const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d+$/;

/**
 * Problems with a profile's `secondaryRegion` (docs/adr/0080), each naming the property, the value
 * and the fix; empty when there is no standby or it is usable.
 */
export function secondaryRegionProblems(profile: EnvironmentProfile): string[] {
  const standby = profile.secondaryRegion;
  if (standby === undefined) {
    return [];
  }
  const problems: string[] = [];
  const { region, availabilityZones, capacityPercent, vpcCidr, sourceDatabaseInstanceArn, maxReplicaLag } = standby;
  if (!REGION_PATTERN.test(region)) {
    problems.push(`secondaryRegion.region '${region}' is not an AWS region name such as 'us-west-2'`);
  } else if (region === profile.region) {
    problems.push(
      `secondaryRegion.region is '${region}', the primary's own region; a standby in the same Region does not survive its loss: name another Region`,
    );
  }
  const standbyName = `${profile.name}-${region}`;
  if (standbyName.length > 16) {
    // The standby's alarms start with its name, which HaMonitoring caps at 16 characters.
    problems.push(
      `the standby's name '${standbyName}' (name-region) has ${standbyName.length} characters; alarm names allow 16: shorten the profile's name`,
    );
  }
  problems.push(...availabilityZoneProblems('secondaryRegion.availabilityZones', availabilityZones, region));
  const minimumAzs = profile.availability.minAvailabilityZones;
  if (availabilityZones.length < minimumAzs) {
    problems.push(
      `secondaryRegion.availabilityZones has ${availabilityZones.length} AZs; the environment promises at least ${minimumAzs} (availability.minAvailabilityZones), and so must the Region it fails over to`,
    );
  }
  if (profile.network.natGateways > availabilityZones.length) {
    problems.push(
      `secondaryRegion.availabilityZones has ${availabilityZones.length} AZs, fewer than network.natGateways (${profile.network.natGateways}); the standby's network is built with the same NAT gateways: name more AZs`,
    );
  }
  if (typeof capacityPercent !== 'number' || !Number.isFinite(capacityPercent) || capacityPercent <= 0 || capacityPercent > 100) {
    problems.push(
      `secondaryRegion.capacityPercent is ${capacityPercent}; give a percentage of the primary's baseline above 0 and at most 100 (e.g. 50)`,
    );
  }
  if (vpcCidr !== undefined && !parseIpv4Cidr(vpcCidr)) {
    problems.push(`secondaryRegion.vpcCidr '${vpcCidr}' is not an IPv4 CIDR block such as '10.40.0.0/16'`);
  }
  const certificate = standby.certificateArn;
  if (certificate !== undefined) {
    const arn = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate\/[A-Za-z0-9-]+$/.exec(certificate);
    if (!arn) {
      problems.push(
        `secondaryRegion.certificateArn '${certificate}' is not an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)`,
      );
    } else if (arn[1] !== region) {
      problems.push(
        `secondaryRegion.certificateArn is in ${arn[1]}, not in the standby's region ${region}; ACM certificates are regional: issue one in ${region}`,
      );
    }
  }
  if (sourceDatabaseInstanceArn !== undefined) {
    const arn = /^arn:aws[a-z-]*:rds:([a-z0-9-]+):\d{12}:db:[a-z][a-z0-9-]*$/.exec(sourceDatabaseInstanceArn);
    if (!arn) {
      problems.push(
        `secondaryRegion.sourceDatabaseInstanceArn '${sourceDatabaseInstanceArn}' is not a DB instance ARN (arn:aws:rds:<region>:<account>:db:<identifier>); copy the primary Data stack's DatabaseInstanceArn output`,
      );
    } else if (arn[1] !== profile.region) {
      problems.push(
        `secondaryRegion.sourceDatabaseInstanceArn names a database in ${arn[1]}, not in the primary region ${profile.region}; copy the primary Data stack's DatabaseInstanceArn output`,
      );
    }
  }
  if (profile.data.database.topology === DatabaseTopology.AURORA_CLUSTER) {
    problems.push(...auroraGlobalDatabaseProblems(profile));
  }
  if (maxReplicaLag !== undefined) {
    if (Token.isUnresolved(maxReplicaLag.toSeconds())) {
      problems.push('secondaryRegion.maxReplicaLag is a token; give a Duration known at synth, e.g. Duration.minutes(5)');
    } else if (maxReplicaLag.toSeconds() < 1) {
      problems.push(
        `secondaryRegion.maxReplicaLag is ${maxReplicaLag.toSeconds()} s; replication is asynchronous, give at least 1 second (e.g. Duration.minutes(5))`,
      );
    }
  }
  return problems;
}

/**
 * What an Aurora Global Database does not support, for an Aurora profile with a standby (docs/adr/0085):
 * its identifier (`<name>-database`) must be a valid one, the engine version one that global databases
 * run, and the standby is not fed by an instance ARN.
 */
function auroraGlobalDatabaseProblems(profile: EnvironmentProfile): string[] {
  const problems: string[] = [];
  const identifier = globalClusterIdentifier(profile);
  if (!GLOBAL_CLUSTER_IDENTIFIER.test(identifier)) {
    problems.push(
      `name '${profile.name}' gives the global cluster identifier '${identifier}', which is not one (a letter, then letters, digits and single hyphens, 63 at most): rename the profile`,
    );
  }
  if (profile.secondaryRegion?.sourceDatabaseInstanceArn !== undefined) {
    problems.push(
      'secondaryRegion.sourceDatabaseInstanceArn is set on an Aurora profile; the standby joins the global database by its identifier (docs/adr/0085): remove it',
    );
  }
  return problems;
}
