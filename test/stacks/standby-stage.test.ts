import { readFileSync } from 'fs';
import { join } from 'path';
import { App, Duration, Stack, Stage } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import {
  addEnvironments,
  DEV,
  ENVIRONMENT_METADATA,
  EnvironmentProfile,
  HaStage,
  HaStandbyStage,
  PLACEHOLDER_ACCOUNT,
  PROD,
  SecondaryRegionSettings,
} from '../../lib';
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
 * What the standby declares not built yet (its cache and messaging tier, the failover records):
 * the HA-REG checks report each as a warning, never as a pass (docs/adr/0083).
 */
const NOT_BUILT_YET = [
  ['HA-REG-001', 'warning'], // no cache
  ['HA-REG-001', 'warning'], // no queue
  ['HA-REG-001', 'warning'], // no worker group
  ['HA-REG-003', 'warning'], // no failover records
];

const groupSizes = (stack: Stack) =>
  Object.values(Template.fromStack(stack).findResources('AWS::AutoScaling::AutoScalingGroup'))
    .map((g) => [Number(g.Properties.MinSize), Number(g.Properties.MaxSize)])
    .sort((a, b) => a[0] - b[0]);

describe('a profile with a secondary region', () => {
  // The full check of `cdk synth`: CloudFormation's validator, cdk-nag and the guarantees.
  const app = testApp({ validation: true });
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
      ['prod-us-west-2-Network', 'us-west-2'],
      ['prod-us-west-2-Observability', 'us-west-2'],
      ['prod-us-west-2-StandbyData', 'us-west-2'],
      ['prod-us-west-2-Web', 'us-west-2'],
    ]);
  });

  test("no plugin finds an error in either Stage; the guarantees warn only of the standby's tiers declared not built yet", () => {
    expect(findingsOf(report)).toEqual(NOT_BUILT_YET);
    const ours = report.pluginReports.find((r: { pluginName: string }) => r.pluginName === 'cdk-ha-blueprint');
    for (const v of ours.violations) {
      expect(v.description).toMatch(/\(acknowledged: declared not built yet: .*issue 15/);
    }
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
    expect(ours.suppressedViolations ?? []).toEqual([]);
  });

  test('the standby declares the primary it stands by for, and the primary its standby', () => {
    const declared = (stack: Stack) => template(stack).toJSON().Metadata[ENVIRONMENT_METADATA];
    expect(declared(standby.webStack).standbyFor).toEqual({
      name: 'prod',
      region: 'us-east-1',
      account: PLACEHOLDER_ACCOUNT,
      pending: [
        { tier: 'dns', reason: expect.stringMatching(/failover records/) },
        { tier: 'cache', reason: expect.stringMatching(/cache/) },
        { tier: 'messaging', reason: expect.stringMatching(/messaging/) },
      ],
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
    data.resourceCountIs('AWS::KMS::Key', 1);
    expect(Stack.of(standby.dataStack!.replica.encryptionKey).region).toBe('us-west-2');
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
    template(standby.dataStack!).resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
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
    expect(findingsOf(report)).toEqual(NOT_BUILT_YET);
    Template.fromStack(standby.networkStack).resourceCountIs('AWS::EC2::NatGateway', 1);
    // 100 %: the standby runs the primary's baseline.
    expect(groupSizes(standby.webStack)).toEqual(groupSizes(app.node.findChild('dev').node.findChild('Web') as Stack));
    Template.fromStack(standby.dataStack!).hasResourceProperties('AWS::RDS::DBInstance', { DeletionProtection: false });
  });
});

describe('before the primary is deployed', () => {
  test('the standby has no data stack yet, says what to do, and passes every check but warnings of what it declares not built yet', () => {
    const app = testApp({ validation: true });
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
    // That warning (annotations join the validation report), and the missing replica as a warning
    // among the tiers not built yet: a deployment phase does not block deploying the primary.
    expect(findingsOf(report)).toEqual(
      [['Annotation::cdk-ha-blueprint:standbyWithoutData', 'warning'], ['HA-REG-001', 'warning'], ...NOT_BUILT_YET].sort(),
    );
    const ours = report.pluginReports.find((r: { pluginName: string }) => r.pluginName === 'cdk-ha-blueprint');
    expect(ours.violations.map((v: { description: string }) => v.description)).toContainEqual(
      expect.stringMatching(/0 cross-Region replica\(s\).*declared not built yet: the primary's DatabaseInstanceArn/),
    );
  });
});

describe('without a secondary region', () => {
  test('the default app builds dev, staging and prod only, and no primary Data stack gives an ARN output', () => {
    const app = testApp();
    const stages = addEnvironments(app);
    expect(app.node.children.filter(Stage.isStage).map((c) => c.node.id)).toEqual(['dev', 'staging', 'prod']);
    for (const stage of stages) {
      expect(Template.fromStack(stage.dataStack).findOutputs('DatabaseInstanceArn')).toEqual({});
    }
  });

  test('a standby Stage refuses a profile without one', () => {
    expect(() => new HaStandbyStage(new App(), 'prod-standby', { profile: PROD, account: PLACEHOLDER_ACCOUNT })).toThrow(
      /profile 'prod' has no secondaryRegion/,
    );
  });

  test('the primary Stage is built the same with or without a standby, but for the ARN output and the standby it declares', () => {
    const templates = (stage: HaStage) =>
      stage.node.children.filter(Stack.isStack).map((stack) => {
        const json = Template.fromStack(stack).toJSON();
        delete json.Outputs?.DatabaseInstanceArn;
        delete json.Metadata[ENVIRONMENT_METADATA].standby;
        return [stack.stackName, json];
      });
    const [without] = addEnvironments(testApp(), { environment: 'prod' });
    const [withStandby] = addEnvironments(testApp(), { profiles: [prodWithStandby()] });
    expect(templates(withStandby)).toEqual(templates(without));
  });
});
