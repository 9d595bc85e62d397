import { readFileSync } from 'fs';
import { join } from 'path';
import { App, Duration, Stack, Stage } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import {
  addEnvironments,
  DatabaseEngine,
  DatabaseTopology,
  DEV,
  ENVIRONMENT_METADATA,
  EnvironmentProfile,
  HaStage,
  HaStandbyStage,
  PLACEHOLDER_ACCOUNT,
  PROD,
  SecondaryRegionSettings,
} from '../../lib';
import { defaultAppAssembly, defaultAppTemplates } from '../support/default-app';
import { testApp } from '../support/test-app';

const SOURCE_ARN = `arn:aws:rds:us-east-1:${PLACEHOLDER_ACCOUNT}:db:prod-data-databaseinstance-abc123`;
const STANDBY_AZS = ['us-west-2a', 'us-west-2b', 'us-west-2c'];

/** Prod with a warm standby in us-west-2 at half capacity, its primary already deployed. */
function prodWithStandby(changes: Partial<SecondaryRegionSettings> = {}): EnvironmentProfile {
  return {
    ...PROD,
    secondaryRegion: {
      region: 'us-west-2',
      availabilityZones: STANDBY_AZS,
      capacityPercent: 50,
      vpcCidr: '10.40.0.0/16',
      sourceDatabaseInstanceArn: SOURCE_ARN,
      maxReplicaLag: Duration.minutes(2),
      ...changes,
    },
  };
}

/** Every finding of every plugin, as [rule, severity], sorted. */
const findingsOf = (report: any): string[][] =>
  report.pluginReports
    .flatMap((r: { violations: Array<{ ruleName: string; severity: string }> }) => r.violations.map((v) => [v.ruleName, v.severity]))
    .sort();

/**
 * What a standby built from a profile without `web.failoverRecord` declares not built yet: the
 * HA-REG checks report the missing records as a warning, never as a pass (docs/adr/0083).
 */
const WITHOUT_FAILOVER_RECORD = [
  ['Annotation::cdk-ha-blueprint:standbyWithoutFailover', 'warning'],
  ['HA-REG-003', 'warning'],
];

const groupSizes = (stack: Stack) =>
  Object.values(Template.fromStack(stack).findResources('AWS::AutoScaling::AutoScalingGroup'))
    .map((g) => [Number(g.Properties.MinSize), Number(g.Properties.MaxSize)])
    .sort((a, b) => a[0] - b[0]);

describe('a profile with a secondary region', () => {
  // cdk-nag and the guarantees, as in `cdk synth`; CloudFormation's validator judges such a pair of
  // Stages in test/stacks/synth-validation.test.ts (one validator run for every App that needs it).
  const app = testApp();
  const [primary] = addEnvironments(app, { profiles: [prodWithStandby()] });
  const standby = app.node.findChild('prod-us-west-2') as HaStandbyStage;
  const assembly = app.synth(); // throws on any unacknowledged error finding of any plugin
  const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'));
  const template = (stack: Stack) => Template.fromStack(stack);

  test('synthesizes offline one Stage per Region, each deployable on its own', () => {
    expect(app.node.children.filter(Stage.isStage).map((c) => c.node.id)).toEqual(['prod', 'prod-us-west-2']);
    expect([primary.region, standby.region]).toEqual(['us-east-1', 'us-west-2']);
    // Explicit AZs: no context lookup is pending, so cdk.json needs no us-west-2 entry.
    expect(assembly.manifest.missing ?? []).toEqual([]);
    expect(assembly.getNestedAssembly('assembly-prod-us-west-2').manifest.missing ?? []).toEqual([]);
    expect(
      assembly
        .getNestedAssembly('assembly-prod-us-west-2')
        .stacks.map((s) => [s.stackName, s.environment.region])
        .sort(),
    ).toEqual([
      ['prod-us-west-2-Alerting', 'us-west-2'],
      ['prod-us-west-2-Dns', 'us-west-2'],
      // Route 53 publishes health-check metrics in us-east-1 only (docs/adr/0082).
      ['prod-us-west-2-EndpointHealth', 'us-east-1'],
      ['prod-us-west-2-Messaging', 'us-west-2'],
      ['prod-us-west-2-Network', 'us-west-2'],
      ['prod-us-west-2-Observability', 'us-west-2'],
      ['prod-us-west-2-StandbyData', 'us-west-2'],
      ['prod-us-west-2-Web', 'us-west-2'],
    ]);
  });

  test('no plugin finds anything in either Stage: every tier is in the standby, nothing is declared pending', () => {
    expect(findingsOf(report)).toEqual([]);
  });

  test("both Stages' availability reports carry the loss of the primary Region", () => {
    for (const dir of ['assembly-prod', 'assembly-prod-us-west-2']) {
      const written = JSON.parse(readFileSync(join(assembly.directory, dir, 'availability-report.json'), 'utf8'));
      expect(written.regionLoss).toMatchObject({
        primary: { region: 'us-east-1' },
        standby: { name: 'prod-us-west-2' },
        estimate: { rpoSeconds: 300 },
      });
      expect(readFileSync(join(assembly.directory, dir, 'availability-report.md'), 'utf8')).toMatch(/## Losing the primary Region/);
    }
  });

  test('nothing is acknowledged on a construct: the HA-REG checks judge the cross-Region replica, and cdk-ha-check sees the same', () => {
    const ours = report.pluginReports.find((r: { pluginName: string }) => r.pluginName === 'cdk-ha-blueprint');
    expect(ours?.suppressedViolations ?? []).toEqual([]);
  });

  test('the standby declares the primary it stands by for, and the primary its standby', () => {
    const declared = (stack: Stack) => template(stack).toJSON().Metadata[ENVIRONMENT_METADATA];
    expect(declared(standby.webStack).standbyFor).toEqual({
      name: 'prod',
      region: 'us-east-1',
      account: PLACEHOLDER_ACCOUNT,
      pending: [],
    });
    for (const stack of primary.node.children.filter(Stack.isStack)) {
      expect(declared(stack).standby).toEqual({ name: 'prod-us-west-2', region: 'us-west-2' });
    }
  });

  test("the standby's network spans its own Region's AZs with its own CIDR and a NAT gateway per AZ", () => {
    const network = template(standby.networkStack);
    network.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.40.0.0/16' });
    const zones = Object.values(network.findResources('AWS::EC2::Subnet')).map((s) => s.Properties.AvailabilityZone);
    expect([...new Set(zones)].sort()).toEqual(STANDBY_AZS);
    network.resourceCountIs('AWS::EC2::NatGateway', 3);
  });

  test("the standby's web tier runs half the primary's baseline and keeps its maximum, to scale up on failover", () => {
    // Per AZ ceil(baseline / (AZs - 1)) over 3 AZs: prod's 6 and 4 give 9 and 6; the standby's 3 and 2 give 6 and 3.
    expect(groupSizes(primary.webStack)).toEqual([
      [6, 20],
      [9, 30],
    ]);
    expect(groupSizes(standby.webStack)).toEqual([
      [3, 20],
      [6, 30],
    ]);
    template(standby.webStack).resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 1);
  });

  test("the standby's data stack holds a Multi-AZ cross-region replica of the primary, encrypted with a key of the standby's Region", () => {
    const data = template(standby.dataStack!);
    data.resourceCountIs('AWS::RDS::DBInstance', 1);
    data.hasResource('AWS::RDS::DBInstance', {
      Properties: Match.objectLike({
        SourceDBInstanceIdentifier: SOURCE_ARN,
        KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ReplicaKey'), 'Arn'] },
        MultiAZ: true,
        DeletionProtection: true,
        DBInstanceClass: 'db.r7g.xlarge',
      }),
      DeletionPolicy: 'Retain',
    });
    // The replica's key and the cold cache's.
    data.resourceCountIs('AWS::KMS::Key', 2);
    expect(Stack.of(standby.dataStack!.replica!.encryptionKey).region).toBe('us-west-2');
    expect(standby.dataStack!.terminationProtection).toBe(true);
  });

  test("the replica's lag alarm is in the standby, pages its topic and joins its redundancy-lost composite", () => {
    template(standby.dataStack!).hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'prod-us-west-2-data-replica-lag',
      Threshold: 120,
      TreatMissingData: 'breaching',
      AlarmActions: [Match.anyValue()],
    });
    const composites = template(standby.observabilityStack).findResources('AWS::CloudWatch::CompositeAlarm');
    const redundancy = Object.values(composites).filter((c) => JSON.stringify(c.Properties.AlarmName).includes('redundancy'));
    expect(redundancy.length).toBeGreaterThan(0);
    expect(JSON.stringify(redundancy.map((c) => c.Properties.AlarmRule))).toContain('ReplicaReplicationLagAlarm');
  });

  test("only the standby's web services reach the replica's port, by a rule in the Web stack", () => {
    const web = template(standby.webStack).toJSON();
    const rules = Object.values<any>(web.Resources).filter(
      (r) => r.Type === 'AWS::EC2::SecurityGroupIngress' && r.Properties.FromPort === 5432,
    );
    // One rule per service group: the default service and api.
    expect(rules.map((r) => r.Properties.SourceSecurityGroupId['Fn::GetAtt'][0]).sort()).toEqual([
      expect.stringMatching(/^WebSecurityGroup/),
      expect.stringMatching(/^WebServiceapiSecurityGroup/),
    ]);
    for (const rule of rules) {
      expect(JSON.stringify(rule.Properties.GroupId)).toContain('ReplicaSecurityGroup');
    }
    // The Data stack's only ingress rule is its own: the cache token rotation function to the cold cache.
    const dataRules = Object.values(template(standby.dataStack!).findResources('AWS::EC2::SecurityGroupIngress'));
    expect(dataRules.filter((r) => JSON.stringify(r.Properties.GroupId).includes('ReplicaSecurityGroup'))).toEqual([]);
    expect(dataRules.map((r) => r.Properties.FromPort)).toEqual([6379]);
    expect(standby.webStack.dependencies).toContain(standby.dataStack);
  });

  test("every standby stack declares the standby's own environment to the guarantee engine", () => {
    for (const stack of standby.node.children.filter(Stack.isStack)) {
      const declared = template(stack).toJSON().Metadata[ENVIRONMENT_METADATA];
      expect([stack.stackName, declared.name, declared.availabilityZones, declared.strict]).toEqual([
        stack.stackName,
        'prod-us-west-2',
        STANDBY_AZS,
        true,
      ]);
    }
  });

  test("the primary's Data stack gives the database ARN the standby's replica names", () => {
    template(primary.dataStack).hasOutput('DatabaseInstanceArn', {
      Value: Match.objectLike({ 'Fn::Join': Match.anyValue() }),
    });
  });
});

/** Prod on Aurora PostgreSQL with a warm standby in us-west-2: no instance ARN needed (docs/adr/0085). */
function auroraProdWithStandby(): EnvironmentProfile {
  return {
    ...PROD,
    data: { ...PROD.data, database: { ...PROD.data.database, topology: DatabaseTopology.AURORA_CLUSTER } },
    secondaryRegion: { region: 'us-west-2', availabilityZones: STANDBY_AZS, capacityPercent: 50, maxReplicaLag: Duration.seconds(30) },
  };
}

describe('an Aurora profile with a secondary region', () => {
  // cdk-nag and the guarantees; CloudFormation's validator judges this standby in synth-validation.test.ts.
  const app = testApp();
  const [primary] = addEnvironments(app, { profiles: [auroraProdWithStandby()] });
  const standby = app.node.findChild('prod-us-west-2') as HaStandbyStage;
  const assembly = app.synth();
  const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'));
  const template = (stack: Stack) => Template.fromStack(stack);
  const data = () => template(standby.dataStack!);

  test('no plugin finds anything unacknowledged, and the standby acknowledges no guarantee at all', () => {
    expect(report.pluginReports.flatMap((r: { violations: unknown[] }) => r.violations)).toEqual([]);
    // The plugin lists only plugins with findings or acknowledgements; ours has neither for the standby.
    const ours = report.pluginReports.find((r: { pluginName: string }) => r.pluginName === 'cdk-ha-blueprint');
    expect(
      (ours?.suppressedViolations ?? []).filter((s: { acknowledgedAt: string }) => s.acknowledgedAt.startsWith('prod-us-west-2')),
    ).toEqual([]);
  });

  test('the primary is the global database by a fixed identifier; the standby joins it by that name, with no ARN output and no warning', () => {
    template(primary.dataStack).hasResourceProperties('AWS::RDS::GlobalCluster', { GlobalClusterIdentifier: 'prod-database' });
    expect(template(primary.dataStack).findOutputs('DatabaseInstanceArn')).toEqual({});
    data().hasResourceProperties('AWS::RDS::DBCluster', { GlobalClusterIdentifier: 'prod-database' });
    expect(standby.node.metadata.filter((m) => m.type === 'aws:cdk:warning')).toEqual([]);
  });

  test("the secondary cluster has the primary's shape over the standby's AZs, a key of its own Region, and keeps its data on removal", () => {
    const zones = Object.values(data().findResources('AWS::RDS::DBInstance')).map((i) => i.Properties.AvailabilityZone);
    expect(zones).toEqual(STANDBY_AZS);
    data().hasResource('AWS::RDS::DBCluster', {
      Properties: Match.objectLike({
        KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^GlobalSecondaryKey'), 'Arn'] },
        DeletionProtection: true,
      }),
      DeletionPolicy: 'Snapshot',
      UpdateReplacePolicy: 'Snapshot',
    });
    expect(Stack.of(standby.dataStack!.secondaryCluster!.encryptionKey).region).toBe('us-west-2');
  });

  test('its replication-lag alarm pages the standby and joins its redundancy-lost composite', () => {
    data().hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'prod-us-west-2-data-global-replication-lag',
      // The metric is in milliseconds: 30 s.
      Threshold: 30000,
      TreatMissingData: 'breaching',
    });
    const composites = template(standby.observabilityStack).findResources('AWS::CloudWatch::CompositeAlarm');
    const redundancy = Object.values(composites).filter((c) => JSON.stringify(c.Properties.AlarmName).includes('redundancy'));
    expect(JSON.stringify(redundancy.map((c) => c.Properties.AlarmRule))).toContain('GlobalSecondaryReplicationLagAlarm');
  });

  test("every standby web service reads the replicated credentials in the standby's Region, by their own role's policy", () => {
    const roles = standby.webStack.web.services.map((s) => Stack.of(s.role).resolve((s.role.node.defaultChild as any).logicalId));
    expect(roles.length).toBeGreaterThan(1);
    const credentialReaders = [standby.webStack, ...standby.serviceStacks].flatMap((stack) =>
      Object.values(template(stack).findResources('AWS::IAM::Policy'))
        .filter((p) =>
          p.Properties.PolicyDocument.Statement.some(
            (s: any) =>
              JSON.stringify(s.Resource).includes(':secretsmanager:us-west-2:') &&
              JSON.stringify(s.Resource).includes('secret:prod/database/master-??????'),
          ),
        )
        .flatMap((p) => p.Properties.Roles.map((r: any) => r.Ref)),
    );
    expect(credentialReaders.sort()).toEqual(roles.sort());
  });

  test("the standby has a cold cache of the primary's shape and its Messaging stack at standby capacity, all in its composites", () => {
    const groupOf = (stack: Stack) => Object.values(template(stack).findResources('AWS::ElastiCache::ReplicationGroup'))[0].Properties;
    const [cold, warm] = [groupOf(standby.dataStack!), groupOf(primary.dataStack)];
    expect([cold.CacheNodeType, cold.NumNodeGroups, cold.ReplicasPerNodeGroup]).toEqual([
      warm.CacheNodeType,
      warm.NumNodeGroups,
      warm.ReplicasPerNodeGroup,
    ]);
    expect(Stack.of(standby.dataStack!.cache.encryptionKey).region).toBe('us-west-2');
    // prod's workers: baseline 2; the standby runs half of it and keeps the maximum, to scale up on failover.
    expect(standby.profile.messaging.workerCapacity).toEqual({ baseline: 1, maximum: PROD.messaging.workerCapacity.maximum });
    template(standby.messagingStack).resourceCountIs('AWS::SQS::Queue', 2);
    const rules = JSON.stringify(
      Object.values(template(standby.observabilityStack).findResources('AWS::CloudWatch::CompositeAlarm')).map(
        (c) => c.Properties.AlarmRule,
      ),
    );
    expect(rules).toContain('prod-us-west-2-Messaging');
    expect(rules).toContain('prod-us-west-2-StandbyData');
  });
});

test('Aurora MySQL (Backtrack off) and a non-strict Aurora profile over two AZs also pass cdk-nag and the guarantees with a standby', () => {
  const app = testApp();
  const aurora = (profile: EnvironmentProfile, name: string, secondaryRegion: SecondaryRegionSettings): EnvironmentProfile => ({
    ...profile,
    name,
    data: {
      ...profile.data,
      database: { ...profile.data.database, engine: DatabaseEngine.MYSQL, topology: DatabaseTopology.AURORA_CLUSTER },
    },
    secondaryRegion,
  });
  addEnvironments(app, {
    profiles: [
      aurora(PROD, 'pm', { region: 'us-west-2', availabilityZones: STANDBY_AZS, capacityPercent: 50 }),
      aurora(DEV, 'dm', { region: 'eu-west-1', availabilityZones: ['eu-west-1a', 'eu-west-1b'], capacityPercent: 100 }),
    ],
  });
  const assembly = app.synth(); // the guarantees and cdk-nag run; CloudFormation's validator is off here
  const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'));
  // dev has no failover record, so its standby says nothing would send users there; nothing else is found.
  expect(
    report.pluginReports.flatMap((r: { violations: Array<{ ruleName: string; violatingConstructs: Array<{ constructPath: string }> }> }) =>
      r.violations.map((v) => [v.ruleName, v.violatingConstructs.map((c) => c.constructPath)]),
    ),
  ).toEqual([
    // HA-REG-003 on the pair (no construct path), a warning: the standby declares its DNS pending.
    ['HA-REG-003', ['']],
    ['Annotation::cdk-ha-blueprint:standbyWithoutFailover', ['dm-eu-west-1']],
  ]);
  const secondary = Template.fromStack(app.node.findChild('dm-eu-west-1').node.findChild('StandbyData') as Stack);
  secondary.hasResourceProperties('AWS::RDS::DBCluster', { GlobalClusterIdentifier: 'dm-database', DeletionProtection: false });
}, 60_000);

describe('a non-strict profile with a standby', () => {
  test("dev's standby over two AZs keeps dev's acknowledged single NAT gateway and passes cdk-nag and the guarantees", () => {
    const app = testApp();
    addEnvironments(app, {
      profiles: [
        {
          ...DEV,
          secondaryRegion: {
            region: 'eu-west-1',
            availabilityZones: ['eu-west-1a', 'eu-west-1b'],
            capacityPercent: 100,
            sourceDatabaseInstanceArn: `arn:aws:rds:us-east-1:${PLACEHOLDER_ACCOUNT}:db:dev-db`,
          },
        },
      ],
    });
    const standby = app.node.findChild('dev-eu-west-1') as HaStandbyStage;
    const assembly = app.synth(); // the guarantees and cdk-nag run; CloudFormation's validator is off here
    const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'));
    expect(findingsOf(report)).toEqual(WITHOUT_FAILOVER_RECORD);
    Template.fromStack(standby.networkStack).resourceCountIs('AWS::EC2::NatGateway', 1);
    // 100 %: the standby runs the primary's baseline.
    expect(groupSizes(standby.webStack)).toEqual(groupSizes(app.node.findChild('dev').node.findChild('Web') as Stack));
    Template.fromStack(standby.dataStack!).hasResourceProperties('AWS::RDS::DBInstance', { DeletionProtection: false });
  });
});

describe('before the primary is deployed', () => {
  test('the standby has no data stack yet, says what to do, and passes every check but warnings of what it declares not built yet', () => {
    // CloudFormation's validator judges this Stage in test/stacks/synth-validation.test.ts.
    const app = testApp();
    addEnvironments(app, { profiles: [prodWithStandby({ sourceDatabaseInstanceArn: undefined })] });
    const standby = app.node.findChild('prod-us-west-2') as HaStandbyStage;
    expect(standby.dataStack).toBeUndefined();
    expect(standby.node.tryFindChild('StandbyData')).toBeUndefined();
    const warnings = standby.node.metadata.filter((m) => m.type === 'aws:cdk:warning').map((m) => String(m.data));
    expect(warnings).toEqual([
      expect.stringMatching(/no data tier yet\. Deploy 'prod', then copy its Data stack's DatabaseInstanceArn output/),
    ]);
    const assembly = app.synth(); // throws on any unacknowledged error finding
    const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'));
    // That warning (annotations join the validation report); the missing replica and the cold cache
    // beside it (HA-REG-001), and the Region-loss RTO and RPO they leave unbounded (HA-AVL-002), as
    // warnings of tiers declared not built yet: a deployment phase does not block deploying the primary.
    expect(findingsOf(report)).toEqual(
      [
        ['Annotation::cdk-ha-blueprint:standbyWithoutData', 'warning'],
        ['HA-AVL-002', 'warning'],
        ['HA-AVL-002', 'warning'],
        ['HA-REG-001', 'warning'],
        ['HA-REG-001', 'warning'],
      ].sort(),
    );
    const ours = report.pluginReports.find((r: { pluginName: string }) => r.pluginName === 'cdk-ha-blueprint');
    expect(ours.violations.map((v: { description: string }) => v.description)).toContainEqual(
      expect.stringMatching(/0 cross-Region replica\(s\).*declared not built yet: the primary's DatabaseInstanceArn/),
    );
  });
});

describe('without a secondary region', () => {
  test("the default app builds prod's standby only: dev and staging do not opt in, and their Data stacks give no ARN output", () => {
    // The default app synthesized once per run (test/support/default-app.ts): its Stages are the nested assemblies.
    const manifest = JSON.parse(readFileSync(join(defaultAppAssembly(), 'manifest.json'), 'utf8'));
    const stages = Object.values<{ type: string; properties: { displayName: string } }>(manifest.artifacts)
      .filter((a) => a.type === 'cdk:cloud-assembly')
      .map((a) => a.properties.displayName);
    expect(stages).toEqual(['dev', 'staging', 'prod', 'prod-us-west-2']);
    expect(
      ['dev', 'staging', 'prod'].map((stage) =>
        Object.keys(Template.fromJSON(defaultAppTemplates(stage)[`${stage}-Data`]).findOutputs('DatabaseInstanceArn')),
      ),
    ).toEqual([[], [], ['DatabaseInstanceArn']]);
  });

  test('a standby Stage refuses a profile without one', () => {
    expect(
      () =>
        new HaStandbyStage(new App(), 'prod-standby', { profile: { ...PROD, secondaryRegion: undefined }, account: PLACEHOLDER_ACCOUNT }),
    ).toThrow(/profile 'prod' has no secondaryRegion/);
  });

  test('the primary Stage is built the same with or without a standby, but for the ARN output, the standby it declares, and its Dns stack with the outputs it reads', () => {
    const templates = (stage: HaStage) =>
      stage.node.children
        .filter(Stack.isStack)
        .filter((stack) => stack.node.id !== 'Dns')
        .map((stack) => {
          const json = Template.fromStack(stack).toJSON();
          delete json.Outputs?.DatabaseInstanceArn;
          delete json.Metadata[ENVIRONMENT_METADATA].standby;
          for (const name of Object.keys(json.Outputs ?? {}).filter((o) => /LoadBalancer.*(DNSName|CanonicalHostedZoneID)/.test(o))) {
            delete json.Outputs[name];
          }
          if (json.Outputs && Object.keys(json.Outputs).length === 0) {
            delete json.Outputs;
          }
          return [stack.stackName, json];
        });
    const [without] = addEnvironments(testApp(), { profiles: [{ ...PROD, secondaryRegion: undefined }] });
    const [withStandby] = addEnvironments(testApp(), { profiles: [prodWithStandby()] });
    expect(without.dnsStack).toBeUndefined();
    expect(withStandby.dnsStack).toBeDefined();
    expect(templates(withStandby)).toEqual(templates(without));
  });
});
