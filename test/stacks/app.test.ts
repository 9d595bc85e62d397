import { Stack, Stage } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Match } from 'aws-cdk-lib/assertions';
import {
  addEnvironments,
  ALARM_ACTIONS,
  HaStage,
  PROFILES,
  checkEnvironment,
  pairEnvironments,
  DEV,
  PER_AZ_COVERAGE,
  STATIC_STABILITY,
  ZONAL_EGRESS,
} from '../../lib';
import { testApp } from '../support/test-app';
import { modelOfStacks } from '../support/model';

// One synthesis of the whole default app, shared by the tests below.
const app = testApp();
const stages = addEnvironments(app);
// prod opts into a warm standby (docs/adr/0080): its Stage is the app's child, after prod's.
const allStages: Stage[] = app.node.children.filter(Stage.isStage);
const stacks = allStages.flatMap((stage) => stage.node.children.filter(Stack.isStack).map((stack) => ({ stage, stack })));

const stacksOf = (stage: HaStage) => stage.node.children.filter(Stack.isStack);

function templateOf(stage: HaStage, stackId: string): Template {
  return Template.fromStack(stage.node.findChild(stackId) as Stack);
}

describe('the default app', () => {
  test('has one Stage per environment, in its own account and region', () => {
    expect(stages.map((s) => s.stageName)).toEqual(['dev', 'staging', 'prod']);
    for (const stage of stages) {
      expect(stage.account).toBe('123456789012');
      expect(stage.region).toBe('us-east-1');
    }
  });

  test.each(stacks.map(({ stage, stack }) => [`${stage.stageName}/${stack.node.id}`, stack]))(
    '%s template matches its snapshot',
    (_name, stack) => {
      expect(Template.fromStack(stack as Stack).toJSON()).toMatchSnapshot();
    },
  );

  test("prod's network has 3 AZs x 3 subnet kinds and a NAT gateway per AZ, each AZ routed to its own", () => {
    const template = templateOf(stages[2], 'Network');
    template.resourceCountIs('AWS::EC2::Subnet', 9);
    template.resourceCountIs('AWS::EC2::NatGateway', 3);
    const zones = Object.values(template.findResources('AWS::EC2::Subnet')).map((s) => s.Properties.AvailabilityZone);
    expect(new Set(zones)).toEqual(new Set(['us-east-1a', 'us-east-1b', 'us-east-1c']));
    expect(ZONAL_EGRESS.check(modelOfStacks(stacksOf(stages[2])))).toEqual([]);
  });

  test('dev runs one NAT gateway over 2 AZs, as its profile acknowledges', () => {
    const template = templateOf(stages[0], 'Network');
    template.resourceCountIs('AWS::EC2::Subnet', 6);
    template.resourceCountIs('AWS::EC2::NatGateway', 1);
  });

  test("prod's web tier is statically stable over 3 AZs, ELB-checked, IMDSv2-only, HTTPS with redirect, refreshed with rollback", () => {
    const template = templateOf(stages[2], 'Web');
    const groups = Object.values(template.findResources('AWS::AutoScaling::AutoScalingGroup'));
    // baseline 6 over 3 AZs: 3 per AZ.
    expect(groups.map((g) => g.Properties.MinSize)).toEqual(['9', '6']);
    for (const group of groups) {
      expect(group.Properties.VPCZoneIdentifier).toHaveLength(3);
      expect(group.Properties.HealthCheckType).toBe('ELB');
      expect(group.UpdatePolicy.AutoScalingInstanceRefresh.Preferences.AlarmSpecification.Alarms.length).toBeGreaterThan(0);
    }
    expect(STATIC_STABILITY.check(modelOfStacks(stacksOf(stages[2])))).toEqual([]);
    template.allResourcesProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: Match.objectLike({ MetadataOptions: Match.objectLike({ HttpTokens: 'required' }) }),
    });
    for (const key of ['deletion_protection.enabled', 'load_balancing.cross_zone.enabled', 'zonal_shift.config.enabled']) {
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
        LoadBalancerAttributes: Match.arrayWith([{ Key: key, Value: 'true' }]),
      });
    }
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Protocol: 'HTTPS', Port: 443 });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      DefaultActions: [Match.objectLike({ Type: 'redirect' })],
    });
  });

  test("every environment's web tier survives the loss of one AZ", () => {
    for (const stage of stages) {
      expect(STATIC_STABILITY.check(modelOfStacks(stacksOf(stage)))).toEqual([]);
    }
  });

  test("prod's data: a Multi-AZ, encrypted, protected primary with 2 replicas in distinct AZs, and a Multi-AZ encrypted cache over 3 AZs", () => {
    const template = templateOf(stages[2], 'Data');
    const instances = Object.values(template.findResources('AWS::RDS::DBInstance'));
    const primary = instances.find((i) => !i.Properties.SourceDBInstanceIdentifier)!;
    expect(primary.DeletionPolicy).toBe('Snapshot');
    expect(primary.Properties).toMatchObject({
      MultiAZ: true,
      StorageEncrypted: true,
      DeletionProtection: true,
      BackupRetentionPeriod: 30,
    });
    const replicaZones = instances.filter((i) => i.Properties.SourceDBInstanceIdentifier).map((r) => r.Properties.AvailabilityZone);
    expect(replicaZones).toHaveLength(2);
    expect(new Set(replicaZones).size).toBe(2);
    const [group] = Object.values(template.findResources('AWS::ElastiCache::ReplicationGroup'));
    expect(group.Properties).toMatchObject({
      MultiAZEnabled: true,
      AutomaticFailoverEnabled: true,
      TransitEncryptionEnabled: true,
      AtRestEncryptionEnabled: true,
    });
    const [shard] = group.Properties.NodeGroupConfiguration;
    expect(new Set([shard.PrimaryAvailabilityZone, ...shard.ReplicaAvailabilityZones]).size).toBe(3);
  });

  test('dev is smaller and has fewer replicas than prod, yet still Multi-AZ', () => {
    const devDb = Object.values(templateOf(stages[0], 'Data').findResources('AWS::RDS::DBInstance'));
    const prodDb = Object.values(templateOf(stages[2], 'Data').findResources('AWS::RDS::DBInstance'));
    expect(devDb.length).toBeLessThan(prodDb.length);
    const devPrimary = devDb.find((i) => !i.Properties.SourceDBInstanceIdentifier)!;
    expect(devPrimary.Properties).toMatchObject({ MultiAZ: true, DBInstanceClass: 'db.t4g.medium' });
    const [devCache] = Object.values(templateOf(stages[0], 'Data').findResources('AWS::ElastiCache::ReplicationGroup'));
    expect(devCache.Properties).toMatchObject({ MultiAZEnabled: true, CacheNodeType: 'cache.t4g.small', ReplicasPerNodeGroup: 1 });
  });

  test('only the web services reach the database and cache ports, by rules kept in the Web stack (and the cache token rotation, in the Data stack)', () => {
    for (const stage of stages) {
      const web = templateOf(stage, 'Web');
      const data = templateOf(stage, 'Data');
      // The one rule in the Data stack: the cache's own token rotation function testing the new token (docs/adr/0054).
      data.resourceCountIs('AWS::EC2::SecurityGroupIngress', 1);
      data.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
        FromPort: 6379,
        SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CacheTokenRotationSecurityGroup'), 'GroupId'] },
      });
      for (const port of [5432, 6379]) {
        // One rule per service (default and api).
        web.resourcePropertiesCountIs(
          'AWS::EC2::SecurityGroupIngress',
          { FromPort: port, ToPort: port, SourceSecurityGroupId: Match.anyValue() },
          2,
        );
      }
    }
  });

  test('no template of any environment holds a plaintext password, token or key', () => {
    for (const { stack } of stacks) {
      const text = JSON.stringify(Template.fromStack(stack).toJSON());
      expect(text).not.toMatch(/"(MasterUserPassword|AuthToken|Password|SecretString)":\s*"/);
      expect(text).not.toMatch(/AKIA[0-9A-Z]{16}/);
    }
  });

  test('every alarm and composite alarm of every environment has an alarm action and an OK action', () => {
    for (const stage of allStages) {
      expect(ALARM_ACTIONS.check(modelOfStacks(stage.node.children.filter(Stack.isStack)))).toEqual([]);
    }
  });

  test('every alarm is tagged with its environment and tier, for the live-status CLI to find', () => {
    for (const { stage, stack } of stacks) {
      const template = Template.fromStack(stack);
      for (const type of ['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm']) {
        for (const alarm of Object.values(template.findResources(type))) {
          const tags = Object.fromEntries((alarm.Properties.Tags ?? []).map((t: { Key: string; Value: string }) => [t.Key, t.Value]));
          expect([alarm.Properties.AlarmName, tags['ha:environment'], typeof tags['ha:tier']]).toEqual([
            alarm.Properties.AlarmName,
            stage.stageName,
            'string',
          ]);
          expect(alarm.Properties.AlarmName).toMatch(
            new RegExp(`^${stage.stageName}-${tags['ha:tier'] === 'environment' ? '' : tags['ha:tier'] + '-'}`),
          );
        }
      }
    }
  });

  test.each(stages.map((stage) => [stage.stageName, stage]))(
    '%s has alarms on every tier, per-AZ alarms for each of its AZs, composites and a dashboard',
    (_name, stage) => {
      const template = templateOf(stage, 'Observability');
      const names = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties.AlarmName as string);
      for (const tier of ['web', 'database', 'cache', 'network']) {
        expect(names.filter((n) => n.startsWith(`${stage.stageName}-${tier}-`)).length).toBeGreaterThan(0);
      }
      expect(PER_AZ_COVERAGE.check(modelOfStacks(stacksOf(stage)))).toEqual([]);
      // users-impaired, redundancy-lost, and the SLO's fast- and slow-burn pairs.
      template.resourceCountIs('AWS::CloudWatch::CompositeAlarm', 4);
      template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: `${stage.stageName}-availability` });
    },
  );

  test.each(PROFILES.map((p) => [p.name, p]))("%s's burn-rate alarms judge its profile's SLO", (name, profile) => {
    const template = templateOf(
      stages.find((s) => s.stageName === name)!,
      'Observability',
    );
    const budget = (100 - profile.monitoring.slo.availabilityPercent) / 100;
    for (const [window, threshold] of [
      ['1h', 14.4],
      ['5m', 14.4],
      ['6h', 6],
      ['30m', 6],
    ] as const) {
      const [alarm] = Object.values(
        template.findResources('AWS::CloudWatch::Alarm', { Properties: { AlarmName: `${name}-slo-burn-rate-${window}` } }),
      );
      expect(alarm.Properties.Threshold).toBe(threshold);
      const expression: string = alarm.Properties.Metrics.find((m: { Expression?: string }) => m.Expression).Expression;
      expect(Number(expression.split(' / ').pop())).toBeCloseTo(budget, 12);
    }
    for (const speed of ['fast', 'slow']) {
      template.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', { AlarmName: `${name}-error-budget-${speed}-burn` });
    }
  });

  test.each(PROFILES.map((p) => [p.name, p]))("%s's alarm thresholds come from its profile", (name, profile) => {
    const stage = stages.find((s) => s.stageName === name)!;
    const template = templateOf(stage, 'Observability');
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `${name}-web-5xx-rate`,
      Threshold: profile.monitoring.thresholds.web5xxRatePercent,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `${name}-web-p99-latency`,
      Threshold: profile.monitoring.thresholds.webP99LatencySeconds,
    });
  });

  test('every environment, judged as a whole, keeps every guarantee (acknowledged choices aside)', () => {
    // Every Stage, prod's standby included, paired with its primary as cdk synth pairs them.
    const models = app.node.children
      .filter(Stage.isStage)
      .map((stage) => [stage.stageName, modelOfStacks(stage.node.children.filter(Stack.isStack))] as const);
    expect(models.map(([name]) => name)).toEqual(['dev', 'staging', 'prod', 'prod-us-west-2']);
    pairEnvironments(models.map(([, model]) => model));
    for (const [name, model] of models) {
      const findings = checkEnvironment(model);
      // dev acknowledges its single NAT gateway (HA-NET-001), which stays a warning with its reason; nothing else may fail anywhere.
      const unacknowledged = findings.filter((f) => !(f.severity === 'warning' && f.acknowledged));
      expect([name, unacknowledged]).toEqual([name, []]);
      expect(findings.map((f) => f.checkId)).toEqual(name === 'dev' ? ['HA-NET-001'] : []);
    }
  });

  test("prod's stateful stacks are termination-protected; dev's are not", () => {
    for (const id of ['Network', 'Data']) {
      expect((stages[2].node.findChild(id) as Stack).terminationProtection).toBe(true);
      expect((stages[0].node.findChild(id) as Stack).terminationProtection).toBe(false);
    }
  });

  test('stack names carry the environment', () => {
    expect(stacks.map(({ stack }) => stack.stackName)).toEqual([
      'dev-Network',
      'dev-Alerting',
      'dev-Data',
      'dev-Messaging',
      'dev-Web',
      'dev-Observability',
      'staging-Network',
      'staging-Alerting',
      'staging-Data',
      'staging-Messaging',
      'staging-Web',
      'staging-Observability',
      'prod-Network',
      'prod-Alerting',
      'prod-Data',
      'prod-Messaging',
      'prod-Web',
      'prod-Observability',
      'prod-Dns',
      'prod-us-west-2-Network',
      'prod-us-west-2-Alerting',
      'prod-us-west-2-StandbyData',
      'prod-us-west-2-Messaging',
      'prod-us-west-2-Web',
      'prod-us-west-2-Observability',
      'prod-us-west-2-Dns',
      'prod-us-west-2-EndpointHealth',
    ]);
  });

  test('-c env=prod narrows the app to prod', () => {
    const narrowed = addEnvironments(testApp(), { environment: 'prod' });
    expect(narrowed.map((s) => s.stageName)).toEqual(['prod']);
  });

  test('-c certificateArn= gives the selected environments HTTPS with that certificate', () => {
    const arn = 'arn:aws:acm:us-east-1:210987654321:certificate/abcd-1234';
    const [dev] = addEnvironments(testApp(), { environment: 'dev', certificateArn: arn });
    Template.fromStack(dev.node.findChild('Web') as Stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Protocol: 'HTTPS',
      Certificates: [{ CertificateArn: arn }],
    });
  });

  test('a malformed certificate ARN fails before anything is built', () => {
    expect(() => addEnvironments(testApp(), { environment: 'dev', certificateArn: 'my-cert' })).toThrow(
      /web.certificateArn 'my-cert' is not an ACM certificate ARN/,
    );
  });

  test("a real account replaces the placeholder, and refuses the profiles' example.com placeholders", () => {
    expect(() => addEnvironments(testApp(), { environment: 'dev', account: '210987654321' })).toThrow(
      /HaStage 'dev': placeholder values for account 210987654321:\n {2}- monitoring.alarmEmails has 'dev-alerts@example.com'; set the on-call address/,
    );
    const dev = { ...DEV, monitoring: { ...DEV.monitoring, alarmEmails: ['oncall@corp.test'] } };
    const [stage] = addEnvironments(testApp(), { environment: 'dev', account: '210987654321', profiles: [dev] });
    expect(stage.account).toBe('210987654321');
  });
});
