import { RemovalPolicy } from 'aws-cdk-lib';
import { availabilityPolicyProblems } from './availability-policy';
import { EnvironmentProfile, ServicePlacement } from './environment-profile';
import { failoverRecordProblems } from './validate-failover-record';
import { REGION_PATTERN, secondaryRegionProblems } from './validate-secondary-region';
import { PROFILES } from './profiles';
import { ValidationError } from '../errors';
import { ALL_GUARANTEE_CHECKS } from '../guarantees/all-checks';
import { availabilityZoneProblems } from '../private/availability-zones';
import { practiceRunBlockProblems } from '../web/ha-zonal-autoshift';

const NAME_PATTERN = /^[a-z][a-z0-9-]{0,15}$/;

/**
 * Checks a profile before anything is built from it, so that a typo fails with the
 * profile's name, the field, the value and the fix rather than deep inside a construct.
 *
 * @returns the profile, unchanged
 * @throws ValidationError listing every problem found
 */
export function validateProfile(profile: EnvironmentProfile): EnvironmentProfile {
  const label = `Environment profile '${profile.name}'`;
  const problems: string[] = [];

  if (!NAME_PATTERN.test(profile.name)) {
    problems.push(`name '${profile.name}' must be 1-16 lowercase letters, digits or '-', starting with a letter (it prefixes alarm names)`);
  }
  if (!REGION_PATTERN.test(profile.region)) {
    problems.push(`region '${profile.region}' is not an AWS region name such as 'us-east-1'`);
  }
  problems.push(...availabilityZoneProblems('availabilityZones', profile.availabilityZones, profile.region));

  const nat = profile.network.natGateways;
  if (!Number.isInteger(nat) || nat < 1 || nat > profile.availabilityZones.length) {
    problems.push(`network.natGateways is ${nat}; use a whole number from 1 to ${profile.availabilityZones.length} (one per AZ)`);
  }

  const arn = profile.web.certificateArn;
  if (arn !== undefined && !/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/.test(arn)) {
    problems.push(`web.certificateArn '${arn}' is not an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)`);
  }
  const placements: string[] = Object.values(ServicePlacement);
  for (const service of profile.web.services) {
    if (service.placement !== undefined && !placements.includes(service.placement)) {
      problems.push(
        `web.services '${service.name}' has placement '${service.placement}'; use ${placements.map((p) => `'${p}'`).join(' or ')} (ServicePlacement)`,
      );
    }
  }
  const { domainName, hostedZoneId, hostedZoneName } = profile.web;
  if ((hostedZoneId === undefined) !== (hostedZoneName === undefined)) {
    problems.push('web.hostedZoneId and web.hostedZoneName go together; give both (the zone ID and its name, e.g. example.org) or neither');
  } else if (hostedZoneName !== undefined) {
    if (!domainName) {
      problems.push(`web.hostedZoneName is '${hostedZoneName}' but web.domainName is not set; give the domain to certify in that zone`);
    } else if (domainName !== hostedZoneName && !domainName.endsWith(`.${hostedZoneName}`)) {
      problems.push(
        `web.domainName '${domainName}' is not in the zone web.hostedZoneName '${hostedZoneName}'; ACM can only validate a name inside the zone`,
      );
    }
  }
  const autoshift = profile.web.zonalAutoshift;
  problems.push(...practiceRunBlockProblems('web.zonalAutoshift', autoshift.blockedWindows, autoshift.blockedDates));
  const minimumRequests = profile.monitoring.thresholds.azOutlierMinimumRequests;
  if (minimumRequests !== undefined && (!Number.isInteger(minimumRequests) || minimumRequests < 1)) {
    problems.push(
      `monitoring.thresholds.azOutlierMinimumRequests is ${minimumRequests}; give a whole number of requests per minute of at least 1, so that an AZ without traffic is never judged`,
    );
  }
  problems.push(...availabilityPolicyProblems(profile.availability, profile.strict, profile.availabilityZones.length));
  problems.push(...secondaryRegionProblems(profile));
  problems.push(...failoverRecordProblems(profile));
  if (profile.strict) {
    if (!autoshift.enabled) {
      problems.push(
        'web.zonalAutoshift.enabled is false; a strict (production) profile lets AWS shift traffic away from an impaired AZ (block practice runs with blockedWindows/blockedDates instead)',
      );
    }
    const p = profile.protection;
    if (!p.deletionProtection) {
      problems.push(
        'protection.deletionProtection is false; a strict (production) profile must protect databases and load balancers from deletion',
      );
    }
    if (!p.terminationProtection) {
      problems.push(
        'protection.terminationProtection is false; a strict (production) profile must protect the stateful stack from deletion',
      );
    }
    if (p.statefulRemovalPolicy !== RemovalPolicy.SNAPSHOT && p.statefulRemovalPolicy !== RemovalPolicy.RETAIN) {
      problems.push(
        `protection.statefulRemovalPolicy is ${p.statefulRemovalPolicy}; a strict (production) profile must use SNAPSHOT or RETAIN so no data is lost`,
      );
    }
    if ((profile.guaranteeWarnings ?? []).length > 0) {
      problems.push(
        `guaranteeWarnings has ${profile.guaranteeWarnings!.join(', ')}; in a strict (production) profile every guarantee finding is an error: remove them`,
      );
    }
    if (Object.keys(profile.acknowledgedWarnings).length > 0) {
      problems.push(
        `acknowledgedWarnings has ${Object.keys(profile.acknowledgedWarnings).join(', ')}; a strict (production) profile turns availability warnings into errors and cannot acknowledge them`,
      );
    }
  }
  for (const checkId of profile.guaranteeWarnings ?? []) {
    if (!ALL_GUARANTEE_CHECKS.some((c) => c.id === checkId)) {
      problems.push(
        `guaranteeWarnings has '${checkId}', which is no guarantee check; use one of ${ALL_GUARANTEE_CHECKS.map((c) => c.id).join(', ')}`,
      );
    }
  }
  for (const [id, reason] of Object.entries(profile.acknowledgedWarnings)) {
    if (reason.trim().length < 10) {
      problems.push(`acknowledgedWarnings['${id}'] needs a reason of a sentence, not '${reason}'`);
    }
  }

  ValidationError.throwIfAny(`${label} is invalid`, problems);
  return profile;
}

/**
 * Picks the profiles to synthesize.
 *
 * @param name a profile name from `-c env=NAME`, or undefined for all of them
 * @throws ValidationError when no profile has that name
 */
export function selectProfiles(name?: string, profiles: readonly EnvironmentProfile[] = PROFILES): EnvironmentProfile[] {
  if (name === undefined || name === '') {
    return profiles.map(validateProfile);
  }
  const found = profiles.find((p) => p.name === name);
  if (!found) {
    throw new ValidationError(
      `Unknown environment '${name}' (from -c env=${name}); choose one of: ${profiles.map((p) => p.name).join(', ')}`,
    );
  }
  return [validateProfile(found)];
}
