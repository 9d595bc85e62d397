import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { addEnvironments, DatabaseTopology, PROD, PROFILES } from '../../lib';
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
    // The cold cache's key beside the replica's (docs/adr/0086).
    ['AWS::KMS::Key', ['CacheKeyCDF9DE27', 'ReplicaKey29E01B67']],
    ['AWS::ElastiCache::ReplicationGroup', ['CacheReplicationGroupBFE59FF3']],
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

/**
 * An Aurora profile that adds a standby turns its cluster into a global database's primary
 * (docs/adr/0085): the cluster, its instances and its key keep their logical IDs and every
 * create-only property (CloudFormation's AWS::RDS::DBCluster schema), so nothing is replaced; the
 * global cluster and the replicated secret are new resources beside them. The standby's secondary
 * cluster, its key and the cold cache are pinned as the primary's are.
 */
describe('an Aurora Data stack when a standby is added', () => {
  // Prod on Aurora, first without a standby (the deployed state), then with one added.
  const aurora = {
    ...PROD,
    secondaryRegion: undefined,
    data: { ...PROD.data, database: { ...PROD.data.database, topology: DatabaseTopology.AURORA_CLUSTER } },
  };
  const data = (app: ReturnType<typeof testApp>, stage: string, stack: string) =>
    Template.fromStack(app.node.findChild(stage).node.findChild(stack) as Stack).toJSON().Resources as Record<string, any>;
  const withoutApp = testApp();
  addEnvironments(withoutApp, { profiles: [aurora] });
  const withApp = testApp();
  addEnvironments(withApp, {
    profiles: [
      {
        ...aurora,
        secondaryRegion: { region: 'us-west-2', availabilityZones: ['us-west-2a', 'us-west-2b', 'us-west-2c'], capacityPercent: 50 },
      },
    ],
  });
  const [without, withStandby] = [data(withoutApp, 'prod', 'Data'), data(withApp, 'prod', 'Data')];
  const ofType = (resources: Record<string, any>, type: string) =>
    Object.keys(resources)
      .filter((id) => resources[id].Type === type)
      .sort();

  test.each(['AWS::RDS::DBCluster', 'AWS::RDS::DBInstance', 'AWS::KMS::Key', 'AWS::RDS::DBSubnetGroup'])(
    '%s logical IDs are unchanged',
    (type) => {
      expect(ofType(withStandby, type)).toEqual(ofType(without, type));
      expect(ofType(without, type).length).toBeGreaterThan(0);
    },
  );

  test("the cluster's create-only properties are unchanged, so CloudFormation updates it in place", () => {
    // CloudFormation resource schema of AWS::RDS::DBCluster (aws-cloudformation-resource-providers-rds,
    // aws-rds-dbcluster.json): createOnlyProperties and conditionalCreateOnlyProperties, read 2026-11-29.
    const createOnly = [
      'AvailabilityZones',
      'DBClusterIdentifier',
      'DBSubnetGroupName',
      'DatabaseName',
      'EngineMode',
      'KmsKeyId',
      'PubliclyAccessible',
      'RestoreType',
      'SnapshotIdentifier',
      'SourceDBClusterIdentifier',
      'SourceRegion',
      'StorageEncrypted',
      'UseLatestRestorableTime',
      'Engine',
      'GlobalClusterIdentifier',
      'MasterUsername',
    ];
    const [id] = ofType(without, 'AWS::RDS::DBCluster');
    const pick = (resource: any) => Object.fromEntries(createOnly.map((p) => [p, resource.Properties[p]]));
    expect(pick(withStandby[id])).toEqual(pick(without[id]));
    expect([withStandby[id].DeletionPolicy, withStandby[id].UpdateReplacePolicy]).toEqual(['Snapshot', 'Snapshot']);
  });

  test('only the global cluster and the replicated master secret (with its attachment) are added', () => {
    const added = Object.keys(withStandby)
      .filter((id) => !(id in without))
      .map((id) => withStandby[id].Type)
      .sort();
    expect(added).toEqual(['AWS::RDS::GlobalCluster', 'AWS::SecretsManager::Secret', 'AWS::SecretsManager::SecretTargetAttachment']);
  });

  test.each([
    ['AWS::RDS::DBCluster', ['GlobalSecondaryClusterA7D0846A']],
    ['AWS::KMS::Key', ['CacheKeyCDF9DE27', 'GlobalSecondaryKey9EFB3C47']],
    ['AWS::ElastiCache::ReplicationGroup', ['CacheReplicationGroupBFE59FF3']],
  ])('the standby %s logical IDs are pinned', (type, ids) => {
    expect(ofType(data(withApp, 'prod-us-west-2', 'StandbyData'), type)).toEqual(ids);
  });
});

/** The standby's replica becomes the writer on promotion, and its cold cache serves after failover: their IDs and keys are pinned as the primary's. */
const PINNED_STANDBY: Record<string, string[]> = {
  'AWS::RDS::DBInstance': ['Replica17BB6597'],
  'AWS::KMS::Key': ['CacheKeyCDF9DE27', 'ReplicaKey29E01B67'],
  'AWS::ElastiCache::ReplicationGroup': ['CacheReplicationGroupBFE59FF3'],
};

describe('prod-us-west-2 StandbyData stack', () => {
  const app = testApp();
  addEnvironments(app, { environment: 'prod' });
  const template = Template.fromStack(app.node.findChild('prod-us-west-2').node.findChild('StandbyData') as Stack);

  test.each(Object.entries(PINNED_STANDBY))('%s logical IDs are pinned', (type, ids) => {
    expect(Object.keys(template.findResources(type)).sort()).toEqual(ids);
  });

  test('the replica and its key are retained on removal and replacement; the cold cache keeps a snapshot or is retained', () => {
    for (const id of ['Replica17BB6597', 'ReplicaKey29E01B67']) {
      const resource = template.toJSON().Resources[id];
      expect([resource.DeletionPolicy, resource.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
    }
    for (const id of ['CacheReplicationGroupBFE59FF3', 'CacheKeyCDF9DE27']) {
      const resource = template.toJSON().Resources[id];
      expect(['Snapshot', 'Retain']).toContain(resource.DeletionPolicy);
      expect(['Snapshot', 'Retain']).toContain(resource.UpdateReplacePolicy);
    }
  });
});
