import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import {
  ALL_GUARANTEE_CHECKS,
  CfnTemplate,
  INTRINSIC_PLACEMENT,
  INTRINSIC_SUPPORT,
  PLACEHOLDER_ACCOUNT,
  TargetGroupMetrics,
} from '../../lib';
import { defaultAppStacks, defaultAppTemplates } from '../support/default-app';
import { modelOf } from '../support/model';
import { testApp } from '../support/test-app';

const GET_STACK_OUTPUT = { 'Fn::GetStackOutput': { StackName: 'prod-Web', OutputName: 'ListenerArn' } };

/** A template with one alarm whose dimension value is `value`. */
function alarmWithDimension(value: unknown): CfnTemplate {
  return {
    Resources: {
      Alarm: { Type: 'AWS::CloudWatch::Alarm', Properties: { Dimensions: [{ Name: 'LoadBalancer', Value: value }] } },
    },
  };
}

const check = (template: unknown) => INTRINSIC_PLACEMENT.check(modelOf(template as CfnTemplate));

describe('HA-CFN-001 intrinsic placement', () => {
  test('fails Fn::GetStackOutput inside Fn::Split, naming resource, path, parent, child and fix', () => {
    // The shape aws-cdk-lib writes for a target-group metric in another stack: the LoadBalancer
    // dimension split out of the listener ARN.
    const findings = check(
      alarmWithDimension({
        'Fn::Join': ['/', [{ 'Fn::Select': [1, { 'Fn::Split': ['/', GET_STACK_OUTPUT] }] }]],
      }),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ stack: 'Stack1', logicalId: 'Alarm' });
    const message = findings[0].message;
    expect(message).toContain('Resource Alarm');
    expect(message).toContain('Fn::GetStackOutput is nested in Fn::Split (source string)');
    expect(message).toContain('Resources/Alarm/Properties/Dimensions/0/Value/Fn::Join/1/0/Fn::Select/1/Fn::Split/1/Fn::GetStackOutput');
    expect(message).toContain('LoadBalancerFullName');
  });

  test('passes Fn::GetStackOutput where it is supported: a whole property value, Join values, Select lists, Sub variables', () => {
    expect(check(alarmWithDimension(GET_STACK_OUTPUT))).toEqual([]);
    expect(check(alarmWithDimension({ 'Fn::Join': ['', ['app/', GET_STACK_OUTPUT]] }))).toEqual([]);
    expect(check(alarmWithDimension({ 'Fn::Select': [0, [GET_STACK_OUTPUT, 'b']] }))).toEqual([]);
    expect(check(alarmWithDimension({ 'Fn::Sub': ['${Name}-x', { Name: GET_STACK_OUTPUT }] }))).toEqual([]);
  });

  test('passes the Select-over-Split-over-Ref shape CloudFormation documents', () => {
    expect(check(alarmWithDimension({ 'Fn::Select': [1, { 'Fn::Split': ['/', { Ref: 'Listener' }] }] }))).toEqual([]);
    expect(check(alarmWithDimension({ 'Fn::Select': [2, { 'Fn::Split': [',', { 'Fn::ImportValue': 'AccountSubnetIDs' }] }] }))).toEqual([]);
  });

  test('fails Fn::ImportValue inside Fn::ImportValue', () => {
    const findings = check(alarmWithDimension({ 'Fn::ImportValue': { 'Fn::ImportValue': 'other-export' } }));
    expect(findings).toHaveLength(1);
    expect(findings[0].message).toContain('Fn::ImportValue is nested in Fn::ImportValue (sharedValueToImport)');
  });

  test('fails Fn::GetStackOutput inside Fn::ImportValue, and in an output Export Name', () => {
    expect(check(alarmWithDimension({ 'Fn::ImportValue': GET_STACK_OUTPUT }))).toHaveLength(1);
    const findings = check({ Outputs: { Vpc: { Value: 'x', Export: { Name: GET_STACK_OUTPUT } } } });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ logicalId: 'Vpc' });
    expect(findings[0].message).toContain('Output Vpc');
    expect(findings[0].message).toContain('an output Export Name');
  });

  test('passes Fn::GetStackOutput as an output value', () => {
    expect(check({ Outputs: { Name: { Value: GET_STACK_OUTPUT } } })).toEqual([]);
  });

  test('fails an unknown Fn:: key (fail closed)', () => {
    const findings = check(alarmWithDimension({ 'Fn::Splitt': ['/', 'a/b'] }));
    expect(findings).toHaveLength(1);
    expect(findings[0].message).toContain('Fn::Splitt');
    expect(findings[0].message).toContain('not an intrinsic function CloudFormation documents');
  });

  test('fails a function in an argument that takes only a literal: Fn::Join delimiter, Fn::Sub string', () => {
    expect(check(alarmWithDimension({ 'Fn::Join': [{ Ref: 'Sep' }, ['a', 'b']] }))[0].message).toContain('nested in Fn::Join (delimiter)');
    expect(check(alarmWithDimension({ 'Fn::Sub': [{ Ref: 'Template' }, {}] }))[0].message).toContain('nested in Fn::Sub (String)');
  });

  test("Fn::If's values accept only what both Fn::If and the If's own position accept", () => {
    // Fn::If may hold a GetStackOutput, but an If inside Fn::Split may not.
    expect(check(alarmWithDimension({ 'Fn::If': ['IsProd', GET_STACK_OUTPUT, 'x'] }))).toEqual([]);
    const findings = check(alarmWithDimension({ 'Fn::Split': [',', { 'Fn::If': ['IsProd', GET_STACK_OUTPUT, 'x'] }] }));
    expect(findings).toHaveLength(1);
    expect(findings[0].message).toContain('Fn::GetStackOutput is nested in Fn::If (value_if_true)');
  });

  test('fails condition functions outside Conditions, and other functions inside them', () => {
    expect(check(alarmWithDimension({ 'Fn::Equals': ['a', 'b'] }))).toHaveLength(1);
    expect(check({ Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } } })).toEqual([]);
    expect(check({ Conditions: { Both: { 'Fn::And': [{ Condition: 'IsProd' }, { 'Fn::Not': [{ Condition: 'IsDev' }] }] } } })).toEqual([]);
    const findings = check({ Conditions: { IsProd: { 'Fn::Equals': [GET_STACK_OUTPUT, 'prod'] } } });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ logicalId: 'IsProd' });
  });

  test('accepts the bootstrap-version rule aws-cdk-lib writes, and rejects a template function in a rule', () => {
    const rule = (assert: unknown) => ({ Rules: { CheckBootstrapVersion: { Assertions: [{ Assert: assert, AssertDescription: 'x' }] } } });
    expect(check(rule({ 'Fn::Not': [{ 'Fn::Contains': [['1', '2'], { Ref: 'BootstrapVersion' }] }] }))).toEqual([]);
    expect(check(rule({ 'Fn::Not': [{ 'Fn::Join': ['', ['a']] }] }))).toHaveLength(1);
  });

  test('fails a function key sharing its object, and LanguageExtensions functions without the transform', () => {
    expect(check(alarmWithDimension({ 'Fn::Join': ['', ['a']], Extra: 'x' }))[0].message).toContain('shares its object');
    expect(check(alarmWithDimension({ 'Fn::Length': [1, 2] }))[0].message).toContain('AWS::LanguageExtensions');
    expect(check({ ...alarmWithDimension({ 'Fn::Length': [1, 2] }), Transform: 'AWS::LanguageExtensions' })).toEqual([]);
  });

  test('the table cites a source for every function', () => {
    for (const [fn, support] of Object.entries(INTRINSIC_SUPPORT)) {
      expect([fn, support.source]).toEqual([fn, expect.stringMatching(/^https:\/\//)]);
    }
  });

  test('is one of the checks every synthesis runs', () => {
    expect(ALL_GUARANTEE_CHECKS).toContain(INTRINSIC_PLACEMENT);
  });
});

describe("aws-cdk-lib's target-group metrics across stacks (weak references, as cdk.json sets)", () => {
  function alarmInAnotherStack(metricOf: (tg: elbv2.ApplicationTargetGroup, lb: elbv2.ApplicationLoadBalancer) => cloudwatch.Metric) {
    const app = testApp();
    const env = { account: PLACEHOLDER_ACCOUNT, region: 'us-east-1' };
    const web = new Stack(app, 'Web', { env });
    const vpc = new ec2.Vpc(web, 'Vpc', { maxAzs: 2, natGateways: 0 });
    const lb = new elbv2.ApplicationLoadBalancer(web, 'Alb', { vpc });
    const tg = new elbv2.ApplicationTargetGroup(web, 'Tg', { vpc, port: 80 });
    lb.addListener('Http', { port: 80, defaultTargetGroups: [tg] });
    const observability = new Stack(app, 'Observability', { env });
    new cloudwatch.Alarm(observability, 'Alarm', { metric: metricOf(tg, lb), threshold: 1, evaluationPeriods: 1 });
    return Template.fromStack(observability).toJSON() as CfnTemplate;
  }

  test('targetGroup.metrics splits the listener ARN read by Fn::GetStackOutput: HA-CFN-001 fails it', () => {
    const findings = INTRINSIC_PLACEMENT.check(modelOf(alarmInAnotherStack((tg) => tg.metrics.requestCount())));
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.message.includes('Fn::GetStackOutput is nested in Fn::Split (source string)'))).toBe(true);
  });

  test('TargetGroupMetrics reads the published full names: HA-CFN-001 passes it', () => {
    expect(INTRINSIC_PLACEMENT.check(modelOf(alarmInAnotherStack((tg, lb) => TargetGroupMetrics.of(tg, lb).requestCount())))).toEqual([]);
  });
});

describe('the synthesized app', () => {
  // The whole default app, synthesized once per run without aws-cdk-lib's validator (test/support/default-app.ts).
  const stacks = defaultAppStacks();

  test.each(stacks.map((stack) => [`${stack.stage}/${stack.id}`, stack.template] as const))(
    '%s nests every intrinsic only where CloudFormation supports it',
    (_name, template) => {
      expect(INTRINSIC_PLACEMENT.check(modelOf(template))).toEqual([]);
    },
  );

  test('Observability dimensions reference the published full names, not split ARNs', () => {
    const json = JSON.stringify(defaultAppTemplates('prod')['prod-Observability']);
    expect(json).not.toContain('Fn::Split');
    expect(json).toContain('TargetGroupFullName');
    expect(json).toContain('LoadBalancerFullName');
  });
});
