import { Template } from 'aws-cdk-lib/assertions';
import {
  CACHE_FAILOVER,
  DATABASE_FAILOVER,
  DatabaseTopology,
  HaCache,
  HaDatabase,
  REPLICA_SPREAD,
  checkEnvironment,
  STATEFUL_RETENTION,
} from '../../lib';
import { stackWithNetwork } from '../support/fixtures';
import { modelOf } from '../support/model';

function dataTemplate(topology = DatabaseTopology.MULTI_AZ_INSTANCE): any {
  const { stack, network } = stackWithNetwork();
  new HaDatabase(stack, 'Db', { network, topology });
  new HaCache(stack, 'Cache', { network });
  return structuredClone(Template.fromStack(stack).toJSON());
}

const ofType = (template: any, type: string) => Object.entries<any>(template.Resources).filter(([, r]) => r.Type === type);
const primary = (template: any) => ofType(template, 'AWS::RDS::DBInstance').find(([, r]) => !r.Properties.SourceDBInstanceIdentifier)![1];
const replicas = (template: any) =>
  ofType(template, 'AWS::RDS::DBInstance')
    .filter(([, r]) => r.Properties.SourceDBInstanceIdentifier)
    .map(([, r]) => r);
const group = (template: any) => ofType(template, 'AWS::ElastiCache::ReplicationGroup')[0][1];

describe('data guarantee checks', () => {
  test.each([DatabaseTopology.MULTI_AZ_INSTANCE, DatabaseTopology.AURORA_CLUSTER])(
    'pass the %s data tier HaDatabase and HaCache build',
    (topology) => {
      expect(checkEnvironment(modelOf(dataTemplate(topology)))).toEqual([]);
    },
  );

  test('HA-DATA-001 fails a database without a standby', () => {
    const template = dataTemplate();
    primary(template).Properties.MultiAZ = false;
    expect(DATABASE_FAILOVER.check(modelOf(template))).toEqual([
      expect.objectContaining({ logicalId: 'DbInstanceD710EDDF', message: expect.stringMatching(/has no Multi-AZ standby/) }),
    ]);
  });

  test('HA-DATA-001 fails an Aurora cluster whose instances share one AZ, or that has no reader', () => {
    const template = dataTemplate(DatabaseTopology.AURORA_CLUSTER);
    const members = ofType(template, 'AWS::RDS::DBInstance');
    for (const [, member] of members) {
      member.Properties.AvailabilityZone = 'us-east-1a';
    }
    expect(DATABASE_FAILOVER.check(modelOf(template))[0].message).toMatch(/has all 3 instances in us-east-1a/);
    for (const [id] of members.slice(1)) {
      delete template.Resources[id];
    }
    expect(DATABASE_FAILOVER.check(modelOf(template))[0].message).toMatch(/has 1 instance\(s\)/);
  });

  test('HA-DATA-002 fails replicas that share an AZ or do not name one', () => {
    const template = dataTemplate();
    const [first, second] = replicas(template);
    second.Properties.AvailabilityZone = first.Properties.AvailabilityZone;
    expect(REPLICA_SPREAD.check(modelOf(template))[0].message).toMatch(/shares us-east-1a with/);
    delete second.Properties.AvailabilityZone;
    expect(REPLICA_SPREAD.check(modelOf(template))[0].message).toMatch(/does not name its AZ/);
  });

  test('HA-DATA-003 fails a cache without automatic failover or with nodes in one AZ', () => {
    const template = dataTemplate();
    group(template).Properties.AutomaticFailoverEnabled = false;
    expect(CACHE_FAILOVER.check(modelOf(template))[0].message).toMatch(/AutomaticFailoverEnabled false/);
    group(template).Properties.AutomaticFailoverEnabled = true;
    group(template).Properties.NodeGroupConfiguration[0].ReplicaAvailabilityZones = ['us-east-1a', 'us-east-1a'];
    expect(CACHE_FAILOVER.check(modelOf(template))[0].message).toMatch(/shard 1 has its 3 node\(s\) in us-east-1a; they fail together/);
  });

  test('HA-DATA-004 fails a database or cache that would be deleted with its data', () => {
    const template = dataTemplate();
    primary(template).DeletionPolicy = 'Delete';
    delete group(template).UpdateReplacePolicy;
    const messages = STATEFUL_RETENTION.check(modelOf(template)).map((f) => f.message);
    expect(messages).toEqual([
      expect.stringMatching(/AWS::RDS::DBInstance .* has DeletionPolicy Delete; its data would be lost/),
      expect.stringMatching(/AWS::ElastiCache::ReplicationGroup .* has UpdateReplacePolicy Delete \(the default\)/),
    ]);
  });
});
