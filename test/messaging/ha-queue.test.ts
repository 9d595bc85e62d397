import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { HaQueue, HaQueueProps } from '../../lib';
import { alarmNamed, firesOn } from '../support/alarm-by-name';
import { alarmFires, Series } from '../support/metric-math';
import { testApp, testStack } from '../support/test-app';

function synthQueue(props: Partial<HaQueueProps> = {}, stack: Stack = testStack()) {
  const topic = new sns.Topic(stack, 'Topic');
  const queue = new HaQueue(stack, 'Orders', { queueLabel: 'orders', alarmTopic: topic, alarmNamePrefix: 'prod-messaging', ...props });
  return { stack, queue, template: Template.fromStack(stack) };
}

describe('HaQueue', () => {
  test('derives a visibility timeout of 6x the processing timeout and keeps dead letters 14 days', () => {
    const { template } = synthQueue({ processingTimeout: Duration.minutes(2), retentionPeriod: Duration.days(7), maxReceiveCount: 3 });
    template.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 720,
      MessageRetentionPeriod: 7 * 86400,
      ReceiveMessageWaitTimeSeconds: 20,
      RedrivePolicy: Match.objectLike({ maxReceiveCount: 3 }),
    });
    template.hasResourceProperties('AWS::SQS::Queue', { MessageRetentionPeriod: 14 * 86400, RedriveAllowPolicy: Match.anyValue() });
  });

  test('a FIFO queue gets a FIFO dead-letter queue and a .fifo name', () => {
    const { template } = synthQueue({ fifo: true, contentBasedDeduplication: true });
    const queues = Object.values<any>(template.findResources('AWS::SQS::Queue'));
    expect(queues.map((q) => q.Properties.FifoQueue)).toEqual([true, true]);
    expect(queues.find((q) => q.Properties.RedrivePolicy).Properties.QueueName).toMatch(/^[A-Za-z0-9_-]+\.fifo$/);
  });

  test('uses a given key for both queues instead of creating one', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'Shared');
    const { template } = synthQueue({ encryptionKey: key }, stack);
    template.resourceCountIs('AWS::KMS::Key', 1);
  });

  test.each<[string, Partial<HaQueueProps>, RegExp]>([
    [
      'a visibility timeout below 6x processing',
      { processingTimeout: Duration.seconds(60), visibilityTimeout: Duration.seconds(300) },
      /visibilityTimeout \(300 s\) is below 6x processingTimeout \(60 s\).*at least 360 s/,
    ],
    [
      'a visibility timeout past 12 hours',
      { processingTimeout: Duration.hours(3) },
      /visibilityTimeout is 64800 s; SQS accepts at most 12 hours/,
    ],
    ['maxReceiveCount 0', { maxReceiveCount: 0 }, /maxReceiveCount is 0; SQS accepts a whole number from 1 to 1000/],
    ['retention past 14 days', { retentionPeriod: Duration.days(15) }, /retentionPeriod is 1296000 s; SQS accepts 60 s to 14 days/],
    [
      'content-based deduplication on a standard queue',
      { contentBasedDeduplication: true },
      /contentBasedDeduplication is set on a standard queue/,
    ],
    ['an age bound under a minute', { maxMessageAge: Duration.seconds(30) }, /maxMessageAge is 30 s/],
    ['a backlog-growth span of one minute', { backlogGrowthAlarmAfter: Duration.minutes(1) }, /backlogGrowthAlarmAfter is 1 minutes/],
  ])('fails %s', (_name, props, message) => {
    expect(() => synthQueue(props)).toThrow(message);
  });

  test('the DLQ alarm fires on the first dead letter, not before', () => {
    const { template } = synthQueue();
    const alarm = alarmNamed(template, 'prod-messaging-orders-dlq-not-empty');
    expect(alarmFires(alarm, [0, 0, 0])).toBe(false);
    expect(alarmFires(alarm, [0, 0, 1])).toBe(true);
    expect(alarmFires(alarm, [0, 0, null])).toBe(false);
  });

  test('the age alarm fires after two minutes over the bound, not on one', () => {
    const { template } = synthQueue({ maxMessageAge: Duration.minutes(10) });
    const alarm = alarmNamed(template, 'prod-messaging-orders-oldest-message-age');
    expect(alarm.Threshold).toBe(600);
    expect(alarmFires(alarm, [300, 550, 601])).toBe(false);
    expect(alarmFires(alarm, [550, 601, 661])).toBe(true);
  });

  test('the backlog-growth alarm fires when every minute of the span sends more than it deletes (metric math on synthetic data)', () => {
    const { template } = synthQueue({ backlogGrowthAlarmAfter: Duration.minutes(5) });
    const alarm = alarmNamed(template, 'prod-messaging-orders-backlog-growing');
    const run = (sent: Series, deleted: Series) => firesOn(alarm, { NumberOfMessagesSent: sent, NumberOfMessagesDeleted: deleted });
    expect(run([100, 100, 100, 100, 100], [90, 90, 90, 90, 90])).toBe(true);
    // One minute that caught up breaks the run.
    expect(run([100, 100, 100, 100, 100], [90, 90, 120, 90, 90])).toBe(false);
    // Minutes with no traffic publish nothing: zero growth, not a breach.
    expect(run([null, null, null, null, null], [null, null, null, null, null])).toBe(false);
    // Sends with no deletes at all (consumers down) do breach.
    expect(run([5, 5, 5, 5, 5], [null, null, null, null, null])).toBe(true);
  });

  test("grants to a principal in another stack add nothing to the queue's stack, so there is no cycle", () => {
    const app = testApp();
    const env = { account: '123456789012', region: 'us-east-1' };
    const queueStack = new Stack(app, 'Queues', { env });
    const producerStack = new Stack(app, 'Producers', { env });
    const topic = new sns.Topic(queueStack, 'Topic');
    const queue = new HaQueue(queueStack, 'Orders', { queueLabel: 'orders', alarmTopic: topic });
    const producer = new iam.Role(producerStack, 'Producer', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    const consumer = new iam.Role(producerStack, 'Consumer', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    queue.grantSend(producer);
    queue.grantConsume(consumer);
    const assembly = app.synth();
    expect(queueStack.dependencies).toEqual([]);
    expect(producerStack.dependencies).toEqual([queueStack]);
    const queueTemplate = JSON.stringify(assembly.getStackByName('Queues').template);
    expect(queueTemplate).not.toMatch(/Producer[0-9A-F]{8}|Consumer[0-9A-F]{8}/);
    const policies = Template.fromStack(producerStack).findResources('AWS::IAM::Policy');
    const statements = Object.values<any>(policies).flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Condition: { StringEquals: { 'kms:ViaService': 'sqs.us-east-1.amazonaws.com' } },
        }),
        expect.objectContaining({
          Action: 'kms:Decrypt',
          Condition: { StringEquals: { 'kms:ViaService': 'sqs.us-east-1.amazonaws.com' } },
        }),
      ]),
    );
  });
});
