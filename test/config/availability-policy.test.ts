import { Duration } from 'aws-cdk-lib';
import {
  AvailabilityPolicy,
  availabilityPolicyProblems,
  declarePolicy,
  DEV,
  EnvironmentProfile,
  PROD,
  policyOf,
  PROFILES,
  STAGING,
  validateProfile,
} from '../../lib';

function prodWith(availability: Partial<AvailabilityPolicy>): EnvironmentProfile {
  return { ...PROD, availability: { ...PROD.availability, ...availability } };
}

describe('availability policy validation', () => {
  test('every built-in profile has a valid policy', () => {
    for (const profile of PROFILES) {
      expect(availabilityPolicyProblems(profile.availability, profile.strict, profile.availabilityZones.length)).toEqual([]);
    }
    expect([DEV, STAGING, PROD].map((p) => p.availability.targetAvailabilityPercent)).toEqual([99.5, 99.9, 99.9]);
  });

  test.each<[string, Partial<AvailabilityPolicy>, RegExp]>([
    ['a target of 100%', { targetAvailabilityPercent: 100 }, /targetAvailabilityPercent is 100; use a percentage above 0 and below 100/],
    ['a target of 0', { targetAvailabilityPercent: 0 }, /targetAvailabilityPercent is 0/],
    ['one AZ in a strict profile', { minAvailabilityZones: 1 }, /minAvailabilityZones is 1; use a whole number of at least 2/],
    ['more AZs than the environment spans', { minAvailabilityZones: 4 }, /minAvailabilityZones is 4 but the environment spans 3 AZ/],
    [
      'a zero RTO',
      { instance: { maxRto: Duration.seconds(0), maxRpo: Duration.seconds(0) } },
      /instance.maxRto is 0 seconds; a recovery takes time/,
    ],
    [
      'an unbounded AZ RTO in a strict profile',
      { az: { maxRpo: Duration.seconds(0) } },
      /availability.az leaves maxRto unset; a strict \(production\) profile/,
    ],
    [
      'an unbounded database RPO in a strict profile',
      { databasePrimary: { maxRto: Duration.minutes(3) } },
      /availability.databasePrimary leaves maxRpo unset/,
    ],
    [
      'a zero Region-loss RTO',
      { region: { maxRto: Duration.seconds(0) } },
      /availability.region.maxRto is 0 seconds; a recovery takes time/,
    ],
    [
      'a zero Region-loss RPO',
      { region: { maxRto: Duration.minutes(30), maxRpo: Duration.seconds(0) } },
      /availability.region.maxRpo is 0 seconds; cross-region replication is asynchronous/,
    ],
  ])('fails %s', (_name, change, message) => {
    expect(() => validateProfile(prodWith(change))).toThrow(message);
  });

  test('a Region-loss bound travels in the declared policy and back; without one, the declaration is as before', () => {
    const withRegion = prodWith({ region: { maxRto: Duration.minutes(30), maxRpo: Duration.minutes(10) } }).availability;
    const declared = declarePolicy(withRegion);
    expect(declared.bounds.region).toEqual({ maxRtoSeconds: 1800, maxRpoSeconds: 600 });
    expect(policyOf(declared).region?.maxRto?.toSeconds()).toBe(1800);
    expect(declarePolicy(STAGING.availability).bounds).not.toHaveProperty('region');
    expect(policyOf(declarePolicy(STAGING.availability))).not.toHaveProperty('region');
  });

  test('a non-strict profile may leave failure modes unbounded and span one AZ', () => {
    const loose: AvailabilityPolicy = { ...DEV.availability, minAvailabilityZones: 1, instance: {}, az: {}, databasePrimary: {} };
    expect(availabilityPolicyProblems(loose, false, 2)).toEqual([]);
  });
});
