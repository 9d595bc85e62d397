import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import {
  DEAD_LETTER_ALARM,
  DEAD_LETTER_QUEUE,
  GuaranteeCheck,
  HaQueue,
  MANAGED_METADATA,
  QUEUE_CONSUMER_METADATA,
  QUEUE_ENCRYPTION,
  VISIBILITY_TIMEOUT,
} from '../../lib';
import { modelOf } from '../support/model';
import { testStack } from '../support/test-app';

/** A hand-written environment: a keyed queue with a DLQ, the DLQ alarmed to a subscribed topic, the consumer declared. */
function healthy(): any {
  return {
    Resources: {
      Key: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } },
      Topic: { Type: 'AWS::SNS::Topic', Properties: { Subscription: [{ Protocol: 'email', Endpoint: 'oncall@corp.test' }] } },
      Dlq: { Type: 'AWS::SQS::Queue', Properties: { KmsMasterKeyId: { Ref: 'Key' }, MessageRetentionPeriod: 1209600 } },
      Queue: {
        Type: 'AWS::SQS::Queue',
        Properties: {
          KmsMasterKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] },
          VisibilityTimeout: 180,
          RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['Dlq', 'Arn'] }, maxReceiveCount: 5 },
        },
        Metadata: { [QUEUE_CONSUMER_METADATA]: { processingTimeoutSeconds: 30 } },
      },
      DlqAlarm: {
        Type: 'AWS::CloudWatch::Alarm',
        Properties: {
          Namespace: 'AWS/SQS',
          MetricName: 'ApproximateNumberOfMessagesVisible',
          Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['Dlq', 'QueueName'] } }],
          Threshold: 0,
          ComparisonOperator: 'GreaterThanThreshold',
          EvaluationPeriods: 1,
          AlarmActions: [{ Ref: 'Topic' }],
          OKActions: [{ Ref: 'Topic' }],
        },
      },
    },
  };
}

const messages = (check: GuaranteeCheck, ...templates: any[]) => check.check(modelOf(...templates)).map((p) => p.message);
const MESSAGING_CHECKS = [DEAD_LETTER_QUEUE, DEAD_LETTER_ALARM, VISIBILITY_TIMEOUT, QUEUE_ENCRYPTION];

test.each(MESSAGING_CHECKS.map((c) => [c.id, c] as const))('%s passes the hand-written healthy environment', (_id, check) => {
  expect(messages(check, healthy())).toEqual([]);
});

describe('on HaQueue templates', () => {
  function queueTemplate(): any {
    const stack = testStack();
    const topic = new sns.Topic(stack, 'Topic');
    topic.addSubscription(new subscriptions.EmailSubscription('oncall@corp.test'));
    new HaQueue(stack, 'Orders', { queueLabel: 'orders', alarmTopic: topic, processingTimeout: Duration.seconds(20) });
    return structuredClone(Template.fromStack(stack).toJSON());
  }
  const made = queueTemplate();
  const ids = Object.entries<string>(made.Metadata[MANAGED_METADATA]);
  const queueId = ids.find(([, k]) => k === 'queue')![0];
  const dlqId = ids.find(([, k]) => k === 'dead-letter-queue')![0];

  test.each(MESSAGING_CHECKS.map((c) => [c.id, c] as const))('%s passes what HaQueue makes', (_id, check) => {
    expect(messages(check, made)).toEqual([]);
  });

  test('HA-MSG-001 fails an HaQueue whose redrive policy was removed by an escape hatch', () => {
    const broken = structuredClone(made);
    delete broken.Resources[queueId].Properties.RedrivePolicy;
    expect(messages(DEAD_LETTER_QUEUE, broken)).toEqual([expect.stringMatching(new RegExp(`^Queue ${queueId} has no dead-letter queue`))]);
  });

  test('HA-MSG-002 fails an HaQueue whose DLQ alarm was removed', () => {
    const broken = structuredClone(made);
    for (const [id, r] of Object.entries<any>(broken.Resources)) {
      if (r.Type === 'AWS::CloudWatch::Alarm' && JSON.stringify(r.Properties.Dimensions).includes(dlqId)) {
        delete broken.Resources[id];
      }
    }
    expect(messages(DEAD_LETTER_ALARM, broken)).toEqual([expect.stringMatching(new RegExp(`^Dead-letter queue ${dlqId} has no alarm`))]);
  });

  test('HA-MSG-003 cannot prove an HaQueue whose consumer declaration was removed, and fails one whose visibility was lowered', () => {
    const undeclared = structuredClone(made);
    delete undeclared.Resources[queueId].Metadata;
    expect(messages(VISIBILITY_TIMEOUT, undeclared)).toEqual([
      expect.stringMatching(/^cannot prove .* the library made the queue but its cdk-ha-blueprint:queueConsumer metadata/),
    ]);
    const lowered = structuredClone(made);
    lowered.Resources[queueId].Properties.VisibilityTimeout = 60;
    expect(messages(VISIBILITY_TIMEOUT, lowered)).toEqual([
      `Queue ${queueId} has a visibility timeout of 60 s, below 6x the 20 s processing timeout of its declared consumer: a second consumer may get a message the first is still processing. Raise VisibilityTimeout to 120 s.`,
    ]);
  });

  test('HA-MSG-004 fails an HaQueue switched to SSE-SQS', () => {
    const broken = structuredClone(made);
    delete broken.Resources[dlqId].Properties.KmsMasterKeyId;
    broken.Resources[dlqId].Properties.SqsManagedSseEnabled = true;
    expect(messages(QUEUE_ENCRYPTION, broken)).toEqual([
      expect.stringMatching(new RegExp(`^Queue ${dlqId} is not encrypted with a customer-managed key \\(SSE-SQS`)),
    ]);
  });
});

describe('HA-MSG-001 dead-letter queue', () => {
  test('follows the dead-letter target into another stack', () => {
    const queues = healthy();
    const dlqStack = { Resources: { Dlq: queues.Resources.Dlq }, Outputs: { DlqArn: { Value: { 'Fn::GetAtt': ['Dlq', 'Arn'] } } } };
    delete queues.Resources.Dlq;
    queues.Resources.Queue.Properties.RedrivePolicy.deadLetterTargetArn = {
      'Fn::GetStackOutput': { StackName: 'Stack1', OutputName: 'DlqArn' },
    };
    expect(messages(DEAD_LETTER_QUEUE, dlqStack, queues)).toEqual([]);
  });

  test('fails a queue with no redrive policy', () => {
    const t = healthy();
    delete t.Resources.Queue.Properties.RedrivePolicy;
    // The former DLQ is now a queue like any other, and has none either.
    expect(messages(DEAD_LETTER_QUEUE, t)).toEqual([
      expect.stringMatching(/^Queue Dlq has no dead-letter queue/),
      expect.stringMatching(/^Queue Queue has no dead-letter queue: a message that always fails returns forever/),
    ]);
  });

  test('cannot prove a dead-letter target outside the templates, and fails maxReceiveCount 0', () => {
    const outside = healthy();
    outside.Resources.Queue.Properties.RedrivePolicy.deadLetterTargetArn = 'arn:aws:sqs:us-east-1:123456789012:elsewhere';
    // The former DLQ is no longer named by any redrive policy: it is judged as a queue of its own.
    expect(messages(DEAD_LETTER_QUEUE, outside)).toEqual([
      expect.stringMatching(/^Queue Dlq has no dead-letter queue/),
      expect.stringMatching(
        /^cannot prove a dead-letter queue for Queue: its deadLetterTargetArn is the literal .*a queue outside these templates/,
      ),
    ]);
    const zero = healthy();
    zero.Resources.Queue.Properties.RedrivePolicy.maxReceiveCount = 0;
    expect(messages(DEAD_LETTER_QUEUE, zero)).toEqual(['Queue Queue has maxReceiveCount 0; give 1 or more (around 5).']);
  });

  test('reads a redrive policy written as JSON text', () => {
    const t = healthy();
    t.Resources.Queue.Properties.RedrivePolicy = '{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:1:x","maxReceiveCount":5}';
    expect(messages(DEAD_LETTER_QUEUE, t)).toContainEqual(
      'cannot prove a dead-letter queue for Queue: its deadLetterTargetArn is the literal "arn:aws:sqs:us-east-1:1:x", a queue outside these templates.',
    );
  });
});

describe('HA-MSG-002 dead-letter alarm', () => {
  test('passes an alarm written as metric math over the DLQ depth', () => {
    const t = healthy();
    const a = t.Resources.DlqAlarm.Properties;
    a.Metrics = [
      {
        Id: 'm1',
        ReturnData: false,
        MetricStat: { Metric: { Namespace: a.Namespace, MetricName: a.MetricName, Dimensions: a.Dimensions }, Period: 60, Stat: 'Maximum' },
      },
      { Id: 'e1', Expression: 'm1', ReturnData: true },
    ];
    delete a.Namespace;
    delete a.MetricName;
    delete a.Dimensions;
    expect(messages(DEAD_LETTER_ALARM, t)).toEqual([]);
  });

  test.each<[string, (a: any, t: any) => void, RegExp]>([
    ['an alarm that waits for ten messages', (a) => (a.Threshold = 9), /none fires at one message/],
    ['an alarm with actions disabled', (a) => (a.ActionsEnabled = false), /none fires at one message with enabled actions/],
    [
      'an alarm with no actions',
      (a) => delete a.AlarmActions,
      /none fires at one message with enabled actions that reach a subscribed topic/,
    ],
    [
      'an alarm whose topic nobody subscribes to',
      (_a, t) => (t.Resources.Topic.Properties.Subscription = []),
      /that reach a subscribed topic/,
    ],
    [
      'an alarm on the source queue instead',
      (a) => (a.Dimensions[0].Value = { 'Fn::GetAtt': ['Queue', 'QueueName'] }),
      /^Dead-letter queue Dlq has no alarm/,
    ],
  ])('fails %s', (_name, breakIt, message) => {
    const t = healthy();
    breakIt(t.Resources.DlqAlarm.Properties, t);
    expect(messages(DEAD_LETTER_ALARM, t)).toEqual([expect.stringMatching(message)]);
  });

  test('cannot prove a DLQ when an alarm on queue depth names a queue it cannot follow', () => {
    const t = healthy();
    t.Parameters = { Name: { Type: 'String' } };
    t.Resources.DlqAlarm.Properties.Dimensions[0].Value = { Ref: 'Name' };
    expect(messages(DEAD_LETTER_ALARM, t)).toEqual([
      expect.stringMatching(/^cannot prove an alarm on the dead-letter queue for Dlq: alarm DlqAlarm watches parameter Name/),
    ]);
  });
});

describe('HA-MSG-003 visibility timeout', () => {
  test('judges a Lambda consumer by its function timeout (3 s when unset)', () => {
    const t = healthy();
    delete t.Resources.Queue.Metadata;
    t.Resources.Fn = { Type: 'AWS::Lambda::Function', Properties: { Timeout: 60 } };
    t.Resources.Mapping = {
      Type: 'AWS::Lambda::EventSourceMapping',
      Properties: { EventSourceArn: { 'Fn::GetAtt': ['Queue', 'Arn'] }, FunctionName: { Ref: 'Fn' } },
    };
    expect(messages(VISIBILITY_TIMEOUT, t)).toEqual([
      expect.stringMatching(/below 6x the 60 s processing timeout of function Fn.*Raise VisibilityTimeout to 360 s/),
    ]);
    delete t.Resources.Fn.Properties.Timeout;
    expect(messages(VISIBILITY_TIMEOUT, t)).toEqual([]);
  });

  test('judges an unset visibility timeout as the SQS default of 30 s', () => {
    const t = healthy();
    delete t.Resources.Queue.Properties.VisibilityTimeout;
    expect(messages(VISIBILITY_TIMEOUT, t)).toEqual([expect.stringMatching(/visibility timeout of 30 s, below 6x the 30 s/)]);
  });

  test('cannot prove a queue whose consumer nobody declares', () => {
    const t = healthy();
    delete t.Resources.Queue.Metadata;
    expect(messages(VISIBILITY_TIMEOUT, t)).toEqual([
      expect.stringMatching(/^cannot prove that a message is never handed to two consumers at once for Queue: no consumer declares/),
    ]);
  });
});

describe('HA-MSG-004 queue encryption', () => {
  test('follows an alias to its key', () => {
    const t = healthy();
    t.Resources.Alias = { Type: 'AWS::KMS::Alias', Properties: { AliasName: 'alias/orders', TargetKeyId: { Ref: 'Key' } } };
    t.Resources.Queue.Properties.KmsMasterKeyId = { Ref: 'Alias' };
    expect(messages(QUEUE_ENCRYPTION, t)).toEqual([]);
  });

  test.each<[string, unknown, RegExp]>([
    ['the AWS-managed key', 'alias/aws/sqs', /encrypted with the key "alias\/aws\/sqs", which is AWS-managed or outside these templates/],
    ['no key at all', undefined, /not encrypted with a customer-managed key \(no KmsMasterKeyId\)/],
    ['a topic instead of a key', { Ref: 'Topic' }, /encrypted with something that is not a KMS key/],
    [
      'a key from a condition',
      { 'Fn::If': ['UseKey', { Ref: 'Key' }, 'alias/aws/sqs'] },
      /^cannot prove encryption with a customer-managed key for Queue: Fn::If/,
    ],
  ])('fails a queue encrypted with %s', (_name, key, message) => {
    const t = healthy();
    if (key === undefined) {
      delete t.Resources.Queue.Properties.KmsMasterKeyId;
    } else {
      t.Resources.Queue.Properties.KmsMasterKeyId = key;
    }
    expect(messages(QUEUE_ENCRYPTION, t)).toEqual([expect.stringMatching(message)]);
  });
});
