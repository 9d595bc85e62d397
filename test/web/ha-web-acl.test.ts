import { Match, Template } from 'aws-cdk-lib/assertions';
import { HaWebTier } from '../../lib';
import { alarmTopic, stackWithNetwork } from '../support/fixtures';

function synthWeb(rateLimitPer5Minutes?: number) {
  const { stack, network } = stackWithNetwork();
  new HaWebTier(stack, 'Web', {
    network,
    capacity: { baseline: 3, maximum: 12 },
    allowInsecureHttp: true,
    rateLimitPer5Minutes,
    notificationTopic: alarmTopic(stack),
  });
  return Template.fromStack(stack);
}

describe('HaWebAcl', () => {
  const template = synthWeb(1500);
  const [acl] = Object.values(template.findResources('AWS::WAFv2::WebACL'));

  test('guards the load balancer with IP reputation, a rate limit per IP, the common rule set and known bad inputs', () => {
    expect(acl.Properties.Scope).toBe('REGIONAL');
    expect(acl.Properties.DefaultAction).toEqual({ Allow: {} });
    expect(acl.Properties.Rules.map((r: any) => [r.Priority, r.Name])).toEqual([
      [0, 'AWSManagedRulesAmazonIpReputationList'],
      [1, 'RateLimitPerIp'],
      [2, 'AWSManagedRulesCommonRuleSet'],
      [3, 'AWSManagedRulesKnownBadInputsRuleSet'],
    ]);
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      ResourceArn: { Ref: Match.stringLikeRegexp('^WebLoadBalancer') },
      WebACLArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^WebWebAcl'), 'Arn'] },
    });
  });

  test('blocks a client IP above the configured limit per 5 minutes', () => {
    const rate = acl.Properties.Rules.find((r: any) => r.Name === 'RateLimitPerIp');
    expect(rate).toMatchObject({
      Action: { Block: {} },
      Statement: { RateBasedStatement: { Limit: 1500, AggregateKeyType: 'IP', EvaluationWindowSec: 300 } },
    });
  });

  test("the WAF log group's name ends with the stack's own GUID, so a retained group never blocks a redeploy", () => {
    const [group] = Object.values(template.findResources('AWS::Logs::LogGroup', { Properties: { LogGroupName: Match.anyValue() } }));
    expect(group.DeletionPolicy).toBe('Retain');
    expect(group.Properties.LogGroupName['Fn::Join'][1][1]).toEqual({
      'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }],
    });
    // The logging configuration points at the same name.
    expect(JSON.stringify(template.findResources('AWS::WAFv2::LoggingConfiguration'))).toContain('AWS::StackId');
  });

  test('logs to an encrypted aws-waf-logs-* group with retention, credentials redacted', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: { 'Fn::Join': ['', [Match.stringLikeRegexp('^aws-waf-logs-.*-$'), Match.anyValue()]] },
      RetentionInDays: 365,
      KmsKeyId: Match.anyValue(),
    });
    template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      RedactedFields: [{ SingleHeader: { Name: 'authorization' } }, { SingleHeader: { Name: 'cookie' } }],
    });
  });

  test('fails with a rate limit WAF refuses', () => {
    expect(() => synthWeb(5)).toThrow(/rateLimitPer5Minutes is 5; WAF accepts whole numbers from 10/);
  });
});
