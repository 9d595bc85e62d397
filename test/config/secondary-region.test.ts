import { Duration } from 'aws-cdk-lib';
import {
  DatabaseTopology,
  DEV,
  EnvironmentProfile,
  PROD,
  PROFILES,
  SecondaryRegionSettings,
  STAGING,
  standbyCapacity,
  standbyName,
  standbyProfile,
  validateProfile,
  globalClusterIdentifier,
  databaseCredentialsSecretName,
} from '../../lib';

const STANDBY: SecondaryRegionSettings = {
  region: 'us-west-2',
  availabilityZones: ['us-west-2a', 'us-west-2b', 'us-west-2c'],
  capacityPercent: 50,
};

function prodWith(changes: Partial<SecondaryRegionSettings>, profile: EnvironmentProfile = PROD): EnvironmentProfile {
  return { ...profile, secondaryRegion: { ...STANDBY, ...changes } };
}

describe('EnvironmentProfile.secondaryRegion', () => {
  test('only prod opts in, to a standby in us-west-2; dev and staging keep one Region', () => {
    expect(PROFILES.map((p) => [p.name, p.secondaryRegion?.region])).toEqual([
      ['dev', undefined],
      ['staging', undefined],
      ['prod', 'us-west-2'],
    ]);
  });

  test('a standby in another Region with its own AZs is valid', () => {
    const profile = prodWith({
      vpcCidr: '10.40.0.0/16',
      sourceDatabaseInstanceArn: 'arn:aws:rds:us-east-1:123456789012:db:prod-data-databaseinstance-abc123',
      certificateArn: 'arn:aws:acm:us-west-2:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-123456789012',
      maxReplicaLag: Duration.minutes(1),
    });
    expect(validateProfile(profile)).toBe(profile);
  });

  test.each<[string, Partial<SecondaryRegionSettings>, RegExp]>([
    [
      'the primary Region',
      { region: 'us-east-1', availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] },
      /secondaryRegion.region is 'us-east-1', the primary's own region/,
    ],
    ['a name that is no Region', { region: 'west' }, /secondaryRegion.region 'west' is not an AWS region name/],
    [
      'AZs of another Region',
      { availabilityZones: ['us-west-2a', 'us-west-2b', 'us-east-1c'] },
      /secondaryRegion.availabilityZones has us-east-1c outside region us-west-2/,
    ],
    ['one AZ', { availabilityZones: ['us-west-2a'] }, /secondaryRegion.availabilityZones has 1 \(us-west-2a\); give at least 2/],
    [
      'fewer AZs than the environment promises',
      { availabilityZones: ['us-west-2a', 'us-west-2b'] },
      /has 2 AZs; the environment promises at least 3/,
    ],
    ['a repeated AZ', { availabilityZones: ['us-west-2a', 'us-west-2b', 'us-west-2a'] }, /lists us-west-2a more than once/],
    [
      '0 % capacity',
      { capacityPercent: 0 },
      /secondaryRegion.capacityPercent is 0; give a percentage of the primary's baseline above 0 and at most 100/,
    ],
    ['a negative capacity', { capacityPercent: -10 }, /capacityPercent is -10/],
    ['more than 100 %', { capacityPercent: 150 }, /capacityPercent is 150/],
    ['a capacity that is no number', { capacityPercent: Number.NaN }, /capacityPercent is NaN/],
    ['a CIDR that is none', { vpcCidr: '10.40.0.0' }, /secondaryRegion.vpcCidr '10.40.0.0' is not an IPv4 CIDR block/],
    [
      'a source that is no DB instance ARN',
      { sourceDatabaseInstanceArn: 'prod-db' },
      /sourceDatabaseInstanceArn 'prod-db' is not a DB instance ARN/,
    ],
    [
      'a source outside the primary Region',
      { sourceDatabaseInstanceArn: 'arn:aws:rds:eu-west-1:123456789012:db:prod-db' },
      /names a database in eu-west-1, not in the primary region us-east-1/,
    ],
    [
      'a certificate of the primary Region',
      { certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-123456789012' },
      /secondaryRegion.certificateArn is in us-east-1, not in the standby's region us-west-2; ACM certificates are regional/,
    ],
    [
      'a certificate that is no ARN',
      { certificateArn: 'my-cert' },
      /secondaryRegion.certificateArn 'my-cert' is not an ACM certificate ARN/,
    ],
    [
      'no replication lag at all',
      { maxReplicaLag: Duration.seconds(0) },
      /secondaryRegion.maxReplicaLag is 0 s; replication is asynchronous/,
    ],
  ])('refuses %s, naming the field, the value and the fix', (_name, changes, message) => {
    expect(() => validateProfile(prodWith(changes))).toThrow(message);
  });

  test('refuses more NAT gateways than standby AZs', () => {
    const profile = {
      ...prodWith({ availabilityZones: ['us-west-2a', 'us-west-2b'] }, STAGING),
      availability: { ...STAGING.availability, minAvailabilityZones: 2 },
    };
    expect(() => validateProfile(profile)).toThrow(/has 2 AZs, fewer than network.natGateways \(3\)/);
  });

  describe('with Aurora (a Global Database, docs/adr/0085)', () => {
    const aurora = { ...PROD, data: { ...PROD.data, database: { ...PROD.data.database, topology: DatabaseTopology.AURORA_CLUSTER } } };

    test('is valid without an instance ARN: the standby joins the global database by its identifier', () => {
      expect(() => validateProfile(prodWith({}, aurora))).not.toThrow();
      expect(globalClusterIdentifier(aurora)).toBe('prod-database');
      expect(databaseCredentialsSecretName(aurora)).toBe('prod/database/master');
    });

    test('refuses an instance ARN, which an Aurora standby never uses', () => {
      expect(() =>
        validateProfile(prodWith({ sourceDatabaseInstanceArn: 'arn:aws:rds:us-east-1:123456789012:db:prod-db' }, aurora)),
      ).toThrow(/sourceDatabaseInstanceArn is set on an Aurora profile/);
    });

    test('refuses a profile name that gives no valid global cluster identifier', () => {
      expect(() => validateProfile(prodWith({}, { ...aurora, name: 'prod-' }))).toThrow(/global cluster identifier 'prod--database'/);
    });
  });

  test('refuses a standby whose name would be too long for its alarms, before any construct does', () => {
    expect(() => validateProfile(prodWith({}, STAGING))).toThrow(
      /the standby's name 'staging-us-west-2' \(name-region\) has 17 characters/,
    );
  });

  test('lists every problem at once', () => {
    expect(() => validateProfile(prodWith({ region: 'us-east-1', capacityPercent: 0 }))).toThrow(/own region[\s\S]*capacityPercent is 0/);
  });
});

describe('the standby profile', () => {
  test.each<[number, number, number]>([
    // baseline, percent, standby baseline
    [6, 50, 3],
    [5, 50, 3], // rounded up: never below the share asked for
    [3, 100, 3], // no floating-point overshoot to 4
    [1, 10, 1], // at least one instance
    [4, 25, 1],
    [30, 33, 10],
  ])('a baseline of %i at %i %% runs %i instances', (baseline, percent, expected) => {
    expect(standbyCapacity({ baseline, maximum: 40 }, percent)).toEqual({ baseline: expected, maximum: 40 });
  });

  test("moves the environment to the standby's Region, AZs and CIDR, reduces every service, and has no standby of its own", () => {
    const primary = prodWith({ vpcCidr: '10.40.0.0/16' });
    const standby = standbyProfile(primary);
    expect(standbyName(primary)).toBe('prod-us-west-2');
    expect(standby).toMatchObject({
      name: 'prod-us-west-2',
      region: 'us-west-2',
      availabilityZones: STANDBY.availabilityZones,
      network: { vpcCidr: '10.40.0.0/16', natGateways: PROD.network.natGateways },
      web: { capacity: { baseline: 3, maximum: PROD.web.capacity.maximum } },
    });
    expect(standby.web.services.map((s) => s.capacity)).toEqual(PROD.web.services.map((s) => standbyCapacity(s.capacity, 50)));
    // The order workers too, so that every tier of the standby costs its share (docs/adr/0086).
    expect(standby.messaging.workerCapacity).toEqual(standbyCapacity(PROD.messaging.workerCapacity, 50));
    expect(standby.messaging.maxMessageAge).toEqual(PROD.messaging.maxMessageAge);
    expect(standby.secondaryRegion).toBeUndefined();
    expect(standby.strict).toBe(PROD.strict);
    expect(standby.protection).toEqual(PROD.protection);
  });

  test("keeps the primary's CIDR by default and never its Region's certificate", () => {
    const primary = { ...prodWith({}, DEV), web: { ...DEV.web, certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' } };
    const standby = standbyProfile({ ...primary, availability: { ...DEV.availability } });
    expect(standby.network.vpcCidr).toBe(DEV.network.vpcCidr);
    expect(standby.web.certificateArn).toBeUndefined();
    expect(standbyProfile(prodWith({ certificateArn: 'arn:aws:acm:us-west-2:123456789012:certificate/def' })).web.certificateArn).toBe(
      'arn:aws:acm:us-west-2:123456789012:certificate/def',
    );
  });
});
