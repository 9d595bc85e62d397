import { Duration, Names, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ValidationError } from '../errors';
import { QUEUE_CONSUMER_METADATA, QueueConsumerDeclaration, VISIBILITY_TIMEOUT_FACTOR } from '../guarantees/model/queue-facts';
import { notifyOnAlarmAndOk } from '../monitoring/alarm-actions';
import { grantKeyUseViaService } from '../private/grant-through-principal';
import { recordManaged } from '../private/managed-resources';
import { qualifiedMetricId } from '../private/metric-ids';

/** SQS limits (SQS Developer Guide, "Amazon SQS quotas" and `SetQueueAttributes`, read 2026-11). */
const SQS_LIMITS = {
  maxVisibilitySeconds: 12 * 3600,
  minRetentionSeconds: 60,
  maxRetentionSeconds: 14 * 24 * 3600,
  maxReceiveCount: 1000,
};

/** Properties of {@link HaQueue}. */
export interface HaQueueProps {
  /** Short name: goes into alarm names (`prod-messaging-orders-dlq-not-empty`) and descriptions. */
  readonly queueLabel: string;

  /** Topic that receives every alarm's ALARM and OK transitions; required so that no alarm goes unheard (HA-MON-001). */
  readonly alarmTopic: sns.ITopic;

  /**
   * The longest one consumer may work on one message before it must have deleted it. The
   * visibility timeout is derived from it, and it is recorded in the template for HA-MSG-003.
   *
   * @default Duration.seconds(30)
   */
  readonly processingTimeout?: Duration;

  /**
   * Visibility timeout: at least 6x `processingTimeout` (see {@link VISIBILITY_TIMEOUT_FACTOR}), at most 12 hours.
   *
   * @default - 6x processingTimeout
   */
  readonly visibilityTimeout?: Duration;

  /**
   * Receives after which a message moves to the dead-letter queue instead of being retried.
   *
   * @default 5 - enough retries to ride out a consumer restart or a dependency's brief outage,
   * few enough that a poison message leaves the queue within minutes
   */
  readonly maxReceiveCount?: number;

  /**
   * First-in-first-out queue (and dead-letter queue) with exactly-once processing per deduplication ID.
   *
   * @default false - a standard queue: at-least-once delivery, best-effort order, nearly unlimited throughput
   */
  readonly fifo?: boolean;

  /**
   * FIFO only: deduplicate by a SHA-256 of the body when the producer gives no deduplication ID.
   *
   * @default false
   */
  readonly contentBasedDeduplication?: boolean;

  /**
   * How long a message waits in the queue before SQS deletes it unprocessed.
   *
   * @default Duration.days(4) - the SQS default
   */
  readonly retentionPeriod?: Duration;

  /**
   * The bound on the age of the oldest message: older means consumers are not keeping up or not
   * running, and the age alarm fires.
   *
   * @default Duration.minutes(5)
   */
  readonly maxMessageAge?: Duration;

  /**
   * Alarm when the backlog has grown (more messages sent than deleted) in every minute of this span.
   *
   * @default - no backlog-growth alarm: the age alarm catches consumers that fall behind
   */
  readonly backlogGrowthAlarmAfter?: Duration;

  /**
   * Key encrypting the queue and its dead-letter queue.
   *
   * @default - a new customer-managed key with rotation on
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Prefix of alarm names, e.g. `prod-messaging`.
   *
   * @default - CloudFormation-generated alarm names
   */
  readonly alarmNamePrefix?: string;
}

/**
 * An SQS queue that decouples a producer from its consumers: a dead-letter queue behind it (after
 * `maxReceiveCount` receives), both encrypted with a customer-managed key and reachable over TLS
 * only, a visibility timeout derived from the consumer's processing timeout, and alarms on the age
 * of the oldest message, on any message in the dead-letter queue and, optionally, on a growing
 * backlog. Every alarm notifies `alarmTopic` on ALARM and OK.
 *
 * Grants (`grantSend`, `grantConsume`) are written on the principal's side only, so that a
 * producer or consumer in another stack never makes the queue's stack depend on it.
 */
export class HaQueue extends Construct {
  /** The queue. */
  public readonly queue: sqs.Queue;
  /** The dead-letter queue. */
  public readonly deadLetterQueue: sqs.Queue;
  /** The key encrypting both queues. */
  public readonly encryptionKey: kms.IKey;
  /** The consumer's processing timeout per message. */
  public readonly processingTimeout: Duration;
  /** The queue's visibility timeout. */
  public readonly visibilityTimeout: Duration;
  /** The bound on the oldest message's age. */
  public readonly maxMessageAge: Duration;
  /** The short name used in alarm names. */
  public readonly queueLabel: string;
  /** Fires when the oldest message is older than `maxMessageAge`: consumers fall behind or are down. */
  public readonly oldestMessageAgeAlarm: cloudwatch.Alarm;
  /** Fires when any message is in the dead-letter queue: processing failed `maxReceiveCount` times. */
  public readonly deadLetterQueueAlarm: cloudwatch.Alarm;
  /** Fires when the backlog grows for `backlogGrowthAlarmAfter`, when set. */
  public readonly backlogGrowthAlarm?: cloudwatch.Alarm;
  /** Every alarm of the queue. */
  public readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: HaQueueProps) {
    super(scope, id);
    this.queueLabel = props.queueLabel;
    this.processingTimeout = props.processingTimeout ?? Duration.seconds(30);
    this.visibilityTimeout = props.visibilityTimeout ?? Duration.seconds(this.processingTimeout.toSeconds() * VISIBILITY_TIMEOUT_FACTOR);
    this.maxMessageAge = props.maxMessageAge ?? Duration.minutes(5);
    this.validate(props);

    this.encryptionKey =
      props.encryptionKey ??
      new kms.Key(this, 'Key', {
        enableKeyRotation: true,
        description: `Encrypts the ${props.queueLabel} queue and its dead-letter queue`,
      });
    this.deadLetterQueue = this.createDeadLetterQueue(props);
    this.queue = this.createQueue(props);

    this.oldestMessageAgeAlarm = this.alarm('OldestMessageAgeAlarm', props, {
      name: 'oldest-message-age',
      description: `${props.queueLabel}: the oldest message has waited more than ${this.maxMessageAge.toHumanString()}; consumers are behind or down`,
      metric: this.metricApproximateAgeOfOldestMessage(),
      threshold: this.maxMessageAge.toSeconds(),
      // Age only grows while nothing drains; two minutes over the bound is not a spike.
      evaluationPeriods: 2,
      // No datapoint: an idle queue (SQS stops publishing for queues inactive for six hours).
      missing: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.deadLetterQueueAlarm = this.alarm('DeadLetterQueueAlarm', props, {
      name: 'dlq-not-empty',
      description: `${props.queueLabel}: messages failed ${props.maxReceiveCount ?? 5} times and wait in the dead-letter queue; inspect, fix and redrive them`,
      metric: this.metricDeadLetterMessagesVisible(),
      // Any one message: each is a unit of work that did not happen.
      threshold: 0,
      evaluationPeriods: 1,
      missing: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.alarms = [this.oldestMessageAgeAlarm, this.deadLetterQueueAlarm];
    if (props.backlogGrowthAlarmAfter) {
      this.backlogGrowthAlarm = this.alarm('BacklogGrowthAlarm', props, {
        name: 'backlog-growing',
        description: `${props.queueLabel}: more messages sent than deleted in every minute for ${props.backlogGrowthAlarmAfter.toHumanString()}; consumers do not keep up`,
        metric: this.metricBacklogGrowth(),
        threshold: 0,
        evaluationPeriods: Math.round(props.backlogGrowthAlarmAfter.toMinutes()),
        missing: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      this.alarms.push(this.backlogGrowthAlarm);
    }
  }

  private validate(props: HaQueueProps): void {
    const problems: string[] = [];
    const processing = this.processingTimeout.toSeconds();
    const visibility = this.visibilityTimeout.toSeconds();
    if (processing < 1) {
      problems.push(`processingTimeout is ${processing} s; give the consumer at least 1 s per message`);
    }
    if (visibility < processing * VISIBILITY_TIMEOUT_FACTOR) {
      problems.push(
        `visibilityTimeout (${visibility} s) is below ${VISIBILITY_TIMEOUT_FACTOR}x processingTimeout (${processing} s), so a second consumer may get a message the first is still working on; raise it to at least ${processing * VISIBILITY_TIMEOUT_FACTOR} s or lower processingTimeout`,
      );
    }
    if (visibility > SQS_LIMITS.maxVisibilitySeconds) {
      problems.push(`visibilityTimeout is ${visibility} s; SQS accepts at most 12 hours (43200 s): lower processingTimeout`);
    }
    const receives = props.maxReceiveCount ?? 5;
    if (!Token.isUnresolved(receives) && (!Number.isInteger(receives) || receives < 1 || receives > SQS_LIMITS.maxReceiveCount)) {
      problems.push(`maxReceiveCount is ${receives}; SQS accepts a whole number from 1 to 1000`);
    }
    const retention = (props.retentionPeriod ?? Duration.days(4)).toSeconds();
    if (retention < SQS_LIMITS.minRetentionSeconds || retention > SQS_LIMITS.maxRetentionSeconds) {
      problems.push(`retentionPeriod is ${retention} s; SQS accepts 60 s to 14 days`);
    }
    if (props.contentBasedDeduplication && !props.fifo) {
      problems.push('contentBasedDeduplication is set on a standard queue; set fifo: true or drop it');
    }
    if (this.maxMessageAge.toSeconds() < 60) {
      problems.push(`maxMessageAge is ${this.maxMessageAge.toSeconds()} s; SQS publishes the age once a minute, so give at least 60 s`);
    }
    const growth = props.backlogGrowthAlarmAfter?.toMinutes({ integral: false });
    if (growth !== undefined && (growth < 2 || !Number.isInteger(growth))) {
      problems.push(`backlogGrowthAlarmAfter is ${growth} minutes; give a whole number of minutes, at least 2`);
    }
    ValidationError.throwIfAny(`HaQueue '${props.queueLabel}': invalid properties`, problems, this);
  }

  /**
   * The dead-letter queue keeps messages for the SQS maximum of 14 days: a standard queue's
   * messages keep their original enqueue time when they move, so a DLQ retention no longer than
   * the source's would delete them on arrival (SQS Developer Guide, "Using dead-letter queues", read 2026-11).
   */
  private createDeadLetterQueue(props: HaQueueProps): sqs.Queue {
    const dlq = new sqs.Queue(this, 'DeadLetterQueue', {
      fifo: props.fifo || undefined,
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.encryptionKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      // Only this queue may send its failures here, so the DLQ holds one queue's failures (and one alarm says whose).
      redriveAllowPolicy: {
        redrivePermission: sqs.RedrivePermission.BY_QUEUE,
        sourceQueues: [sqs.Queue.fromQueueArn(this, 'SourceQueueArn', this.sourceQueueArn(props))],
      },
    });
    recordManaged(dlq.node.defaultChild as sqs.CfnQueue, 'dead-letter-queue');
    return dlq;
  }

  private createQueue(props: HaQueueProps): sqs.Queue {
    const queue = new sqs.Queue(this, 'Queue', {
      queueName: this.sourceQueueName(props),
      fifo: props.fifo || undefined,
      contentBasedDeduplication: props.contentBasedDeduplication,
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.encryptionKey,
      // Data keys are reused for 5 minutes (the default), so consumers do not call KMS per message.
      enforceSSL: true,
      visibilityTimeout: this.visibilityTimeout,
      retentionPeriod: props.retentionPeriod,
      // Long polling: fewer empty receives, and no message missed on a sampled subset of servers.
      receiveMessageWaitTime: Duration.seconds(20),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? 5 },
    });
    const cfnQueue = queue.node.defaultChild as sqs.CfnQueue;
    const declaration: QueueConsumerDeclaration = { processingTimeoutSeconds: this.processingTimeout.toSeconds() };
    cfnQueue.addMetadata(QUEUE_CONSUMER_METADATA, declaration);
    recordManaged(cfnQueue, 'queue');
    return queue;
  }

  /**
   * The source queue has a physical name, derived from its construct path, for one reason: the
   * DLQ's redrive-allow policy names the source by ARN while the source's redrive policy names the
   * DLQ by ARN, and two generated ARNs would be a circular dependency (docs/adr/0070). The name
   * changes only when the path does (a new queue, as a new logical ID would give) or when `fifo`
   * changes (`.fifo` suffix), so a replacement never collides with the old name.
   */
  private sourceQueueName(props: HaQueueProps): string {
    const base = Names.uniqueResourceName(this, { maxLength: 80 - '.fifo'.length, separator: '-' });
    return props.fifo ? `${base}.fifo` : base;
  }

  private sourceQueueArn(props: HaQueueProps): string {
    return Stack.of(this).formatArn({ service: 'sqs', resource: this.sourceQueueName(props) });
  }

  private alarm(
    id: string,
    props: HaQueueProps,
    spec: {
      name: string;
      description: string;
      metric: cloudwatch.IMetric;
      threshold: number;
      evaluationPeriods: number;
      missing: cloudwatch.TreatMissingData;
    },
  ): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmName: props.alarmNamePrefix ? `${props.alarmNamePrefix}-${props.queueLabel}-${spec.name}` : undefined,
      alarmDescription: spec.description,
      metric: spec.metric,
      threshold: spec.threshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: spec.evaluationPeriods,
      datapointsToAlarm: spec.evaluationPeriods,
      treatMissingData: spec.missing,
    });
    notifyOnAlarmAndOk(alarm, props.alarmTopic, 'messaging');
    return alarm;
  }

  /**
   * Lets a principal send to the queue (and use the key for it, through SQS only). Written on the
   * principal's side only, so a producer in another stack adds no reference back to this one.
   */
  public grantSend(grantee: iam.IGrantable): iam.Grant {
    const grant = iam.Grant.addToPrincipal({
      grantee,
      actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
      resourceArns: [this.queue.queueArn],
    });
    // SendMessage encrypts under a data key the producer asks KMS for (SQS Developer Guide, "Key management", read 2026-11).
    grantKeyUseViaService(grantee, this.encryptionKey, ['kms:GenerateDataKey', 'kms:Decrypt'], 'sqs', Stack.of(this).region);
    return grant;
  }

  /**
   * Lets a principal receive, delete and extend the visibility of the queue's messages (and
   * decrypt them, through SQS only). Written on the principal's side only.
   */
  public grantConsume(grantee: iam.IGrantable): iam.Grant {
    const grant = iam.Grant.addToPrincipal({
      grantee,
      actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
      resourceArns: [this.queue.queueArn],
    });
    grantKeyUseViaService(grantee, this.encryptionKey, ['kms:Decrypt'], 'sqs', Stack.of(this).region);
    return grant;
  }

  /** Age of the oldest message in the queue, in seconds (maximum per minute). */
  public metricApproximateAgeOfOldestMessage(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.queue.metricApproximateAgeOfOldestMessage({ statistic: 'Maximum', period: Duration.minutes(1), ...props });
  }

  /** Messages waiting to be received: the backlog (maximum per minute). */
  public metricApproximateNumberOfMessagesVisible(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.queue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: Duration.minutes(1), ...props });
  }

  /** Messages in the dead-letter queue (maximum per minute). */
  public metricDeadLetterMessagesVisible(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: Duration.minutes(1), ...props });
  }

  /** Messages sent to the queue (sum per minute). */
  public metricNumberOfMessagesSent(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.queue.metricNumberOfMessagesSent({ statistic: 'Sum', period: Duration.minutes(1), ...props });
  }

  /** Messages deleted from the queue, i.e. processed (sum per minute). */
  public metricNumberOfMessagesDeleted(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.queue.metricNumberOfMessagesDeleted({ statistic: 'Sum', period: Duration.minutes(1), ...props });
  }

  /** Messages received by consumers, redeliveries included (sum per minute). */
  public metricNumberOfMessagesReceived(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.queue.metricNumberOfMessagesReceived({ statistic: 'Sum', period: Duration.minutes(1), ...props });
  }

  /** Net growth of the backlog per minute: messages sent minus messages deleted (metric math). */
  public metricBacklogGrowth(props?: cloudwatch.MathExpressionOptions): cloudwatch.MathExpression {
    const [sent, deleted] = ['sent', 'deleted'].map((base) => qualifiedMetricId(base, this.queueLabel));
    return new cloudwatch.MathExpression({
      // A minute with no sends or deletes publishes nothing: it is zero, not a gap.
      expression: `FILL(${sent}, 0) - FILL(${deleted}, 0)`,
      usingMetrics: { [sent]: this.metricNumberOfMessagesSent(), [deleted]: this.metricNumberOfMessagesDeleted() },
      label: `${this.queueLabel} backlog growth (messages/min)`,
      period: Duration.minutes(1),
      ...props,
    });
  }
}
