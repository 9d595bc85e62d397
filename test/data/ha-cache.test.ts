import { CfnElement, Duration, RemovalPolicy } from 'aws-cdk-lib';
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

  test('rotates the AUTH token every 30 days by default, first when the schedule is deployed, once the group exists', () => {
    const { template, stack, cache } = synthCache();
    const id = (construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as CfnElement);
    const groupId = stack.getLogicalId(cache.replicationGroup);
    const [schedule] = Object.values(template.findResources('AWS::SecretsManager::RotationSchedule'));
    expect(schedule.Properties).toEqual({
      SecretId: { Ref: expect.stringMatching(/^CacheAuthToken/) },
      RotationLambdaARN: { 'Fn::GetAtt': [id(cache.authTokenRotation.function), 'Arn'] },
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
      RotateImmediatelyOnUpdate: true,
    });
    expect(schedule.DependsOn).toEqual(
      expect.arrayContaining([groupId, expect.stringMatching(/^CacheTokenRotationFunctionInvokedBySecretsManager/)]),
    );
    for (const [days, expression] of [
      [7, 'rate(7 days)'],
      [1, 'rate(1 day)'],
    ] as const) {
      synthCache({ authTokenRotationSchedule: Duration.days(days) }).template.hasResourceProperties(
        'AWS::SecretsManager::RotationSchedule',
        {
          RotationRules: { ScheduleExpression: expression },
        },
      );
    }
  });

  test('the rotation function is inline Python with boto3, in the application subnets, with time to wait for a modifying group', () => {
    const { template, network, stack } = synthCache();
    const [fn] = Object.values(template.findResources('AWS::Lambda::Function', { Properties: { Handler: 'index.handler' } }));
    expect(fn.Properties).toMatchObject({
      Runtime: 'python3.15',
      Timeout: 900,
      Environment: { Variables: { REPLICATION_GROUP_ID: { Ref: expect.stringMatching(/^CacheReplicationGroup/) } } },
      VpcConfig: { SubnetIds: network.vpc.selectSubnets(network.applicationSubnets).subnetIds.map((s) => stack.resolve(s)) },
    });
    expect(fn.Properties.Code.ZipFile).toContain('AuthTokenUpdateStrategy=strategy');
    expect(fn.Properties.Code.S3Bucket).toBeUndefined(); // no asset to publish
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'secretsmanager.amazonaws.com',
      SourceArn: { Ref: Match.stringLikeRegexp('^CacheAuthToken') },
      SourceAccount: { Ref: 'AWS::AccountId' },
    });
  });

  test("the rotation role may change this group's token and this secret's versions, and nothing else by name", () => {
    const { template } = synthCache();
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p.Properties.Roles).includes('CacheTokenRotationServiceRole'),
    );
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement);
    const byAction = (action: string) => statements.filter((s: any) => [s.Action].flat().includes(action));
    expect(byAction('elasticache:ModifyReplicationGroup')[0].Resource).toEqual({
      'Fn::Join': [
        '',
        ['arn:aws:elasticache:us-east-1:123456789012:replicationgroup:', { Ref: expect.stringMatching(/^CacheReplicationGroup/) }],
      ],
    });
    expect(byAction('secretsmanager:PutSecretValue')[0].Resource).toEqual({ Ref: expect.stringMatching(/^CacheAuthToken/) });
    expect(byAction('kms:GenerateDataKey')[0]).toMatchObject({
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^CacheKey/), 'Arn'] },
      Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } },
    });
    expect(byAction('secretsmanager:GetRandomPassword')).toEqual([]); // the function draws tokens itself
    const wildcard = statements.filter((s: any) => s.Resource === '*');
    expect(wildcard.flatMap((s: any) => s.Action).sort()).toEqual([
      'ec2:AssignPrivateIpAddresses',
      'ec2:CreateNetworkInterface',
      'ec2:DeleteNetworkInterface',
      'ec2:DescribeNetworkInterfaces',
      'ec2:UnassignPrivateIpAddresses',
    ]);
  });

  test('the rotation function reaches the cache port and HTTPS only, and the cache admits it on 6379', () => {
    const { template } = synthCache();
    const [group] = Object.entries(
      template.findResources('AWS::EC2::SecurityGroup', {
        Properties: { GroupDescription: Match.stringLikeRegexp('^Cache token rotation') },
      }),
    );
    expect(group[1].Properties.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '0.0.0.0/0', FromPort: 443, ToPort: 443 })]);
    expect(group[1].Properties.SecurityGroupIngress).toBeUndefined();
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      GroupId: { 'Fn::GetAtt': [group[0], 'GroupId'] },
      DestinationSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CacheSecurityGroup'), 'GroupId'] },
      FromPort: 6379,
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CacheSecurityGroup'), 'GroupId'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [group[0], 'GroupId'] },
      FromPort: 6379,
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
    template.resourcePropertiesCountIs('AWS::Logs::LogGroup', { KmsKeyId: Match.anyValue() }, 4); // + the network's flow log and the token rotation's
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
    [
      'a rotation schedule in part-days',
      { authTokenRotationSchedule: Duration.hours(36) },
      /authTokenRotationSchedule is 1 day 12 hours; use whole days from 1 to 1000, e.g. Duration.days\(30\)/,
    ],
    ['a rotation schedule over 1000 days', { authTokenRotationSchedule: Duration.days(1001) }, /authTokenRotationSchedule is 1001 days/],
  ])('fails with %s', (_name, options, message) => {
    expect(() => synthCache(options)).toThrow(message);
  });
});
