import { CfnTemplate, PROD } from '../../lib';
import { errorIdsAfter, resourceId, resourceOf, synthEnvironment } from '../support/model';

/**
 * Second adversarial review of the guarantee engine (2026-11-29), aimed at what the first did not
 * cover: the messaging checks (HA-MSG-001..004), the availability estimate (HA-AVL-001), the
 * deployed-as-judged and template-limit checks (HA-CFN-003/004) and HA-MON-001's key and policy
 * logic. Each case is a single edit to prod's real synthesized templates that breaks a real
 * guarantee while `checkEnvironment` reports no error; it asserts that the check that SHOULD fail
 * does, so every case here is RED until the engine closes the bypass. Most serious first.
 */
type Templates = Record<string, CfnTemplate & { Resources: Record<string, any>; Parameters?: Record<string, any> }>;

const prod = synthEnvironment(PROD) as Templates;

const messaging = (t: Templates) => t['prod-Messaging'].Resources;
const alerting = (t: Templates) => t['prod-Alerting'].Resources;
const observability = (t: Templates) => t['prod-Observability'].Resources;
const id = resourceId;
const get = resourceOf;
const ALARM = 'AWS::CloudWatch::Alarm';
const KEY = 'AWS::KMS::Key';
const QUEUE = 'AWS::SQS::Queue';
const ordersQueue = (t: Templates) => get(messaging(t), 'OrdersQueue', QUEUE);
const deadLetterQueue = (t: Templates) => get(messaging(t), 'OrdersDeadLetterQueue', QUEUE);
const deadLetterAlarm = (t: Templates) => get(messaging(t), 'OrdersDeadLetterQueueAlarm', ALARM);

/** The ids of the checks that report an error after `mutate` is applied to a copy of prod's templates. */
const errorsAfter = (mutate: (t: Templates) => void) => errorIdsAfter(prod, mutate);

test('prod as synthesized passes every check (the baseline each bypass edits)', () => {
  expect(errorsAfter(() => undefined)).toEqual([]);
});

describe('HA-MON-001 alarms are heard: the key and topic policy logic reads too little', () => {
  // publishBlocked() asks only whether some statement Allows cloudwatch.amazonaws.com the KMS
  // actions. It never reads the key's Enabled flag, an Allow's Condition, a Deny in the key policy
  // or a topic-policy Deny written with NotAction. Each edit below makes SNS fail every publish
  // CloudWatch attempts (SNS Developer Guide, "Encryption at rest": SNS needs kms:GenerateDataKey*
  // and kms:Decrypt on an enabled key): every alarm of the environment fires into nothing.
  test.each<[string, (t: Templates) => void]>([
    [
      // A disabled key cannot be used by anyone (KMS Developer Guide, "Enabling and disabling keys").
      'the alarm topic’s key is created disabled',
      (t) => (get(alerting(t), 'AlertingKey', KEY).Properties.Enabled = false),
    ],
    [
      // CloudWatch's requests never carry this source account, so the Allow never applies.
      'the key’s Allow for CloudWatch carries a condition that never matches',
      (t) => {
        const policy = get(alerting(t), 'AlertingKey', KEY).Properties.KeyPolicy;
        const statement = policy.Statement.find((s: any) => s.Principal?.Service === 'cloudwatch.amazonaws.com');
        statement.Condition = { StringEquals: { 'aws:SourceAccount': '000000000000' } };
      },
    ],
    [
      // The CloudWatch Allow is kept (its Principal now a list), and a second statement denies
      // CloudWatch every KMS action: an explicit Deny beats every Allow (IAM policy evaluation logic).
      'the key policy allows CloudWatch in a principal list and denies it in another statement',
      (t) => {
        const policy = get(alerting(t), 'AlertingKey', KEY).Properties.KeyPolicy;
        const statement = policy.Statement.find((s: any) => s.Principal?.Service === 'cloudwatch.amazonaws.com');
        statement.Principal = { Service: ['events.amazonaws.com', 'cloudwatch.amazonaws.com'] };
        policy.Statement.push({ Effect: 'Deny', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'kms:*', Resource: '*' });
      },
    ],
    [
      // NotAction denies every action but the ones listed: sns:Publish included, without a condition.
      'the topic policy denies everything but subscribing, written with NotAction',
      (t) =>
        get(alerting(t), 'AlertingTopicPolicy', 'AWS::SNS::TopicPolicy').Properties.PolicyDocument.Statement.push({
          Effect: 'Deny',
          Principal: '*',
          NotAction: ['sns:Subscribe', 'sns:Receive'],
          Resource: { Ref: id(alerting(t), 'AlertingTopic', 'AWS::SNS::Topic') },
        }),
    ],
  ])('%s', (_name, mutate) => {
    expect(errorsAfter(mutate)).toContain('HA-MON-001');
  });
});

describe('HA-MSG-004 messages can be sent: the queue key is judged by its type alone', () => {
  // The check proves only that KmsMasterKeyId names an AWS::KMS::Key of the environment. SQS calls
  // KMS on every SendMessage (kms:GenerateDataKey) and ReceiveMessage (kms:Decrypt); with a
  // disabled key or a key policy that denies those calls, every POST /orders fails
  // (KMS.DisabledException / KMS.AccessDeniedException, SQS API Reference, SendMessage) and the
  // workers can read nothing. Applied to the deployed stack, the edit updates only the key. (A key
  // policy statement that denies those calls to every principal passes the same way.)
  test.each<[string, (t: Templates) => void]>([
    ['the orders key is disabled', (t) => (get(messaging(t), 'OrdersKey', KEY).Properties.Enabled = false)],
  ])('%s', (_name, mutate) => {
    expect(errorsAfter(mutate)).toContain('HA-MSG-004');
  });
});

describe('HA-MSG-002 the dead-letter alarm fires on the first failed message', () => {
  // The check matches the DLQ alarm by namespace, metric name and the QueueName dimension, and reads
  // Threshold and ComparisonOperator. It never asks whether the metric it names exists or whether
  // the value the alarm evaluates is that metric. With TreatMissingData notBreaching (as
  // synthesized) an alarm on a metric that has no data, or on an expression that is always 0,
  // stays OK forever (an alarm with a Unit SQS does not publish, Count, is the same bypass) while failed orders pile up in the DLQ until SQS deletes them after 14 days.
  test.each<[string, (t: Templates) => void]>([
    [
      // CloudWatch identifies a metric by all its dimensions: AWS/SQS publishes QueueName alone, so
      // QueueName + Environment names a metric that never has data (CloudWatch User Guide, "Dimensions").
      'the alarm names an extra dimension SQS never publishes',
      (t) => deadLetterAlarm(t).Properties.Dimensions.push({ Name: 'Environment', Value: 'prod' }),
    ],
    [
      // The alarm evaluates the expression (the one query with ReturnData true), not the MetricStat
      // the check finds inside Metrics: DLQ depth times 0 is never above 0.
      'the alarm evaluates the DLQ depth multiplied by 0',
      (t) => {
        const props = deadLetterAlarm(t).Properties;
        const { Namespace, MetricName, Dimensions, Statistic, Period } = props;
        for (const key of ['Namespace', 'MetricName', 'Dimensions', 'Statistic', 'Period']) {
          delete props[key];
        }
        props.Metrics = [
          { Id: 'depth', MetricStat: { Metric: { Namespace, MetricName, Dimensions }, Period, Stat: Statistic }, ReturnData: false },
          { Id: 'never', Expression: 'depth * 0', ReturnData: true },
        ];
      },
    ],
  ])('%s', (_name, mutate) => {
    expect(errorsAfter(mutate)).toContain('HA-MSG-002');
  });
});

describe('HA-MSG-001 failed messages are kept in the dead-letter queue: retention is never judged', () => {
  // SQS keeps a message's original enqueue timestamp when it moves it to a standard dead-letter
  // queue, and deletes it once that age passes the DLQ's retention period (SQS Developer Guide,
  // "Setting-up dead-letter queue retention in Amazon SQS", read 2026-11: "always set the retention
  // period of a dead-letter queue to be longer than the retention period of the original queue").
  // The check reads neither MessageRetentionPeriod. Each edit below makes every failed
  // order vanish instead of waiting in the DLQ: the DLQ alarm never sees it, nobody is told.
  test.each<[string, (t: Templates) => void]>([
    [
      // A failed order reaches the DLQ after 5 receives, at least 4 x 180 s visibility timeouts
      // old: past 60 s, so SQS deletes it on arrival.
      'the dead-letter queue keeps messages for 60 s',
      (t) => (deadLetterQueue(t).Properties.MessageRetentionPeriod = 60),
    ],
    [
      // The source keeps messages 600 s; 5 receives take at least 4 x 180 s = 720 s, so a poison
      // message expires in the source queue before its fifth receive and never reaches the DLQ.
      'the source queue’s retention ends before maxReceiveCount receives can happen',
      (t) => (ordersQueue(t).Properties.MessageRetentionPeriod = 600),
    ],
  ])('%s', (_name, mutate) => {
    expect(errorsAfter(mutate)).toContain('HA-MSG-001');
  });
});

describe('HA-MSG-003 a message is never handed to two consumers at once', () => {
  // consumerTimeout() skips every event source mapping whose EventSourceArn does not resolve to the
  // queue resource: a literal ARN of the orders queue (its QueueName is literal in the template)
  // is skipped instead of being "cannot prove". A Lambda consumer with a 900 s timeout then reads a
  // queue whose visibility timeout is 180 s: every message running past 180 s is delivered again
  // while the first invocation still works on it (double orders), and reaches the DLQ unfailed.
  test('a 900 s Lambda consumer attached through the queue’s literal ARN', () => {
    expect(
      errorsAfter((t) => {
        const queueName = ordersQueue(t).Properties.QueueName;
        messaging(t).ZConsumerRole = {
          Type: 'AWS::IAM::Role',
          Properties: {
            AssumeRolePolicyDocument: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
            },
            // What CreateEventSourceMapping checks the role for, and the key's decrypt (its policy defers to IAM).
            Policies: [
              {
                PolicyName: 'consume',
                PolicyDocument: {
                  Version: '2012-10-17',
                  Statement: [
                    {
                      Effect: 'Allow',
                      Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'kms:Decrypt'],
                      Resource: '*',
                    },
                  ],
                },
              },
            ],
          },
        };
        messaging(t).ZConsumer = {
          Type: 'AWS::Lambda::Function',
          Properties: {
            Runtime: 'nodejs20.x',
            Handler: 'index.handler',
            Code: { ZipFile: 'exports.handler = async () => new Promise((r) => setTimeout(r, 600000));' },
            Role: { 'Fn::GetAtt': ['ZConsumerRole', 'Arn'] },
            Timeout: 900,
          },
        };
        messaging(t).ZConsumerMapping = {
          Type: 'AWS::Lambda::EventSourceMapping',
          Properties: { EventSourceArn: `arn:aws:sqs:us-east-1:123456789012:${queueName}`, FunctionName: { Ref: 'ZConsumer' } },
        };
      }),
    ).toContain('HA-MSG-003');
  });

  // The workers' real processing timeout is PROCESSING_TIMEOUT_SECONDS in their user data; the check
  // reads only the queue's metadata copy of it (30 s). Raised to 600 s in the user data alone, a
  // worker holds a message for up to 600 s while its visibility timeout is 180 s.
  test('the workers’ own processing timeout raised to 600 s while the metadata still says 30 s', () => {
    expect(
      errorsAfter((t) => {
        const template = get(messaging(t), 'OrderWorkersLaunchTemplate', 'AWS::EC2::LaunchTemplate');
        const parts: unknown[] = template.Properties.LaunchTemplateData.UserData['Fn::Base64']['Fn::Join'][1];
        const at = parts.findIndex((p) => typeof p === 'string' && p.includes('PROCESSING_TIMEOUT_SECONDS=30\n'));
        parts[at] = (parts[at] as string).replace('PROCESSING_TIMEOUT_SECONDS=30\n', 'PROCESSING_TIMEOUT_SECONDS=600\n');
      }),
    ).toContain('HA-MSG-003');
  });
});

describe('HA-AVL-001 the estimate claims no more than the templates deliver', () => {
  // The cache-primary RPO the estimate reports (and holds against prod's 10 s bound) is the
  // Threshold of any alarm whose metrics are all named ReplicationLag under a MAX( expression. It
  // never asks whether that alarm can fire: here the expression is MAX(...) * 0, so the alarm is
  // never in ALARM whatever the lag, yet the estimate still says "at most 5 s of writes lost".
  test('the replication-lag alarm that bounds the cache RPO can never fire', () => {
    expect(
      errorsAfter((t) => {
        const alarm = get(observability(t), 'Monitoringprodcachereplicationlag', ALARM);
        const returned = alarm.Properties.Metrics.find((m: any) => m.ReturnData);
        returned.Expression = `${returned.Expression} * 0`;
      }),
    ).toContain('HA-AVL-001');
  });
});

describe('HA-CFN-003 what CloudFormation deploys is what the checks judged', () => {
  // Only AWS::CloudFormation::Stack is recognised as "deploys a template the checks never read",
  // and only Transform / Fn::Transform as "rewrites the template". A stack set with a self-managed
  // instance in this account and region deploys its template right beside the environment; a
  // registered CloudFormation module (a resource type ending in ::MODULE, CloudFormation CLI User
  // Guide, "Developing modules") expands into the resources it holds when the stack deploys. Either
  // may hold a single-AZ database or a port open to the world, unjudged, and the result is
  // "no finding" instead of "cannot prove".
  test.each<[string, (t: Templates) => void]>([
    [
      'a stack set that deploys another template into this account and region',
      (t) =>
        (t['prod-Data'].Resources.ZStackSet = {
          Type: 'AWS::CloudFormation::StackSet',
          Properties: {
            StackSetName: 'prod-extra',
            PermissionModel: 'SELF_MANAGED',
            TemplateURL: 'https://s3.us-east-1.amazonaws.com/templates/database.json',
            StackInstancesGroup: [{ DeploymentTargets: { Accounts: ['123456789012'] }, Regions: ['us-east-1'] }],
          },
        }),
    ],
    [
      'a CloudFormation module that expands into resources at deploy time',
      (t) => (t['prod-Data'].Resources.ZModule = { Type: 'Acme::Data::Database::MODULE', Properties: { InstanceClass: 'db.r7g.large' } }),
    ],
  ])('%s', (_name, mutate) => {
    expect(errorsAfter(mutate)).toContain('HA-CFN-003');
  });
});

describe('HA-CFN-004 every stack deploys within CloudFormation’s limits', () => {
  // CloudFormation refuses a template with more than 200 parameters (CloudFormation User Guide,
  // "CloudFormation quotas": Parameters, 200 per template), as it does one with 501 resources; the
  // check counts only resources, outputs and bytes. prod-Web then cannot be deployed at all.
  test('prod-Web declares 201 parameters', () => {
    expect(
      errorsAfter((t) => {
        for (let i = t['prod-Web'].Parameters ? Object.keys(t['prod-Web'].Parameters).length : 0; i <= 200; i++) {
          t['prod-Web'].Parameters = { ...t['prod-Web'].Parameters, [`ZUnused${i}`]: { Type: 'String', Default: '' } };
        }
      }),
    ).toContain('HA-CFN-004');
  });
});
