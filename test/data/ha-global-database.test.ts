import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  analyzeAzLoss,
  DATABASE_FAILOVER,
  DatabaseEngine,
  DatabaseTopology,
  HaDatabase,
  HaDatabaseProps,
  HaGlobalSecondaryCluster,
  HaGlobalSecondaryClusterProps,
  REPLICA_SPREAD,
  checkEnvironment,
} from '../../lib';
import { alarmTopic, stackWithNetwork } from '../support/fixtures';
import { alarmFires, Series } from '../support/metric-math';
import { modelOf } from '../support/model';

const GLOBAL = 'prod-database';
const SECRET = 'prod/database/master';

function primary(props: Partial<HaDatabaseProps> = {}) {
  const { stack, network } = stackWithNetwork();
  const database = new HaDatabase(stack, 'Database', {
    network,
    topology: DatabaseTopology.AURORA_CLUSTER,
    globalClusterIdentifier: GLOBAL,
    credentialsSecretName: SECRET,
    credentialsReplicaRegions: ['us-west-2'],
    ...props,
  });
  return { stack, database, template: Template.fromStack(stack) };
}

function secondary(props: Partial<HaGlobalSecondaryClusterProps> = {}) {
  const { stack, network } = stackWithNetwork();
  const cluster = new HaGlobalSecondaryCluster(stack, 'Standby', {
    network,
    alarmTopic: alarmTopic(stack),
    globalClusterIdentifier: GLOBAL,
    credentialsSecretName: SECRET,
    ...props,
  });
  return {
    stack,
    cluster,
    get template() {
      return Template.fromStack(stack);
    },
  };
}

describe('HaDatabase as the primary of an Aurora Global Database', () => {
  test('creates the global cluster from the deployed cluster, by a fixed identifier', () => {
    const { template } = primary();
    template.resourceCountIs('AWS::RDS::GlobalCluster', 1);
    template.hasResourceProperties('AWS::RDS::GlobalCluster', {
      GlobalClusterIdentifier: GLOBAL,
      SourceDBClusterIdentifier: Match.objectLike({ 'Fn::Join': Match.anyValue() }),
      DeletionProtection: true,
      // Inherited from the source: CloudFormation refuses them beside SourceDBClusterIdentifier.
      Engine: Match.absent(),
      EngineVersion: Match.absent(),
      StorageEncrypted: Match.absent(),
    });
    // The cluster itself declares no membership: it stays the deployed resource, updated in place.
    template.hasResourceProperties('AWS::RDS::DBCluster', { GlobalClusterIdentifier: Match.absent() });
  });

  test('keeps its master credentials in a generated secret replicated to the standby Region (RDS-managed ones are not supported in a global database)', () => {
    const { template } = primary();
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      ManageMasterUserPassword: false,
      MasterUsername: 'dbadmin',
      MasterUserPassword: Match.anyValue(),
    });
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: SECRET,
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DatabaseKey'), 'Arn'] },
      // No KmsKeyId: the replica uses the standby Region's aws/secretsmanager key (docs/adr/0085).
      ReplicaRegions: [{ Region: 'us-west-2' }],
    });
  });

  test('turns Backtrack off on Aurora MySQL, which a global database does not support', () => {
    const { template } = primary({ engine: DatabaseEngine.MYSQL });
    template.hasResourceProperties('AWS::RDS::DBCluster', { BacktrackWindow: 0 });
  });

  test('is judged like any Aurora cluster by the guarantee engine', () => {
    const { template } = primary();
    expect(checkEnvironment(modelOf(template.toJSON()))).toEqual([]);
  });

  test.each<[string, Partial<HaDatabaseProps>, RegExp]>([
    ['an RDS instance', { topology: DatabaseTopology.MULTI_AZ_INSTANCE }, /needs DatabaseTopology.AURORA_CLUSTER/],
    ['an identifier with a double hyphen', { globalClusterIdentifier: 'prod--db' }, /is not a global cluster identifier/],
    ['Aurora MySQL before 3.01', { engine: DatabaseEngine.MYSQL, engineVersion: '3.00.1' }, /runs Aurora MySQL 3.01.0 and higher/],
    ['a Backtrack window', { engine: DatabaseEngine.MYSQL, backtrackWindow: Duration.hours(1) }, /does not support Backtrack/],
    ['replica Regions without a global database', { globalClusterIdentifier: undefined }, /apply to a global database only/],
  ])('fails for %s', (_name, props, message) => {
    expect(() => primary(props)).toThrow(message);
  });
});

describe('HaGlobalSecondaryCluster', () => {
  const { template, cluster } = secondary({ readReplicas: 2, maxReplicaLag: Duration.minutes(2), alarmNamePrefix: 'prod-us-west-2-data' });

  test('joins the global cluster by its identifier, encrypted with a key of its own Region, with no master user of its own', () => {
    template.hasResource('AWS::RDS::DBCluster', {
      Properties: Match.objectLike({
        GlobalClusterIdentifier: GLOBAL,
        StorageEncrypted: true,
        KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^StandbyKey'), 'Arn'] },
        MasterUsername: Match.absent(),
        ManageMasterUserPassword: Match.absent(),
        MasterUserSecret: Match.absent(),
        DatabaseName: Match.absent(),
        DeletionProtection: true,
        EnableIAMDatabaseAuthentication: true,
      }),
      DeletionPolicy: 'Snapshot',
      UpdateReplacePolicy: 'Snapshot',
    });
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
  });

  test("spreads its instances over the Region's AZs as the primary places its writer and readers", () => {
    const zones = Object.values(template.findResources('AWS::RDS::DBInstance')).map((i) => i.Properties.AvailabilityZone);
    expect(zones).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c']);
    expect(cluster.instanceAvailabilityZones).toEqual(zones);
  });

  test('passes every guarantee: it is the writer once promoted, with readers in other AZs', () => {
    expect(checkEnvironment(modelOf(template.toJSON()))).toEqual([]);
  });

  test('lets a role read the replicated credentials in its own Region, by name, on the role alone', () => {
    const fresh = secondary();
    const role = new iam.Role(fresh.stack, 'Reader', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    fresh.cluster.grantSecretRead(role);
    const policies = Template.fromStack(fresh.stack).findResources('AWS::IAM::Policy');
    const statements = Object.values(policies).flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
        // The replica's ARN in the stack's own Region: no reference to the primary Region.
        Resource: `arn:aws:secretsmanager:us-east-1:123456789012:secret:${SECRET}-??????`,
      }),
    );
  });

  describe('replication-lag alarm', () => {
    const alarm = Object.values(template.findResources('AWS::CloudWatch::Alarm')).find(
      (a) => a.Properties.MetricName === 'AuroraGlobalDBReplicationLag',
    )!.Properties;
    // A plain metric alarm: the series it compares is the metric itself, in milliseconds.
    const fires = (lagMs: Series) => alarmFires(alarm, lagMs);

    test('reads AuroraGlobalDBReplicationLag (ms) of the secondary each minute, against maxReplicaLag in ms', () => {
      expect(alarm.AlarmName).toBe('prod-us-west-2-data-global-replication-lag');
      expect(alarm.Threshold).toBe(120_000);
      expect(alarm.TreatMissingData).toBe('breaching');
      expect(alarm.OKActions).toEqual(alarm.AlarmActions);
      expect(alarm).toMatchObject({ Period: 60, Statistic: 'Maximum', Namespace: 'AWS/RDS', MetricName: 'AuroraGlobalDBReplicationLag' });
      expect(alarm.Dimensions).toEqual([{ Name: 'DBClusterIdentifier', Value: { Ref: expect.stringMatching(/^StandbyCluster/) } }]);
    });

    test.each<[string, Series, boolean]>([
      ['stays OK at the usual sub-second lag', [200, 800, 950, 400, 300], false],
      ['stays OK at exactly the threshold (120 000 ms)', [120_000, 120_000, 120_000], false],
      ['fires when the lag stays above 2 minutes for 3 minutes', [500, 121_000, 200_000, 300_000], true],
      ['does not fire on 2 minutes above it', [500, 500, 500, 300_000, 300_000], false],
      ['fires when the secondary reports nothing', [500, 500, null, null, null], true],
    ])('%s', (_name, lag, expected) => {
      expect(fires(lag)).toBe(expected);
    });
  });

  test.each<[string, Partial<HaGlobalSecondaryClusterProps>, RegExp]>([
    ['no reader to fail over to once promoted', { readReplicas: 0 }, /readReplicas is 0; give 1 to 15/],
    ['a bad identifier', { globalClusterIdentifier: '1prod' }, /'1prod' is not a global cluster identifier/],
    ['no lag at all', { maxReplicaLag: Duration.seconds(0) }, /maxReplicaLag is 0 s/],
    ['DESTROY with deletion protection', { removalPolicy: RemovalPolicy.DESTROY }, /could not delete it/],
  ])('fails for %s', (_name, props, message) => {
    expect(() => secondary(props)).toThrow(message);
  });
});

describe('the guarantee engine and a global secondary', () => {
  const { template } = secondary();
  const json = () => structuredClone(template.toJSON());
  const clusterOf = (t: any) => Object.values<any>(t.Resources).find((r) => r.Type === 'AWS::RDS::DBCluster');

  test('HA-DATA-001 still fails a secondary with a single instance: once promoted it has nothing to fail over to', () => {
    const t = json();
    for (const [id, r] of Object.entries<any>(t.Resources)) {
      if (r.Type === 'AWS::RDS::DBInstance' && r.Properties.AvailabilityZone !== 'us-east-1a') {
        delete t.Resources[id];
      }
    }
    expect(DATABASE_FAILOVER.check(modelOf(t)).map((p) => p.message)).toEqual([expect.stringMatching(/has 1 instance\(s\)/)]);
    expect(REPLICA_SPREAD.check(modelOf(t)).map((p) => p.message)).toEqual([expect.stringMatching(/planned with 2 reader\(s\)/)]);
  });

  test('the AZ-loss analysis describes it as a replicating secondary that keeps a reader, not as a writer failing over', () => {
    const [impact] = analyzeAzLoss(modelOf(json()), 'us-east-1a').filter((i) => i.kind === 'database');
    expect(impact).toMatchObject({
      survives: true,
      detail: expect.stringMatching(/2 of 3 instances of the global database's secondary remain/),
    });
  });

  test('fails closed when the global membership cannot be read', () => {
    const t = json();
    t.Parameters = { ...t.Parameters, GlobalId: { Type: 'String' } };
    clusterOf(t).Properties.GlobalClusterIdentifier = { Ref: 'GlobalId' };
    expect(DATABASE_FAILOVER.check(modelOf(t)).map((p) => p.message)).toEqual([
      expect.stringMatching(/whether the cluster writes or replicates a global database/),
    ]);
    expect(analyzeAzLoss(modelOf(t), 'us-east-1b').find((i) => i.kind === 'database')).toMatchObject({ survives: false });
  });

  test('fails closed when the environment also declares the global cluster it joins by name', () => {
    const t = json();
    t.Resources.Global = { Type: 'AWS::RDS::GlobalCluster', Properties: { GlobalClusterIdentifier: GLOBAL, Engine: 'aurora-postgresql' } };
    expect(DATABASE_FAILOVER.check(modelOf(t)).map((p) => p.message)).toEqual([
      expect.stringMatching(/which this environment also declares/),
    ]);
  });
});
