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
