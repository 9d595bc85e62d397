import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { addEnvironments } from '../../lib';
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

const stages = addEnvironments(testApp());

describe.each(stages.map((stage) => [stage.stageName, stage]))('%s Data stack', (_name, stage) => {
  const template = Template.fromStack(stage.node.findChild('Data') as Stack);

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
  const [prod] = stages.filter((s) => s.stageName === 'prod');
  addEnvironments(app, {
    profiles: [
      {
        ...prod.profile,
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

/** The standby's replica becomes the writer on promotion: its ID and its key's are pinned as the primary's. */
const PINNED_STANDBY: Record<string, string[]> = {
  'AWS::RDS::DBInstance': ['Replica17BB6597'],
  'AWS::KMS::Key': ['ReplicaKey29E01B67'],
};

describe('prod-us-west-2 StandbyData stack', () => {
  const app = testApp();
  addEnvironments(app, { environment: 'prod' });
  const template = Template.fromStack(app.node.findChild('prod-us-west-2').node.findChild('StandbyData') as Stack);

  test.each(Object.entries(PINNED_STANDBY))('%s logical IDs are pinned', (type, ids) => {
    expect(Object.keys(template.findResources(type)).sort()).toEqual(ids);
  });

  test('the replica and its key are retained on removal and replacement', () => {
    for (const type of Object.keys(PINNED_STANDBY)) {
      for (const resource of Object.values(template.findResources(type))) {
        expect([resource.DeletionPolicy, resource.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
      }
    }
  });
});
