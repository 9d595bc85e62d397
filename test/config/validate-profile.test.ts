import { RemovalPolicy } from 'aws-cdk-lib';
import {
  checkEnvironment,
  DEV,
  EnvironmentProfile,
  HaWarnings,
  PROD,
  PROFILES,
  ServicePlacement,
  STAGING,
  selectProfiles,
  validateProfile,
} from '../../lib';
import { modelOfTemplates, synthEnvironment } from '../support/model';

function withChanges(base: EnvironmentProfile, changes: Partial<EnvironmentProfile>): EnvironmentProfile {
  return { ...base, ...changes };
}

describe('environment profiles', () => {
  test.each(PROFILES.map((p) => [p.name, p]))('the built-in %s profile is valid', (_name, profile) => {
    expect(validateProfile(profile)).toBe(profile);
  });

  test('dev spans 2 AZs; staging and prod span 3', () => {
    expect(DEV.availabilityZones).toHaveLength(2);
    expect(STAGING.availabilityZones).toHaveLength(3);
    expect(PROD.availabilityZones).toHaveLength(3);
  });

  test('prod is strict and locks its stateful resources', () => {
    expect(PROD.strict).toBe(true);
    expect(PROD.protection).toMatchObject({
      deletionProtection: true,
      terminationProtection: true,
      statefulRemovalPolicy: RemovalPolicy.SNAPSHOT,
    });
    expect(PROD.network.natGateways).toBe(PROD.availabilityZones.length);
  });

  test.each<[string, Partial<EnvironmentProfile>, RegExp]>([
    ['an uppercase name', { name: 'Prod' }, /name 'Prod' must be 1-16 lowercase/],
    ['a malformed region', { region: 'useast1' }, /region 'useast1' is not an AWS region name/],
    ['one AZ', { availabilityZones: ['us-east-1a'] }, /availabilityZones has 1 \(us-east-1a\)/],
    ['a duplicated AZ', { availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1a'] }, /lists us-east-1a more than once/],
    ['an AZ of another region', { availabilityZones: ['us-east-1a', 'us-west-2a', 'us-east-1c'] }, /us-west-2a outside region us-east-1/],
    [
      'a service placement that is not one',
      { web: { ...PROD.web, services: [{ ...PROD.web.services[0], placement: 'elsewhere' as ServicePlacement }] } },
      /web.services 'api' has placement 'elsewhere'; use 'own-stack' or 'web-stack'/,
    ],
    ['no NAT gateway', { network: { vpcCidr: '10.0.0.0/16', natGateways: 0 } }, /network.natGateways is 0; use a whole number from 1 to 3/],
    [
      'strict without deletion protection',
      { protection: { ...PROD.protection, deletionProtection: false } },
      /deletionProtection is false/,
    ],
    [
      'strict without termination protection',
      { protection: { ...PROD.protection, terminationProtection: false } },
      /terminationProtection is false/,
    ],
    [
      'strict with DESTROY',
      { protection: { ...PROD.protection, statefulRemovalPolicy: RemovalPolicy.DESTROY } },
      /statefulRemovalPolicy is destroy/,
    ],
    [
      'strict with guarantee warnings',
      { guaranteeWarnings: ['HA-DATA-002'] },
      /in a strict \(production\) profile every guarantee finding is an error/,
    ],
    [
      'strict with an acknowledged warning',
      { acknowledgedWarnings: { [HaWarnings.REDUCED_NAT_GATEWAYS]: 'it is cheaper this way' } },
      /cannot acknowledge them/,
    ],
  ])('prod with %s is rejected', (_name, changes, message) => {
    expect(() => validateProfile(withChanges(PROD, changes))).toThrow(message);
  });

  test('guarantee warnings must name real checks', () => {
    expect(() => validateProfile(withChanges(DEV, { guaranteeWarnings: ['HA-DATA-999'] }))).toThrow(
      /guaranteeWarnings has 'HA-DATA-999', which is no guarantee check; use one of HA-NET-001, /,
    );
  });

  test("a non-strict profile's guarantee warnings reach its templates, where its findings for those checks only warn", () => {
    const templates = synthEnvironment(withChanges(DEV, { guaranteeWarnings: ['HA-DATA-002'] }));
    for (const template of Object.values<any>(templates)) {
      for (const [id, r] of Object.entries<any>(template.Resources)) {
        if (r.Type === 'AWS::RDS::DBInstance' && r.Properties.SourceDBInstanceIdentifier) {
          delete template.Resources[id];
        }
      }
    }
    expect(checkEnvironment(modelOfTemplates(templates)).filter((f) => f.checkId === 'HA-DATA-002')).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringMatching(/was planned with 1 reader\(s\) but the templates hold 0/),
      }),
    ]);
  });

  test('an acknowledgement needs a real reason', () => {
    expect(() => validateProfile(withChanges(DEV, { acknowledgedWarnings: { x: 'ok' } }))).toThrow(
      /needs a reason of a sentence, not 'ok'/,
    );
  });

  test('every problem is reported at once, under the profile name', () => {
    expect(() => validateProfile(withChanges(PROD, { region: 'nowhere', availabilityZones: ['us-east-1a'] }))).toThrow(
      /Environment profile 'prod' is invalid:\n  - region 'nowhere'.*\n  - availabilityZones has 1/,
    );
  });

  test('selects every profile by default, or one by name', () => {
    expect(selectProfiles().map((p) => p.name)).toEqual(['dev', 'staging', 'prod']);
    expect(selectProfiles('prod')).toEqual([PROD]);
  });

  test('fails for an unknown environment name, listing the known ones', () => {
    expect(() => selectProfiles('qa')).toThrow("Unknown environment 'qa' (from -c env=qa); choose one of: dev, staging, prod");
  });
});
