import { Match, Template } from 'aws-cdk-lib/assertions';
import { HaAlerting } from '../../lib';
import { testStack } from '../support/test-app';

describe('HaAlerting', () => {
  test('encrypts the topic with a rotating key CloudWatch may use, over TLS only, with the given subscriptions', () => {
    const stack = testStack();
    new HaAlerting(stack, 'Alerting', { emailAddresses: ['oncall@example.org'], httpsEndpoints: ['https://events.example.org/hook'] });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.org' });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'https', Endpoint: 'https://events.example.org/hook' });
  });

  test('fails with an address that is not one, or an endpoint without TLS', () => {
    expect(() => new HaAlerting(testStack(), 'A', { emailAddresses: ['oncall'] })).toThrow(/emailAddresses has 'oncall'/);
    expect(() => new HaAlerting(testStack(), 'A', { httpsEndpoints: ['http://x.example.org'] })).toThrow(/only https:\/\/ endpoints/);
  });
});
