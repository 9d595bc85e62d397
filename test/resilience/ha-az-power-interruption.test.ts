import { readFileSync } from 'fs';
import { join } from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { addEnvironments, DEV, EnvironmentProfile, HaAzPowerInterruption, HaStage, HaStandbyStage, PROD, STAGING } from '../../lib';
import { testApp, testStack } from '../support/test-app';

const STAGING_AZS = STAGING.availabilityZones;
const withDrills = (profile: EnvironmentProfile, outageDuration?: Duration): EnvironmentProfile => ({
  ...profile,
  faultInjection: { azPowerInterruption: true, outageDuration },
});
const fisTemplates = (stack: Stack) => Template.fromStack(stack).findResources('AWS::FIS::ExperimentTemplate');

describe('staging with the AZ power-interruption drill (full synth: CloudFormation validator, cdk-nag, guarantees)', () => {
  const app = testApp({ validation: true });
  const [stage] = addEnvironments(app, { profiles: [withDrills(STAGING)] });
  const assembly = app.synth();
  const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'));
  const observability = Template.fromStack(stage.observabilityStack);

  test('one experiment template per AZ, each interrupting that AZ only, for 10 minutes by default', () => {
    const templates = Object.values(fisTemplates(stage.observabilityStack));
    expect(templates).toHaveLength(STAGING_AZS.length);
    for (const az of STAGING_AZS) {
      observability.hasResourceProperties('AWS::FIS::ExperimentTemplate', {
        Targets: {
          Subnets: { ResourceType: 'aws:ec2:subnet', Filters: [{ Path: 'AvailabilityZone', Values: [az] }], SelectionMode: 'ALL' },
          Instances: {
            ResourceType: 'aws:ec2:instance',
            Filters: [
              { Path: 'State.Name', Values: ['running'] },
              { Path: 'Placement.AvailabilityZone', Values: [az] },
            ],
          },
          AutoScalingGroups: { ResourceType: 'aws:ec2:autoscaling-group' },
          DBInstances: { ResourceType: 'aws:rds:db', Filters: [{ Path: 'AvailabilityZone', Values: [az] }] },
          ReplicationGroups: { ResourceType: 'aws:elasticache:replicationgroup', Parameters: { availabilityZoneIdentifier: az } },
        },
        Actions: {
          PauseNetworkConnectivity: { ActionId: 'aws:network:disrupt-connectivity', Parameters: { duration: 'PT10M', scope: 'all' } },
          StopInstances: { ActionId: 'aws:ec2:stop-instances', Parameters: { startInstancesAfterDuration: 'PT10M' } },
          PauseAsgLaunches: {
            ActionId: 'aws:ec2:asg-insufficient-instance-capacity-error',
            Parameters: { availabilityZoneIdentifiers: az, duration: 'PT10M', percentage: '100' },
          },
          FailoverDatabase: { ActionId: 'aws:rds:reboot-db-instances', Parameters: { forceFailover: 'true' } },
          InterruptCachePower: { ActionId: 'aws:elasticache:replicationgroup-interrupt-az-power', Parameters: { duration: 'PT10M' } },
        },
      });
    }
  });

  test("every target is found by the environment's tag, so no other environment's resource is touched", () => {
    for (const template of Object.values(fisTemplates(stage.observabilityStack))) {
      const targets = Object.values(template.Properties.Targets) as { ResourceTags: Record<string, string> }[];
      expect(targets.map((t) => t.ResourceTags)).toEqual(targets.map(() => ({ 'ha:environment': 'staging' })));
    }
  });

  test("each experiment stops when staging-users-impaired fires: an AZ's loss must not reach users", () => {
    const usersImpaired = stage.observabilityStack.getLogicalId(
      stage.observabilityStack.monitoring.usersImpaired.node.defaultChild as cloudwatch.CfnCompositeAlarm,
    );
    for (const template of Object.values(fisTemplates(stage.observabilityStack))) {
      expect(template.Properties.StopConditions).toEqual([
        { Source: 'aws:cloudwatch:alarm', Value: { 'Fn::GetAtt': [usersImpaired, 'Arn'] } },
      ]);
    }
  });

  test("the role is FIS's alone, and may inject capacity errors only for the FIS action", () => {
    observability.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Principal: { Service: 'fis.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
    });
    observability.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'ec2:InjectApiError',
            Condition: { 'ForAnyValue:StringEquals': { 'ec2:FisActionId': ['aws:ec2:asg-insufficient-instance-capacity-error'] } },
          }),
        ]),
      },
    });
  });

  test("cdk-nag's findings on the FIS role are acknowledged on the role itself: the managed policies FIS documents, and targets resolved by tag", () => {
    const nag = report.pluginReports.find((r: { pluginName: string }) => r.pluginName === 'AwsSolutions');
    const onRole = nag.suppressedViolations
      .filter((s: { acknowledgedAt: string }) => s.acknowledgedAt.includes('AzPowerInterruption'))
      .map((s: { ruleName: string; acknowledgedAt: string }) => [s.ruleName, s.acknowledgedAt]);
    expect(onRole.sort()).toEqual(
      [
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSFaultInjectionSimulatorEC2Access]',
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSFaultInjectionSimulatorNetworkAccess]',
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSFaultInjectionSimulatorRDSAccess]',
        'AwsSolutions-IAM5[Resource::*]',
      ].map((rule) => [rule, 'staging/Observability/AzPowerInterruption/Role']),
    );
  });

  test('synthesizes with nothing unacknowledged by any plugin', () => {
    const findings = report.pluginReports.flatMap((r: { pluginName: string; violations: unknown[] }) =>
      r.violations.map((v) => [r.pluginName, v]),
    );
    expect(findings).toEqual([]);
  });
});

describe('opt-in', () => {
  test('no built-in profile carries an experiment template', () => {
    const app = testApp();
    const stages: HaStage[] = addEnvironments(app, { profiles: [DEV, STAGING, PROD] });
    for (const stage of stages) {
      expect(stage.node.findAll().filter((c) => c instanceof HaAzPowerInterruption)).toEqual([]);
      expect(stage.observabilityStack.azPowerInterruption).toBeUndefined();
    }
  });

  test('a standby built from the profile gets the drills over its own AZs, without database or cache actions (it has neither in its Observability stack)', () => {
    const app = new App();
    addEnvironments(app, {
      profiles: [
        {
          ...withDrills(PROD),
          secondaryRegion: { region: 'us-west-2', availabilityZones: ['us-west-2a', 'us-west-2b', 'us-west-2c'], capacityPercent: 50 },
        },
      ],
    });
    const standby = app.node.findChild('prod-us-west-2') as HaStandbyStage;
    const templates = Object.values(fisTemplates(standby.observabilityStack));
    expect(templates.map((t) => t.Properties.Targets.Subnets.Filters[0].Values[0]).sort()).toEqual([
      'us-west-2a',
      'us-west-2b',
      'us-west-2c',
    ]);
    for (const template of templates) {
      expect(Object.keys(template.Properties.Actions).sort()).toEqual(['PauseAsgLaunches', 'PauseNetworkConnectivity', 'StopInstances']);
      expect(template.Properties.Targets.Subnets.ResourceTags).toEqual({ 'ha:environment': 'prod-us-west-2' });
    }
  });

  test('the outage duration comes from the profile', () => {
    const app = new App();
    const [stage] = addEnvironments(app, { profiles: [withDrills(STAGING, Duration.minutes(3))] });
    Template.fromStack(stage.observabilityStack).hasResourceProperties('AWS::FIS::ExperimentTemplate', {
      Actions: Match.objectLike({
        StopInstances: Match.objectLike({ Parameters: Match.objectLike({ startInstancesAfterDuration: 'PT3M' }) }),
      }),
    });
  });
});

describe('validation', () => {
  const alarm = (stack: Stack) =>
    cloudwatch.Alarm.fromAlarmArn(stack, 'Alarm', 'arn:aws:cloudwatch:us-east-1:111122223333:alarm:staging-users-impaired');

  test.each([
    [{ outageDuration: Duration.hours(2) }, /outageDuration is 2 hours; give 1 to 60 minutes/],
    [{ outageDuration: Duration.seconds(30) }, /outageDuration is 30 seconds; give 1 to 60 minutes/],
    [{ availabilityZones: [] }, /availabilityZones is empty/],
  ])('fails with %j', (changes, message) => {
    const stack = testStack();
    expect(
      () =>
        new HaAzPowerInterruption(stack, 'Drill', {
          environmentName: 'staging',
          availabilityZones: STAGING_AZS,
          stopConditionAlarm: alarm(stack),
          ...changes,
        }),
    ).toThrow(message);
  });

  test('without a database or a cache, the templates have no action on them', () => {
    const stack = testStack();
    new HaAzPowerInterruption(stack, 'Drill', {
      environmentName: 'staging',
      availabilityZones: ['us-east-1a'],
      stopConditionAlarm: alarm(stack),
      database: false,
      cache: false,
    });
    const [template] = Object.values(fisTemplates(stack));
    expect(Object.keys(template.Properties.Actions).sort()).toEqual(['PauseAsgLaunches', 'PauseNetworkConnectivity', 'StopInstances']);
    expect(Object.keys(template.Properties.Targets).sort()).toEqual(['AutoScalingGroups', 'Instances', 'Subnets']);
  });
});
