import { readFileSync } from 'fs';
import { join } from 'path';
import { App, Duration, Stack, Stage } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import {
  addEnvironments,
  DEV,
  ENVIRONMENT_METADATA,
  EnvironmentProfile,
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
      ['prod-us-west-2-Network', 'us-west-2'],
      ['prod-us-west-2-Observability', 'us-west-2'],
      ['prod-us-west-2-StandbyData', 'us-west-2'],
      ['prod-us-west-2-Web', 'us-west-2'],
    ]);
  });

  test('no plugin finds anything unacknowledged in either Stage', () => {
    const findings = report.pluginReports.flatMap((r: { pluginName: string; violations: unknown[] }) =>
      r.violations.map((v) => [r.pluginName, v]),
    );
    expect(findings).toEqual([]);
  });

  test('the only guarantee the standby acknowledges is the replica the engine cannot follow across Regions, on the replica itself', () => {
    const ours = report.pluginReports.find((r: { pluginName: string }) => r.pluginName === 'cdk-ha-blueprint');
    expect(ours.suppressedViolations.map((s: { ruleName: string; acknowledgedAt: string }) => [s.ruleName, s.acknowledgedAt])).toEqual([
      ['HA-DATA-002', 'prod-us-west-2/StandbyData/Replica/Replica'],
    ]);
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
    expect(report.pluginReports.flatMap((r: { violations: unknown[] }) => r.violations)).toEqual([]);
    Template.fromStack(standby.networkStack).resourceCountIs('AWS::EC2::NatGateway', 1);
    // 100 %: the standby runs the primary's baseline.
    expect(groupSizes(standby.webStack)).toEqual(groupSizes(app.node.findChild('dev').node.findChild('Web') as Stack));
    Template.fromStack(standby.dataStack!).hasResourceProperties('AWS::RDS::DBInstance', { DeletionProtection: false });
  });
});

describe('before the primary is deployed', () => {
  test('the standby has no data stack yet, says what to do, and still passes cdk-nag and the guarantees', () => {
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
    // The only finding of any plugin is that warning (annotations join the validation report).
    expect(
      report.pluginReports.flatMap((r: { violations: Array<{ ruleName: string; severity: string }> }) =>
        r.violations.map((v) => [v.ruleName, v.severity]),
      ),
    ).toEqual([['Annotation::cdk-ha-blueprint:standbyWithoutData', 'warning']]);
  });
});

describe('without a secondary region', () => {
  test('the default app builds dev, staging and prod only, and no primary Data stack gives an ARN output', () => {
    // The default app synthesized once per run (test/support/default-app.ts): its Stages are the nested assemblies.
    const manifest = JSON.parse(readFileSync(join(defaultAppAssembly(), 'manifest.json'), 'utf8'));
    const stages = Object.values<{ type: string; properties: { displayName: string } }>(manifest.artifacts)
      .filter((a) => a.type === 'cdk:cloud-assembly')
      .map((a) => a.properties.displayName);
    expect(stages).toEqual(['dev', 'staging', 'prod']);
    for (const stage of stages) {
      expect(Template.fromJSON(defaultAppTemplates(stage)[`${stage}-Data`]).findOutputs('DatabaseInstanceArn')).toEqual({});
    }
  });

  test('a standby Stage refuses a profile without one', () => {
    expect(() => new HaStandbyStage(new App(), 'prod-standby', { profile: PROD, account: PLACEHOLDER_ACCOUNT })).toThrow(
      /profile 'prod' has no secondaryRegion/,
    );
  });

  test('the primary Stage is built the same with or without a standby, but for the ARN output', () => {
    const withoutArn = (json: Record<string, any>) => {
      delete json.Outputs?.DatabaseInstanceArn;
      return json;
    };
    const [withStandby] = addEnvironments(testApp(), { profiles: [prodWithStandby()] });
    const templates = Object.fromEntries(
      withStandby.node.children.filter(Stack.isStack).map((stack) => [stack.stackName, withoutArn(Template.fromStack(stack).toJSON())]),
    );
    // Without: the default app's prod, synthesized once per run (test/support/default-app.ts).
    const without = Object.fromEntries(Object.entries(defaultAppTemplates('prod')).map(([name, json]) => [name, withoutArn(json)]));
    expect(templates).toEqual(without);
  });
});
