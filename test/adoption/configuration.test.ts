import { CfnParameter, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import {
  CacheEngine,
  explainConfigurationError,
  runCdkApp,
  DatabaseEngine,
  DatabaseTopology,
  HaCache,
  HaCacheProps,
  HaDatabase,
  HaDatabaseProps,
  HaNetwork,
  HaWebTier,
  HaWebTierProps,
} from '../../lib';
import { alarmTopic, stackWithNetwork } from '../support/fixtures';

// What a team sets in its first week, and the errors it gets when it sets it wrong.
type Partial<T> = { -readonly [K in keyof T]?: unknown };

function database(props: Partial<HaDatabaseProps>) {
  const { stack, network } = stackWithNetwork();
  new HaDatabase(stack, 'Db', { network, ...(props as object) });
  return Template.fromStack(stack);
}

function cache(props: Partial<HaCacheProps>) {
  const { stack, network } = stackWithNetwork();
  new HaCache(stack, 'Cache', { network, ...(props as object) });
  return Template.fromStack(stack);
}

function web(props: (stack: Stack) => Partial<HaWebTierProps>) {
  const { stack, network } = stackWithNetwork();
  new HaWebTier(stack, 'Web', {
    network,
    capacity: { baseline: 3, maximum: 9 },
    allowInsecureHttp: true,
    notificationTopic: alarmTopic(stack),
    ...(props(stack) as object),
  });
  return Template.fromStack(stack);
}

describe('engine versions', () => {
  test('MySQL 8.0 on an RDS instance gets an 8.0 engine and a mysql8.0 parameter group', () => {
    const template = database({ engine: DatabaseEngine.MYSQL, engineVersion: '8.0.40' });
    template.hasResourceProperties('AWS::RDS::DBInstance', { Engine: 'mysql', EngineVersion: '8.0.40' });
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', { Family: 'mysql8.0', Parameters: { require_secure_transport: 'ON' } });
  });

  test('Aurora PostgreSQL 16.6 gets an aurora-postgresql16 cluster parameter group', () => {
    const template = database({ topology: DatabaseTopology.AURORA_CLUSTER, engineVersion: '16.6' });
    template.hasResourceProperties('AWS::RDS::DBCluster', { Engine: 'aurora-postgresql', EngineVersion: '16.6' });
    template.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', { Family: 'aurora-postgresql16' });
  });

  test('Aurora MySQL takes its Aurora version', () => {
    const template = database({ engine: DatabaseEngine.MYSQL, topology: DatabaseTopology.AURORA_CLUSTER, engineVersion: '3.08.2' });
    template.hasResourceProperties('AWS::RDS::DBCluster', { EngineVersion: '8.0.mysql_aurora.3.08.2' });
    template.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', { Family: 'aurora-mysql8.0' });
  });

  test('Valkey 7.2 uses the valkey7 parameter group family', () => {
    cache({ engineVersion: '7.2' }).hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      EngineVersion: '7.2',
      CacheParameterGroupName: 'default.valkey7',
    });
  });

  test('Redis OSS 6.2 uses redis6.x, cluster mode on', () => {
    cache({ engine: CacheEngine.REDIS, engineVersion: '6.2', shards: 2 }).hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      CacheParameterGroupName: 'default.redis6.x.cluster.on',
    });
  });
});

describe('clear errors', () => {
  test.each<[string, () => unknown, RegExp]>([
    [
      'a MySQL version without its patch',
      () => database({ engine: DatabaseEngine.MYSQL, engineVersion: '8.0' }),
      /engineVersion is '8.0'; for mysql \(multi-az-instance\) give a full MySQL 8.0 or 8.4 version, e.g. '8.0.40'/,
    ],
    ['a PostgreSQL major RDS does not run', () => database({ engineVersion: '9.6' }), /engineVersion is '9.6'/],
    [
      'an engine name that is not the enum value',
      () => database({ engine: 'MYSQL' }),
      /engine is 'MYSQL'; use one of DatabaseEngine.POSTGRES \('postgres'\), DatabaseEngine.MYSQL \('mysql'\)/,
    ],
    ['a topology string', () => database({ topology: 'aurora' }), /topology is 'aurora'; use one of DatabaseTopology/],
    [
      'a misspelt database instance size',
      () => database({ instanceType: new ec2.InstanceType('m7g.hugee') }),
      /instanceType is 'm7g.hugee', which is not an instance type of the form family.size/,
    ],
    [
      'a database family the library does not build for',
      () => database({ instanceType: new ec2.InstanceType('p4d.24xlarge') }),
      /family 'p4d', which this library does not build for/,
    ],
    ['a cache engine string', () => cache({ engine: 'memcached' }), /engine is 'memcached'; use one of CacheEngine.VALKEY/],
    ['a cache version the engine lacks', () => cache({ engineVersion: '9.0' }), /engineVersion is '9.0'; for valkey use 8.1, 8.0, 7.2/],
    [
      'a node type without the cache. prefix',
      () => cache({ cacheNodeType: 'r7g.large' }),
      /cacheNodeType is 'r7g.large'; ElastiCache node types start with 'cache.', e.g. 'cache.r7g.large'/,
    ],
    [
      'a misspelt node type',
      () => cache({ cacheNodeType: 'cache.r7g.hugee' }),
      /cacheNodeType is 'r7g.hugee', which is not an instance type/,
    ],
    ['a misspelt web instance type', () => web(() => ({ instanceType: new ec2.InstanceType('m7g.hugee') })), /instanceType is 'm7g.hugee'/],
  ])('%s', (_name, build, message) => {
    expect(build).toThrow(message);
  });
});

describe('tokens where a count decides the resources', () => {
  test.each<[string, (stack: Stack, network: HaNetwork) => unknown, RegExp]>([
    [
      'capacity.baseline from a CfnParameter',
      (stack, network) =>
        new HaWebTier(stack, 'Web', {
          network,
          capacity: { baseline: new CfnParameter(stack, 'Baseline', { type: 'Number' }).valueAsNumber, maximum: 9 },
          allowInsecureHttp: true,
          notificationTopic: alarmTopic(stack),
        }),
      /capacity.baseline must be a number known at synth time; tokens \(a CfnParameter, a resource attribute\) are not supported here/,
    ],
    [
      'readReplicas from a CfnParameter',
      (stack, network) =>
        new HaDatabase(stack, 'Db', { network, readReplicas: new CfnParameter(stack, 'Replicas', { type: 'Number' }).valueAsNumber }),
      /readReplicas must be a number known at synth time/,
    ],
    [
      'shards from a CfnParameter',
      (stack, network) =>
        new HaCache(stack, 'Cache', { network, shards: new CfnParameter(stack, 'Shards', { type: 'Number' }).valueAsNumber }),
      /shards must be a number known at synth time/,
    ],
  ])('%s fails saying tokens are not supported, not with a placeholder number', (_name, build, message) => {
    const { stack, network } = stackWithNetwork();
    expect(() => build(stack, network)).toThrow(message);
  });
});

describe('the error printer consumer apps use', () => {
  test('explains configuration mistakes in one paragraph and leaves bugs to their stack trace', () => {
    const { stack, network } = stackWithNetwork();
    let mistake: unknown;
    try {
      new HaDatabase(stack, 'Db', { network, engineVersion: '8.0' });
    } catch (e) {
      mistake = e;
    }
    expect(explainConfigurationError(mistake)).toMatch(/^cdk-ha-blueprint: HaDatabase: invalid properties:\n {2}- engineVersion is '8.0'/);
    expect(explainConfigurationError(new TypeError('x is undefined'))).toBeUndefined();
  });

  test('runCdkApp rethrows what is not a configuration mistake', () => {
    expect(() =>
      runCdkApp(() => {
        throw new TypeError('a bug');
      }),
    ).toThrow('a bug');
  });
});
