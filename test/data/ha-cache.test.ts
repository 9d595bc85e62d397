import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CacheEngine, HaCache, HaCacheProps, HaWarnings } from '../../lib';
import { stackWithNetwork } from '../support/fixtures';

type CacheOptions = Omit<HaCacheProps, 'network'>;

function buildCache(options: CacheOptions = {}) {
  const { stack, network } = stackWithNetwork();
  const cache = new HaCache(stack, 'Cache', { network, ...options });
  return { stack, cache, network };
}

function synthCache(options: CacheOptions = {}) {
  const built = buildCache(options);
  const template = Template.fromStack(built.stack);
  const [group] = Object.values(template.findResources('AWS::ElastiCache::ReplicationGroup'));
  return { ...built, template, group };
}

describe('HaCache', () => {
  test('runs Valkey with a primary and a replica in each other AZ, Multi-AZ with automatic failover', () => {
    const { group } = synthCache();
    expect(group.Properties).toMatchObject({
      Engine: 'valkey',
      MultiAZEnabled: true,
      AutomaticFailoverEnabled: true,
      ClusterMode: 'disabled',
      NumNodeGroups: 1,
      ReplicasPerNodeGroup: 2,
      NodeGroupConfiguration: [
        { NodeGroupId: '0001', PrimaryAvailabilityZone: 'us-east-1a', ReplicaAvailabilityZones: ['us-east-1b', 'us-east-1c'] },
      ],
    });
  });

  test('Redis OSS is offered too', () => {
    const { group } = synthCache({ engine: CacheEngine.REDIS });
    expect(group.Properties).toMatchObject({ Engine: 'redis', CacheParameterGroupName: 'default.redis7' });
  });

  test('cluster mode spreads shard primaries over the AZs too', () => {
    const { group, cache } = synthCache({ shards: 3, replicasPerShard: 1 });
    expect(group.Properties).toMatchObject({
      ClusterMode: 'enabled',
      NumNodeGroups: 3,
      CacheParameterGroupName: 'default.valkey8.cluster.on',
    });
    expect(cache.nodeAvailabilityZones).toEqual([
      ['us-east-1a', 'us-east-1b'],
      ['us-east-1b', 'us-east-1c'],
      ['us-east-1c', 'us-east-1a'],
    ]);
  });

  test('encrypts in transit (required) and at rest with a rotating customer-managed key', () => {
    const { group, template } = synthCache();
    expect(group.Properties).toMatchObject({
      TransitEncryptionEnabled: true,
      TransitEncryptionMode: 'required',
      AtRestEncryptionEnabled: true,
    });
    expect(group.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^CacheKey/), 'Arn'] });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  test('takes its AUTH token from Secrets Manager by dynamic reference, never in plain text', () => {
    const { group, template } = synthCache();
    expect(JSON.stringify(group.Properties.AuthToken)).toMatch(/\{\{resolve:secretsmanager:/);
    template.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        GenerateSecretString: Match.objectLike({ PasswordLength: 64, ExcludePunctuation: true }),
        KmsKeyId: Match.anyValue(),
      }),
    });
  });

  test('keeps snapshots, in a window apart from maintenance, and a final snapshot on removal', () => {
    const { template } = synthCache({ snapshotRetention: Duration.days(10) });
    template.hasResource('AWS::ElastiCache::ReplicationGroup', {
      DeletionPolicy: 'Snapshot',
      Properties: Match.objectLike({
        SnapshotRetentionLimit: 10,
        SnapshotWindow: '03:00-05:00',
        PreferredMaintenanceWindow: 'sun:06:00-sun:07:00',
      }),
    });
  });

  test('uses a subnet group over the isolated subnets of every AZ', () => {
    const { template, network } = synthCache();
    const stack = network.vpc.stack;
    template.hasResourceProperties('AWS::ElastiCache::SubnetGroup', {
      SubnetIds: network.vpc.selectSubnets(network.dataSubnets).subnetIds.map((id) => stack.resolve(id)),
    });
  });

  test('delivers the slow log and engine log to encrypted log groups', () => {
    const { group, template } = synthCache();
    expect(group.Properties.LogDeliveryConfigurations.map((c: { LogType: string }) => c.LogType)).toEqual(['slow-log', 'engine-log']);
    template.resourcePropertiesCountIs('AWS::Logs::LogGroup', { KmsKeyId: Match.anyValue() }, 3); // + the network's flow log
  });

  test('only peers granted with allowFrom reach port 6379', () => {
    const { stack, cache, network } = buildCache();
    const client = new ec2.SecurityGroup(stack, 'Client', { vpc: network.vpc });
    cache.allowFrom(client);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CacheSecurityGroup'), 'GroupId'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Client'), 'GroupId'] },
      FromPort: 6379,
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('^Cache'),
      SecurityGroupIngress: Match.absent(),
    });
  });

  test('metrics fold over every node: CPU and memory by MAX, evictions and connections by SUM, lag over replicas', () => {
    const { cache } = synthCache();
    expect(cache.metricEngineCpuUtilization().expression).toBe(
      'MAX([enginecpuutilization_0_0, enginecpuutilization_0_1, enginecpuutilization_0_2])',
    );
    expect(cache.metricMemoryUsagePercent().expression).toBe(
      'MAX([databasememoryusagepercentage_0_0, databasememoryusagepercentage_0_1, databasememoryusagepercentage_0_2])',
    );
    expect(cache.metricEvictions().expression).toBe('SUM([evictions_0_0, evictions_0_1, evictions_0_2])');
    expect(cache.metricCurrentConnections().expression).toBe('SUM([currconnections_0_0, currconnections_0_1, currconnections_0_2])');
    expect(cache.metricReplicationLag().expression).toBe('MAX([replicationlag_0_1, replicationlag_0_2])');
    expect(cache.metricNodesReporting().expression).toBe(
      'SUM([enginecpuutilization_0_0, enginecpuutilization_0_1, enginecpuutilization_0_2])',
    );
    expect(cache.nodeCount).toBe(3);
  });

  test('one node warns that nothing fails over, and fails in strict mode', () => {
    const { stack, group } = synthCache({ replicasPerShard: 0 });
    expect(group.Properties.MultiAZEnabled).toBe(false);
    Annotations.fromStack(stack).hasWarning('/TestStack/Cache', Match.stringLikeRegexp(HaWarnings.SINGLE_NODE_CACHE));
    expect(() => synthCache({ replicasPerShard: 0, strict: true })).toThrow(/replicasPerShard is 0.*strict mode/s);
  });

  test.each<[string, CacheOptions, RegExp]>([
    [
      'more nodes per shard than AZs',
      { replicasPerShard: 3 },
      /replicasPerShard is 3, so a shard's 4 nodes need 4 AZs but the network has 3; use at most 2/,
    ],
    ['no shard', { shards: 0 }, /shards is 0/],
    ['snapshots kept for 0 days', { snapshotRetention: Duration.days(0) }, /snapshotRetention is 0 days/],
    ['overlapping windows', { snapshotWindow: '05:30-06:30' }, /snapshotWindow '05:30-06:30' overlaps preferredMaintenanceWindow/],
    ['DESTROY in strict mode', { removalPolicy: RemovalPolicy.DESTROY, strict: true }, /removalPolicy is DESTROY/],
  ])('fails with %s', (_name, options, message) => {
    expect(() => synthCache(options)).toThrow(message);
  });
});
