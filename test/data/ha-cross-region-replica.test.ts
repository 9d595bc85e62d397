import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { DatabaseEngine, HaCrossRegionReplica, HaCrossRegionReplicaProps } from '../../lib';
import { alarmTopic, stackWithNetwork } from '../support/fixtures';
import { alarmFires, evaluateAlarmMetrics, Series } from '../support/metric-math';

// The test stack is in us-east-1; the source is in another Region.
const SOURCE_ARN = 'arn:aws:rds:eu-west-1:123456789012:db:prod-data-databaseinstance-abc123';

function synthReplica(options: Partial<Omit<HaCrossRegionReplicaProps, 'network' | 'alarmTopic'>> = {}) {
  const { stack, network } = stackWithNetwork();
  const replica = new HaCrossRegionReplica(stack, 'Standby', {
    network,
    alarmTopic: alarmTopic(stack),
    sourceDatabaseInstanceArn: SOURCE_ARN,
    ...options,
  });
  return { stack, network, replica, template: Template.fromStack(stack) };
}

describe('HaCrossRegionReplica', () => {
  test("replicates the source named by its ARN, encrypted with a key of the replica's own Region", () => {
    const { template, replica } = synthReplica();
    template.resourceCountIs('AWS::RDS::DBInstance', 1);
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      SourceDBInstanceIdentifier: SOURCE_ARN,
      // The key is a resource of this (us-east-1) stack, never the source Region's key.
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^StandbyKey'), 'Arn'] },
      PerformanceInsightsKMSKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^StandbyKey'), 'Arn'] },
      // CloudFormation rejects StorageEncrypted beside SourceDBInstanceIdentifier; KmsKeyId encrypts.
      StorageEncrypted: Match.absent(),
      MultiAZ: true,
      PubliclyAccessible: false,
      DeletionProtection: true,
      DBSubnetGroupName: Match.anyValue(),
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    expect(replica.sourceRegion).toBe('eu-west-1');
  });

  test('is retained when removed, since once promoted it holds the only copy', () => {
    const { template } = synthReplica();
    template.hasResource('AWS::RDS::DBInstance', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  test('forces TLS with a parameter group of the source engine', () => {
    const { template } = synthReplica({ engine: DatabaseEngine.MYSQL });
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', {
      Family: Match.stringLikeRegexp('^mysql'),
      Parameters: Match.objectLike({ require_secure_transport: Match.anyValue() }),
    });
  });

  test('opens its port only to peers it is given', () => {
    const { template } = synthReplica();
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'Cross-region replica: engine port from granted peers only',
      SecurityGroupEgress: Match.arrayWith([Match.objectLike({ CidrIp: '255.255.255.255/32' })]),
    });
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);

    const { stack, network } = stackWithNetwork();
    const replica = new HaCrossRegionReplica(stack, 'Standby', {
      network,
      alarmTopic: alarmTopic(stack),
      sourceDatabaseInstanceArn: SOURCE_ARN,
    });
    replica.allowFrom(new ec2.SecurityGroup(stack, 'Client', { vpc: network.vpc }));
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432 });
  });

  describe('replication-lag alarm', () => {
    const { template } = synthReplica({ maxReplicaLag: Duration.minutes(2), alarmNamePrefix: 'prod-eu-data' });
    const alarm = Object.values(template.findResources('AWS::CloudWatch::Alarm')).find((a) =>
      JSON.stringify(a.Properties.Metrics ?? []).includes('ReplicaLag'),
    )!.Properties;
    const fires = (lag: Series) =>
      alarmFires(
        alarm,
        evaluateAlarmMetrics(alarm, (stat) => (stat.Metric.MetricName === 'ReplicaLag' ? lag : Array(lag.length).fill(null)), lag.length),
      );

    test('is named for the environment, reads ReplicaLag of the replica each minute and notifies on ALARM and OK', () => {
      expect(alarm.AlarmName).toBe('prod-eu-data-replica-lag');
      expect(alarm.Threshold).toBe(120);
      expect(alarm.AlarmActions).toHaveLength(1);
      expect(alarm.OKActions).toEqual(alarm.AlarmActions);
      const stat = alarm.Metrics.find((m: any) => m.MetricStat).MetricStat;
      expect(stat).toMatchObject({ Period: 60, Stat: 'Maximum', Metric: { Namespace: 'AWS/RDS', MetricName: 'ReplicaLag' } });
      expect(stat.Metric.Dimensions).toHaveLength(1);
      expect(stat.Metric.Dimensions[0].Name).toBe('DBInstanceIdentifier');
      expect(stat.Metric.Dimensions[0].Value.Ref).toMatch(/^StandbyReplica[0-9A-F]{8}$/);
    });

    test.each<[string, Series, boolean]>([
      ['stays OK while the lag is within the RPO', [5, 30, 119, 120, 60], false],
      ['fires when the lag stays above the RPO for 3 minutes', [5, 121, 300, 400, 500], true],
      ['does not fire on 2 minutes above it', [5, 5, 5, 300, 300], false],
      ['fires when replication stops (MySQL reports -1)', [3, 3, -1, -1, -1], true],
      ['fires when the replica reports nothing (not shown to replicate)', [3, 3, null, null, null], true],
      ['does not count one missing minute among healthy ones', [3, null, 3, 3, 3], false],
    ])('%s', (_name, lag, expected) => {
      expect(fires(lag)).toBe(expected);
    });
  });

  test.each<[string, Partial<HaCrossRegionReplicaProps>, RegExp]>([
    [
      'a source in its own Region',
      { sourceDatabaseInstanceArn: 'arn:aws:rds:us-east-1:123456789012:db:prod-db' },
      /this stack's own Region/,
    ],
    ['a source that is no DB instance ARN', { sourceDatabaseInstanceArn: 'prod-db' }, /'prod-db' is not a DB instance ARN/],
    ['a cluster ARN', { sourceDatabaseInstanceArn: 'arn:aws:rds:eu-west-1:123456789012:cluster:prod' }, /is not a DB instance ARN/],
    ['no lag at all', { maxReplicaLag: Duration.seconds(0) }, /maxReplicaLag is 0 s; give at least/],
    ['a snapshot removal policy', { removalPolicy: RemovalPolicy.SNAPSHOT }, /removalPolicy is SNAPSHOT; use RETAIN/],
  ])('fails for %s', (_name, props, message) => {
    expect(() => synthReplica(props)).toThrow(message);
  });
});
