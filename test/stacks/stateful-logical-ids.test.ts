import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { addEnvironments, PROD, PROFILES } from '../../lib';
import { defaultAppTemplates } from '../support/default-app';
import { testApp } from '../support/test-app';

/**
 * A stateful resource whose logical ID changes is replaced: a new, empty database. These IDs are
 * pinned by hand, not by snapshot, so that no `jest -u` can move them by accident. Change this
 * list only together with a migration plan (snapshot, restore, cut over).
 */
const PINNED: Record<string, string[]> = {
  'AWS::RDS::DBInstance': ['DatabaseInstanceAA8A5FDE'],
  'AWS::ElastiCache::ReplicationGroup': ['CacheReplicationGroupBFE59FF3'],
  'AWS::KMS::Key': ['CacheKeyCDF9DE27', 'DatabaseKey5E5D9547'],
  'AWS::SecretsManager::Secret': ['CacheAuthToken04672416'],
};

describe.each(PROFILES.map((profile) => profile.name))('%s Data stack', (name) => {
  // The default app's templates, synthesized once per run (test/support/default-app.ts).
  const template = Template.fromJSON(defaultAppTemplates(name)[`${name}-Data`]);

  test.each(Object.entries(PINNED))('%s logical IDs are pinned', (type, ids) => {
    const found = Object.entries(template.findResources(type))
      .filter(([, r]) => !r.Properties?.SourceDBInstanceIdentifier) // read replicas hold no data of their own
      .map(([id]) => id)
      .sort();
    expect(found).toEqual(ids);
  });

  test('stateful resources keep a snapshot or are retained on removal', () => {
    for (const type of ['AWS::RDS::DBInstance', 'AWS::ElastiCache::ReplicationGroup']) {
      for (const resource of Object.values(template.findResources(type)).filter((r) => !r.Properties?.SourceDBInstanceIdentifier)) {
        expect(['Snapshot', 'Retain']).toContain(resource.DeletionPolicy);
        expect(['Snapshot', 'Retain']).toContain(resource.UpdateReplacePolicy);
      }
    }
  });
});

/**
 * The standby's replica is a copy while the primary serves and the only copy once promoted
 * (docs/adr/0080): its logical ID and its key's are pinned like the primary's.
 */
describe('a standby StandbyData stack', () => {
  const app = testApp();
  addEnvironments(app, {
    profiles: [
      {
        ...PROD,
        secondaryRegion: {
          region: 'us-west-2',
          availabilityZones: ['us-west-2a', 'us-west-2b', 'us-west-2c'],
          capacityPercent: 50,
          sourceDatabaseInstanceArn: 'arn:aws:rds:us-east-1:123456789012:db:prod-data-databaseinstance-abc123',
        },
      },
    ],
  });
  const template = Template.fromStack(app.node.findChild('prod-us-west-2').node.findChild('StandbyData') as Stack);

  test.each([
    ['AWS::RDS::DBInstance', ['Replica17BB6597']],
    ['AWS::KMS::Key', ['ReplicaKey29E01B67']],
  ])('%s logical IDs are pinned', (type, ids) => {
    expect(Object.keys(template.findResources(type)).sort()).toEqual(ids);
  });

  test('the replica and its key are retained on removal', () => {
    for (const type of ['AWS::RDS::DBInstance', 'AWS::KMS::Key']) {
      for (const resource of Object.values(template.findResources(type))) {
        expect([resource.DeletionPolicy, resource.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
      }
    }
  });
});
