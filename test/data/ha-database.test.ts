import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { DatabaseEngine, DatabaseTopology, HaDatabase, HaDatabaseProps, HaWarnings } from '../../lib';
import { stackWithNetwork } from '../support/fixtures';

type DbOptions = Omit<HaDatabaseProps, 'network'>;

function buildDb(options: DbOptions = {}) {
  const { stack, network } = stackWithNetwork();
  const db = new HaDatabase(stack, 'Db', { network, ...options });
  return { stack, db, network };
}

function synthDb(options: DbOptions = {}) {
  const built = buildDb(options);
  return { ...built, template: Template.fromStack(built.stack) };
}

/** The default database, synthesized once for the tests that only read it. */
let defaultDb: ReturnType<typeof synthDb> | undefined;
function synthDefaultDb() {
  defaultDb ??= synthDb();
  return defaultDb;
}

function instances(template: Template) {
  return Object.values(template.findResources('AWS::RDS::DBInstance'));
}

const primaryOf = (template: Template) => instances(template).find((i) => !i.Properties.SourceDBInstanceIdentifier)!;
const replicasOf = (template: Template) => instances(template).filter((i) => i.Properties.SourceDBInstanceIdentifier);

describe('HaDatabase (Multi-AZ instance)', () => {
  test('runs a Multi-AZ primary with a replica in each of two more AZs by default', () => {
    const { template, db } = synthDefaultDb();
    expect(primaryOf(template).Properties.MultiAZ).toBe(true);
    const zones = replicasOf(template).map((r) => r.Properties.AvailabilityZone);
    expect(zones).toEqual(['us-east-1a', 'us-east-1b']);
    expect(new Set(zones).size).toBe(zones.length);
    expect(db.readerEndpoints).toHaveLength(2);
  });

  test.each([
    [1, ['us-east-1a']],
    [3, ['us-east-1a', 'us-east-1b', 'us-east-1c']],
  ])('places %i replicas in distinct AZs', (count, zones) => {
    const { template } = synthDb({ readReplicas: count });
    expect(replicasOf(template).map((r) => r.Properties.AvailabilityZone)).toEqual(zones);
  });

  test('encrypts storage with a rotating customer-managed key, gp3 with autoscaling', () => {
    const { template } = synthDefaultDb();
    const primary = primaryOf(template);
    expect(primary.Properties).toMatchObject({
      StorageEncrypted: true,
      StorageType: 'gp3',
      AllocatedStorage: '100',
      MaxAllocatedStorage: 1000,
    });
    expect(primary.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^DbKey/), 'Arn'] });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    for (const replica of replicasOf(template)) {
      // Inherits the source's encryption; CloudFormation refuses StorageEncrypted on a replica.
      expect(replica.Properties.StorageType).toBe('gp3');
      expect(replica.Properties.StorageEncrypted).toBeUndefined();
    }
  });

  test('keeps 14 days of backups, copies tags to snapshots, upgrades minors, and keeps windows apart', () => {
    const { template } = synthDefaultDb();
    expect(primaryOf(template).Properties).toMatchObject({
      BackupRetentionPeriod: 14,
      CopyTagsToSnapshot: true,
      AutoMinorVersionUpgrade: true,
      PreferredBackupWindow: '03:00-04:00',
      PreferredMaintenanceWindow: 'sun:05:00-sun:06:00',
    });
  });

  test('is deletion-protected and snapshotted on removal by default; replicas are plain copies that a lower readReplicas deletes', () => {
    const { template } = synthDefaultDb();
    template.hasResource('AWS::RDS::DBInstance', {
      DeletionPolicy: 'Snapshot',
      UpdateReplacePolicy: 'Snapshot',
      Properties: Match.objectLike({ DeletionProtection: true, MultiAZ: true }),
    });
    for (const replica of Object.values(
      template.findResources('AWS::RDS::DBInstance', { Properties: { SourceDBInstanceIdentifier: Match.anyValue() } }),
    )) {
      // Consistent with DeletionPolicy Delete: protection would leave an orphan CloudFormation cannot remove (ADR 0053).
      expect(replica.DeletionPolicy).toBe('Delete');
      expect(replica.Properties.DeletionProtection).toBe(false);
    }
  });

  test('generates credentials into a KMS-encrypted Secrets Manager secret that RDS rotates; no password in the template', () => {
    const { template } = synthDefaultDb();
    const primary = primaryOf(template);
    expect(primary.Properties.ManageMasterUserPassword).toBe(true);
    expect(primary.Properties.MasterUserSecret).toEqual({ KmsKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^DbKey/), 'Arn'] } });
    expect(primary.Properties.MasterUserPassword).toBeUndefined();
  });

  test.each([
    [DatabaseEngine.POSTGRES, 'rds.force_ssl', '1', 5432],
    [DatabaseEngine.MYSQL, 'require_secure_transport', 'ON', 3306],
  ])('%s: a parameter group forces TLS and the port is its own', (engine, parameter, value, port) => {
    const { template, db } = synthDb({ engine });
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', { Parameters: { [parameter]: value } });
    expect(db.port).toBe(port);
  });

  test('sits in isolated subnets, not publicly accessible', () => {
    const { template, network } = synthDefaultDb();
    const stack = network.vpc.stack;
    const dataSubnets = network.vpc.selectSubnets(network.dataSubnets).subnetIds.map((id) => stack.resolve(id));
    template.hasResourceProperties('AWS::RDS::DBSubnetGroup', { SubnetIds: dataSubnets });
    for (const instance of instances(template)) {
      expect(instance.Properties.PubliclyAccessible).toBe(false);
    }
  });

  test('only peers granted with allowFrom reach the engine port', () => {
    const { stack, db, network } = buildDb();
    const client = new ec2.SecurityGroup(stack, 'Client', { vpc: network.vpc });
    db.allowFrom(client);
    const template = Template.fromStack(stack);
    const [dbSg] = Object.entries(
      template.findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: Match.stringLikeRegexp('^Database') } }),
    );
    expect(dbSg[1].Properties.SecurityGroupIngress).toBeUndefined();
    expect(
      Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')).filter((r) => JSON.stringify(r).includes(dbSg[0])),
    ).toHaveLength(1);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: { 'Fn::GetAtt': [dbSg[0], 'GroupId'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Client'), 'GroupId'] },
      FromPort: 5432,
      ToPort: 5432,
    });
  });

  test('grantSecretRead gives a role the secret and decryption through Secrets Manager only', () => {
    const { stack, db } = buildDb();
    const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    db.grantSecretRead(role);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DbInstance'), 'MasterUserSecret.SecretArn'] },
          }),
          Match.objectLike({
            Action: 'kms:Decrypt',
            Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } },
          }),
        ],
      },
    });
  });

  test('turns on Performance Insights (encrypted), Enhanced Monitoring and log exports', () => {
    const { template } = synthDefaultDb();
    expect(primaryOf(template).Properties).toMatchObject({
      EnablePerformanceInsights: true,
      MonitoringInterval: 60,
      EnableCloudwatchLogsExports: ['postgresql', 'upgrade'],
    });
    expect(primaryOf(template).Properties.PerformanceInsightsKMSKeyId).toBeDefined();
  });

  test('exposes metrics for CPU, memory, storage, connections, latency, disk queue and replica lag per replica', () => {
    const { db, stack } = synthDefaultDb();
    expect(db.metricCpuUtilization().metricName).toBe('CPUUtilization');
    expect(db.metricFreeableMemory().metricName).toBe('FreeableMemory');
    expect(db.metricFreeStorageSpace().metricName).toBe('FreeStorageSpace');
    expect(db.metricDatabaseConnections().metricName).toBe('DatabaseConnections');
    expect(db.metricReadLatency().metricName).toBe('ReadLatency');
    expect(db.metricWriteLatency().metricName).toBe('WriteLatency');
    expect(db.metricDiskQueueDepth().metricName).toBe('DiskQueueDepth');
    const lags = db.metricReplicaLag();
    expect(lags.map((m) => m.metricName)).toEqual(['ReplicaLag', 'ReplicaLag']);
    expect(lags.map((m) => stack.resolve(m.dimensions!.DBInstanceIdentifier))).toEqual(
      db.readReplicas.map((r) => stack.resolve(r.instanceIdentifier)),
    );
  });
});

describe('HaDatabase (Aurora cluster)', () => {
  test('spreads a writer and readers over every AZ, all promotable', () => {
    const { template, db } = synthDb({ topology: DatabaseTopology.AURORA_CLUSTER });
    const zones = instances(template)
      .map((i) => i.Properties.AvailabilityZone)
      .sort();
    expect(zones).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c']);
    expect(db.replicaAvailabilityZones).toEqual(['us-east-1b', 'us-east-1c']);
    template.hasResource('AWS::RDS::DBCluster', {
      DeletionPolicy: 'Snapshot',
      Properties: Match.objectLike({
        StorageEncrypted: true,
        DeletionProtection: true,
        BackupRetentionPeriod: 14,
        ManageMasterUserPassword: true,
      }),
    });
    template.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', { Parameters: { 'rds.force_ssl': '1' } });
    expect(db.readerEndpoints).toHaveLength(1);
    expect(db.metricReplicaLag().map((m) => m.metricName)).toEqual(['AuroraReplicaLagMaximum']);
  });

  test('Aurora MySQL can be rewound for 24 hours by default (Backtrack); Aurora PostgreSQL has no such feature', () => {
    const { template: mysql } = synthDb({ topology: DatabaseTopology.AURORA_CLUSTER, engine: DatabaseEngine.MYSQL });
    mysql.hasResourceProperties('AWS::RDS::DBCluster', { Engine: 'aurora-mysql', BacktrackWindow: 86400 });
    mysql.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', { Parameters: { require_secure_transport: 'ON' } });
    const { template: postgres } = synthDb({ topology: DatabaseTopology.AURORA_CLUSTER });
    postgres.hasResourceProperties('AWS::RDS::DBCluster', { BacktrackWindow: Match.absent() });
  });

  test('warns that a cluster without readers has nothing to fail over to', () => {
    const { stack } = synthDb({ topology: DatabaseTopology.AURORA_CLUSTER, readReplicas: 0 });
    Annotations.fromStack(stack).hasWarning('/TestStack/Db', Match.stringLikeRegexp(HaWarnings.SINGLE_AZ_DATABASE));
  });
});

describe('HaDatabase weakening choices', () => {
  test('multiAz: false warns, and fails in strict mode', () => {
    const { stack } = synthDb({ multiAz: false });
    Annotations.fromStack(stack).hasWarning('/TestStack/Db', Match.stringLikeRegexp(`multiAz is false.*${HaWarnings.SINGLE_AZ_DATABASE}`));
    expect(() => synthDb({ multiAz: false, strict: true })).toThrow(/multiAz is false.*strict mode/s);
  });

  test('more replicas than AZs warn that some share an AZ, and fail in strict mode', () => {
    const { stack, template } = synthDb({ readReplicas: 4 });
    expect(replicasOf(template).map((r) => r.Properties.AvailabilityZone)).toEqual([
      'us-east-1a',
      'us-east-1b',
      'us-east-1c',
      'us-east-1a',
    ]);
    Annotations.fromStack(stack).hasWarning(
      '/TestStack/Db',
      Match.stringLikeRegexp(`readReplicas is 4 over 3 AZs.*${HaWarnings.REPLICAS_SHARE_AZ}`),
    );
    expect(() => synthDb({ readReplicas: 4, strict: true })).toThrow(/some replicas share an AZ/);
  });
});

describe('HaDatabase validation', () => {
  test.each<[string, DbOptions, RegExp]>([
    ['retention below 7 days', { backupRetention: Duration.days(3) }, /backupRetention is 3 days; keep 7 to 35 days/],
    [
      'retention below 14 days in strict mode',
      { backupRetention: Duration.days(7), strict: true },
      /backupRetention is 7 days; keep 14 to 35 days \(strict mode/,
    ],
    ['retention beyond 35 days', { backupRetention: Duration.days(40) }, /backupRetention is 40 days/],
    [
      'overlapping windows',
      { preferredBackupWindow: '04:30-05:30' },
      /preferredBackupWindow '04:30-05:30' overlaps preferredMaintenanceWindow 'sun:05:00-sun:06:00'/,
    ],
    ['a malformed window', { preferredMaintenanceWindow: 'sunday 5am' }, /preferredMaintenanceWindow 'sunday 5am' is not a UTC window/],
    ['a negative replica count', { readReplicas: -1 }, /readReplicas is -1/],
    [
      'storage ceiling below allocation',
      { allocatedStorageGiB: 500, maxAllocatedStorageGiB: 100 },
      /allocatedStorageGiB is 500 and maxAllocatedStorageGiB 100/,
    ],
    ['DESTROY in strict mode', { removalPolicy: RemovalPolicy.DESTROY, strict: true }, /removalPolicy is DESTROY/],
    ['no deletion protection in strict mode', { deletionProtection: false, strict: true }, /deletionProtection is false/],
    [
      'a backtrack window beyond 72 hours',
      { topology: DatabaseTopology.AURORA_CLUSTER, engine: DatabaseEngine.MYSQL, backtrackWindow: Duration.hours(80) },
      /backtrackWindow is 80 hours/,
    ],
    ['multiAz false with Aurora', { topology: DatabaseTopology.AURORA_CLUSTER, multiAz: false }, /Aurora is Multi-AZ through its readers/],
  ])('fails with %s', (_name, options, message) => {
    expect(() => synthDb(options)).toThrow(message);
  });

  test('errors name the construct path', () => {
    expect(() => synthDb({ readReplicas: -1 })).toThrow(/HaDatabase: invalid properties:[\s\S]*\[at TestStack\/Db\]/);
  });
});
