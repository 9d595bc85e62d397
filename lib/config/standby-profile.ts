import { EnvironmentProfile } from './environment-profile';
import { CapacityRequirement } from '../web/capacity-plan';

/**
 * The Aurora Global Database identifier of a profile with a standby: `<name>-database`. Fixed, so that
 * the standby's secondary cluster names the primary's global cluster without a cross-Stage
 * reference (docs/adr/0085). Never change it once deployed: CloudFormation replaces the global cluster.
 */
export function globalClusterIdentifier(profile: EnvironmentProfile): string {
  return `${profile.name}-database`;
}

/**
 * Name of the primary's master credentials secret in a global database (`<name>/database/master`),
 * which Secrets Manager replicates to the standby's Region under the same name (docs/adr/0085).
 */
export function databaseCredentialsSecretName(profile: EnvironmentProfile): string {
  return `${profile.name}/database/master`;
}

/** The Stage (and environment) name of a profile's standby: `<name>-<region>`, e.g. `prod-us-west-2`. */
export function standbyName(profile: EnvironmentProfile): string {
  if (!profile.secondaryRegion) {
    throw new Error(`standbyName: profile '${profile.name}' has no secondaryRegion`);
  }
  return `${profile.name}-${profile.secondaryRegion.region}`;
}

/**
 * A web service's standby capacity: `ceil(baseline x percent / 100)`, at least 1, with the primary's
 * maximum kept so that the standby scales up to the primary's size when failover sends it traffic.
 */
export function standbyCapacity(capacity: CapacityRequirement, capacityPercent: number): CapacityRequirement {
  // Rounded to 6 decimals first so that 3 x 100 % is 3, not ceil(3.0000000000000004).
  const share = Math.round(((capacity.baseline * capacityPercent) / 100) * 1e6) / 1e6;
  return { baseline: Math.max(1, Math.ceil(share)), maximum: capacity.maximum };
}

/**
 * The profile of a primary's warm standby (docs/adr/0080): the same environment moved to
 * `secondaryRegion` (its Region, AZs, VPC CIDR and certificate), every web service's and the order
 * workers' baseline reduced to `capacityPercent`, and no standby of its own. Alarms, tags and the environment metadata carry
 * the standby's name, so the two Regions' alarms never share a name.
 *
 * @throws Error when the profile has no `secondaryRegion` (callers check first)
 */
export function standbyProfile(profile: EnvironmentProfile): EnvironmentProfile {
  const standby = profile.secondaryRegion;
  if (!standby) {
    throw new Error(`standbyProfile: profile '${profile.name}' has no secondaryRegion`);
  }
  const percent = standby.capacityPercent;
  const { secondaryRegion: _primaryOnly, ...rest } = profile;
  return {
    ...rest,
    name: standbyName(profile),
    region: standby.region,
    availabilityZones: standby.availabilityZones,
    network: { ...profile.network, vpcCidr: standby.vpcCidr ?? profile.network.vpcCidr },
    web: {
      ...profile.web,
      // ACM certificates are regional: the primary's ARN would not resolve in the standby's Region.
      certificateArn: standby.certificateArn,
      capacity: standbyCapacity(profile.web.capacity, percent),
      services: profile.web.services.map((service) => ({ ...service, capacity: standbyCapacity(service.capacity, percent) })),
    },
    // The workers scale on backlog per worker, so they grow with the queue failover sends them (docs/adr/0086).
    messaging: { ...profile.messaging, workerCapacity: standbyCapacity(profile.messaging.workerCapacity, percent) },
  };
}
