import { ALARM_ACTIONS, ENVIRONMENT_METADATA } from '../../lib';
import { modelOf } from '../support/model';

const topic = (subscriptions: unknown[] = [{ Protocol: 'email', Endpoint: 'oncall@corp.test' }]) => ({
  Type: 'AWS::SNS::Topic',
  Properties: { Subscription: subscriptions },
});
const alarm = (props: Record<string, unknown>, resources: Record<string, unknown> = { Topic: topic() }) => ({
  Resources: { ...resources, A: { Type: 'AWS::CloudWatch::Alarm', Properties: { AlarmName: 'prod-web-5xx-rate', ...props } } },
});
const routed = { AlarmActions: [{ Ref: 'Topic' }], OKActions: [{ Ref: 'Topic' }] };
const messages = (template: any) => ALARM_ACTIONS.check(modelOf(template)).map((p) => p.message);

describe('HA-MON-001 alarm actions', () => {
  test('passes an alarm whose alarm and OK actions reach a subscribed topic', () => {
    expect(messages(alarm(routed))).toEqual([]);
  });

  test('follows the actions to a topic in another stack, through Fn::GetStackOutput, and its subscription in a third', () => {
    const alerting = { Resources: { Topic: topic([]) }, Outputs: { TopicArn: { Value: { Ref: 'Topic' } } } };
    const subscriptions = {
      Resources: {
        Sub: {
          Type: 'AWS::SNS::Subscription',
          Properties: {
            Protocol: 'https',
            Endpoint: 'https://pager.corp.test',
            TopicArn: { 'Fn::GetStackOutput': { StackName: 'Stack1', OutputName: 'TopicArn' } },
          },
        },
      },
    };
    const viaOutput = { 'Fn::GetStackOutput': { StackName: 'Stack1', OutputName: 'TopicArn' } };
    const alarms = alarm({ AlarmActions: [viaOutput], OKActions: [viaOutput] }, {});
    expect(ALARM_ACTIONS.check(modelOf(alerting, subscriptions, alarms))).toEqual([]);
    expect(ALARM_ACTIONS.check(modelOf(alerting, alarms)).map((p) => p.message)).toEqual([
      expect.stringMatching(
        /lacks a subscriber on the topic its AlarmActions reach \(Topic\) and a subscriber on the topic its OKActions reach/,
      ),
    ]);
  });

  test('fails an alarm with no action', () => {
    expect(messages(alarm({}))).toEqual([
      'Alarm prod-web-5xx-rate (A) lacks AlarmActions that reach a topic and OKActions that reach a topic: nobody hears when it fires or recovers. Send both to the alarm topic and subscribe on-call to it.',
    ]);
  });

  test.each([false, 'false', 'FALSE', 0])('fails an alarm whose ActionsEnabled is %p', (value) => {
    expect(messages(alarm({ ...routed, ActionsEnabled: value }))).toEqual([
      expect.stringMatching(/lacks enabled actions \(ActionsEnabled is false\)/),
    ]);
  });

  test('cannot prove an alarm whose ActionsEnabled depends on a parameter or a condition', () => {
    const template: any = alarm({ ...routed, ActionsEnabled: { 'Fn::If': ['Quiet', false, true] } });
    expect(messages(template)).toEqual([
      expect.stringMatching(/^cannot prove that the alarm notifies anyone for A: ActionsEnabled is Fn::If/),
    ]);
    template.Parameters = { Enabled: { Type: 'String' } };
    template.Resources.A.Properties.ActionsEnabled = { Ref: 'Enabled' };
    expect(messages(template)).toEqual([expect.stringMatching(/cannot prove .* parameter Enabled .* may take any value at deploy time/)]);
  });

  test('fails actions that resolve to AWS::NoValue, or to something that is not a topic', () => {
    expect(messages(alarm({ AlarmActions: [{ Ref: 'AWS::NoValue' }], OKActions: [{ Ref: 'Topic' }] }))).toEqual([
      expect.stringMatching(/lacks AlarmActions that reach a topic:/),
    ]);
    expect(messages(alarm({ AlarmActions: ['arn:aws:sns:us-east-1:123456789012:elsewhere'], OKActions: [{ Ref: 'Topic' }] }))).toEqual([
      expect.stringMatching(/lacks AlarmActions that reach a topic \(it has only arn:aws:sns:us-east-1:123456789012:elsewhere\)/),
    ]);
  });

  test('fails an alarm whose topic nobody subscribes to, unless the environment declares an external subscriber', () => {
    const unsubscribed: any = alarm(routed, { Topic: topic([]) });
    expect(messages(unsubscribed)).toEqual([expect.stringMatching(/lacks a subscriber on the topic its AlarmActions reach \(Topic\)/)]);
    unsubscribed.Metadata = {
      [ENVIRONMENT_METADATA]: { name: 'prod', externalAlarmSubscribers: ['PagerDuty SNS integration, set up by the platform team'] },
    };
    expect(messages(unsubscribed)).toEqual([]);
    // An SQS queue is not a person.
    expect(messages(alarm(routed, { Topic: topic([{ Protocol: 'sqs', Endpoint: 'arn:aws:sqs:us-east-1:1:q' }]) }))).toHaveLength(1);
  });

  test('fails a composite alarm without an OK action', () => {
    const composite = {
      Resources: { Topic: topic(), C: { Type: 'AWS::CloudWatch::CompositeAlarm', Properties: { AlarmActions: [{ Ref: 'Topic' }] } } },
    };
    expect(messages(composite)).toEqual([expect.stringMatching(/^Alarm C lacks OKActions that reach a topic/)]);
  });
});
