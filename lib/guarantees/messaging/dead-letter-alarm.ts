import { cannotProve, GuaranteeCheck, Problem, problemAt } from '../guarantee-check';
import { alarmRouting } from '../model/alarm-routing';
import { EnvironmentModel } from '../model/environment-model';
import { queuesOf } from '../model/queue-facts';
import { isUnknown, ResourceRef, StackTemplate } from '../model/resolved';

/**
 * HA-MSG-002 — every dead-letter queue has an alarm that fires on its first message and is heard.
 *
 * Why: a message in a dead-letter queue is work that did not happen (an order not shipped); SQS
 * keeps it silently until its retention ends and then deletes it. Nobody looks at a DLQ unasked.
 * How it is judged: for each dead-letter queue (see HA-MSG-001), some `AWS::CloudWatch::Alarm`
 * watches `AWS/SQS` `ApproximateNumberOfMessagesVisible` with the `QueueName` dimension resolving
 * to that queue (as a plain metric or a `MetricStat` inside `Metrics`), fires at one message
 * (`GreaterThanThreshold` below 1 or `GreaterThanOrEqualToThreshold` at most 1), has actions
 * enabled and `AlarmActions` that reach an SNS topic with a subscriber (or the environment
 * declares an external subscriber).
 * Fix: alarm on the DLQ's visible messages > 0 and send it to the alarm topic (`HaQueue` does).
 */
export const DEAD_LETTER_ALARM: GuaranteeCheck = {
  id: 'HA-MSG-002',
  rule: 'Every dead-letter queue has an alarm on its first visible message whose actions reach a subscribed topic',
  fix: 'Alarm on AWS/SQS ApproximateNumberOfMessagesVisible > 0 for the DLQ and send AlarmActions to the alarm topic',
  check(model) {
    const problems: Problem[] = [];
    const routing = alarmRouting(model);
    const external = model.settings.externalAlarmSubscribers.length > 0;
    for (const { queue, isDeadLetterQueue } of queuesOf(model)) {
      if (!isDeadLetterQueue) {
        continue;
      }
      const watching = routing.filter((r) => watchesDepth(model, r.alarm, queue));
      const unresolved = routing.find((r) => isUnknown(watchedQueueOf(model, r.alarm)));
      const heard = watching.filter((r) => {
        const actions = r.actions.AlarmActions;
        return (
          r.actionsEnabled === true &&
          firesAtOneMessage(model, r.alarm) &&
          !isUnknown(actions) &&
          actions.topics.some((t) => external || t.subscribers.length > 0)
        );
      });
      if (heard.length > 0) {
        continue;
      }
      if (watching.length === 0 && unresolved) {
        const why = watchedQueueOf(model, unresolved.alarm);
        problems.push(
          cannotProve(
            queue,
            'an alarm on the dead-letter queue',
            `alarm ${unresolved.alarm.logicalId} watches ${isUnknown(why) ? why.why : 'a queue'}`,
          ),
        );
        continue;
      }
      problems.push(
        problemAt(
          queue,
          watching.length === 0
            ? `Dead-letter queue ${queue.logicalId} has no alarm on ApproximateNumberOfMessagesVisible: failed messages wait unseen until SQS deletes them. Alarm on more than 0 and send it to the alarm topic.`
            : `Dead-letter queue ${queue.logicalId} is watched by ${watching.map((w) => w.alarm.logicalId).join(', ')}, but none fires at one message with enabled actions that reach a subscribed topic. Alarm on more than 0 and send it to the alarm topic.`,
        ),
      );
    }
    return problems;
  },
};

/**
 * The metric an alarm evaluates, when it is one plain metric (or metric math that returns one
 * metric as it is). An expression may scale, offset or hide the depth, so it never counts.
 */
function watchedMetrics(alarm: ResourceRef): Array<Record<string, unknown>> {
  const props = alarm.resource.Properties ?? {};
  if (props.MetricName !== undefined) {
    return [props];
  }
  const metrics: Array<Record<string, any>> = Array.isArray(props.Metrics) ? props.Metrics : [];
  const returned = metrics.filter((m) => m?.ReturnData !== false);
  if (returned.length !== 1) {
    return [];
  }
  // The returned entry is the metric itself, or an expression that is just another entry's id.
  const expression = returned[0].Expression;
  const identity = typeof expression === 'string' ? metrics.find((m) => m?.Id === expression.trim()) : returned[0];
  return identity?.MetricStat?.Metric ? [identity.MetricStat.Metric] : [];
}

/** The queue whose depth an alarm watches (resolved from `QueueName`), undefined when it watches none, or why it cannot be told. */
function watchedQueueOf(model: EnvironmentModel, alarm: ResourceRef): ResourceRef[] | ReturnType<typeof unknownOf> | undefined {
  const queues: ResourceRef[] = [];
  for (const metric of watchedMetrics(alarm)) {
    const literal = (value: unknown) => model.resolve(alarm.stack, value);
    const namespace = literal(metric.Namespace);
    const name = literal(metric.MetricName);
    if (
      namespace.kind !== 'literal' ||
      namespace.value !== 'AWS/SQS' ||
      name.kind !== 'literal' ||
      name.value !== 'ApproximateNumberOfMessagesVisible'
    ) {
      continue;
    }
    const dimensions: Array<Record<string, unknown>> = Array.isArray(metric.Dimensions) ? metric.Dimensions : [];
    // SQS publishes the depth with the QueueName dimension alone; any other dimension names a metric that never exists.
    if (dimensions.length !== 1) {
      continue;
    }
    const dimension = dimensions.find((d) => d?.Name === 'QueueName');
    const queue = dimension ? queueNamed(model, alarm.stack, dimension.Value) : unknownOf('no QueueName dimension');
    if (isUnknown(queue)) {
      return queue;
    }
    queues.push(queue);
  }
  return queues.length > 0 ? queues : undefined;
}

function watchesDepth(model: EnvironmentModel, alarm: ResourceRef, queue: ResourceRef): boolean {
  const watched = watchedQueueOf(model, alarm);
  return Array.isArray(watched) && watched.some((q) => q.resource === queue.resource);
}

/** The queue a `QueueName` dimension names: `Fn::GetAtt [Queue, QueueName]`, or a literal equal to a queue's `QueueName`. */
function queueNamed(model: EnvironmentModel, stack: StackTemplate, value: unknown): ResourceRef | ReturnType<typeof unknownOf> {
  const resolved = model.resolve(stack, value);
  if (resolved.kind === 'resource' && resolved.ref.resource.Type === 'AWS::SQS::Queue' && resolved.attribute === 'QueueName') {
    return resolved.ref;
  }
  if (resolved.kind === 'literal') {
    const named = model.resources('AWS::SQS::Queue').find((q) => {
      const name = model.resolve(q.stack, q.resource.Properties?.QueueName);
      return name.kind === 'literal' && name.value === resolved.value;
    });
    return named ?? unknownOf(`the queue named ${JSON.stringify(resolved.value)}, which no template names`);
  }
  return unknownOf(resolved.kind === 'unknown' ? resolved.why : 'a QueueName that is not a queue');
}

/** An hour: a dead-letter alarm that needs longer of datapoints before it fires is not one that tells. */
const MAX_DETECTION_SECONDS = 3600;

function firesAtOneMessage(model: EnvironmentModel, alarm: ResourceRef): boolean {
  const props = alarm.resource.Properties ?? {};
  const period = Number(
    model.resolve(alarm.stack, props.Period ?? 60).kind === 'literal' ? (model.resolve(alarm.stack, props.Period ?? 60) as any).value : NaN,
  );
  const datapoints = Number(
    model.resolve(alarm.stack, props.DatapointsToAlarm ?? props.EvaluationPeriods ?? 1).kind === 'literal'
      ? (model.resolve(alarm.stack, props.DatapointsToAlarm ?? props.EvaluationPeriods ?? 1) as any).value
      : NaN,
  );
  const unit = props.Unit === undefined ? undefined : model.resolve(alarm.stack, props.Unit);
  if (!(period * datapoints <= MAX_DETECTION_SECONDS) || (unit !== undefined && !(unit.kind === 'literal' && unit.value === 'Count'))) {
    return false;
  }
  const threshold = model.resolve(alarm.stack, props.Threshold);
  const comparison = model.resolve(alarm.stack, props.ComparisonOperator);
  const t = threshold.kind === 'literal' ? Number(threshold.value) : NaN;
  return (
    (comparison.kind === 'literal' && comparison.value === 'GreaterThanThreshold' && t < 1) ||
    (comparison.kind === 'literal' && comparison.value === 'GreaterThanOrEqualToThreshold' && t <= 1)
  );
}

function unknownOf(why: string) {
  return { kind: 'unknown' as const, why };
}
