import { cannotProve, GuaranteeCheck, Problem, problemAt } from '../guarantee-check';
import { EnvironmentModel } from '../model/environment-model';
import { mentionedResources, resolvesNumber } from '../model/facts';
import { QUEUE_CONSUMER_METADATA, queuesOf, VISIBILITY_TIMEOUT_FACTOR } from '../model/queue-facts';
import { isUnknown, ResourceRef, Unknown } from '../model/resolved';

/** SQS's default visibility timeout and Lambda's default function timeout (SQS and Lambda API references, read 2026-11). */
const DEFAULTS = { visibilitySeconds: 30, lambdaTimeoutSeconds: 3 };

/**
 * HA-MSG-003 — a queue's visibility timeout is at least 6x its consumer's processing timeout.
 *
 * Why: when a message's visibility timeout ends before its consumer has finished, SQS hands it to
 * another consumer: the work runs twice at once, and a slow message can reach the dead-letter
 * queue without ever having failed. AWS's rule for Lambda consumers is 6x (docs/adr/0070).
 * How it is judged: the consumer's timeout comes from the queue's `cdk-ha-blueprint:queueConsumer`
 * metadata (`processingTimeoutSeconds`, written by `HaQueue`) and from the `Timeout` of every
 * Lambda function an `AWS::Lambda::EventSourceMapping` feeds from the queue (3 s when unset); the
 * longest counts. `VisibilityTimeout` (30 s when unset) must be at least 6x it. A queue with no
 * consumer declared cannot be proven, nor can a queue the library made whose declaration was removed;
 * dead-letter queues are judged only when they declare a consumer.
 * Fix: raise `VisibilityTimeout` to 6x the processing timeout, or declare the consumer (`HaQueue.processingTimeout`).
 */
export const VISIBILITY_TIMEOUT: GuaranteeCheck = {
  id: 'HA-MSG-003',
  rule: `Every consumed SQS queue has a visibility timeout of at least ${VISIBILITY_TIMEOUT_FACTOR}x its consumer's processing timeout`,
  fix: `Set VisibilityTimeout to ${VISIBILITY_TIMEOUT_FACTOR}x the consumer's processing timeout, declared in the queue's ${QUEUE_CONSUMER_METADATA} metadata`,
  check(model) {
    const problems: Problem[] = [];
    for (const { queue, isDeadLetterQueue, managedAs } of queuesOf(model)) {
      const consumer = consumerTimeout(model, queue, managedAs === 'queue');
      if (consumer === undefined) {
        if (!isDeadLetterQueue) {
          problems.push(
            cannotProve(
              queue,
              'that a message is never handed to two consumers at once',
              `no consumer declares its processing timeout (${QUEUE_CONSUMER_METADATA} metadata or a Lambda event source mapping)`,
            ),
          );
        }
        continue;
      }
      if (isUnknown(consumer)) {
        problems.push(cannotProve(queue, 'that a message is never handed to two consumers at once', consumer));
        continue;
      }
      const visibility = resolvesNumber(
        model,
        queue.stack,
        queue.resource.Properties?.VisibilityTimeout ?? DEFAULTS.visibilitySeconds,
        'VisibilityTimeout',
      );
      if (isUnknown(visibility)) {
        problems.push(cannotProve(queue, 'its visibility timeout', visibility));
      } else if (visibility < consumer.seconds * VISIBILITY_TIMEOUT_FACTOR) {
        problems.push(
          problemAt(
            queue,
            `Queue ${queue.logicalId} has a visibility timeout of ${visibility} s, below ${VISIBILITY_TIMEOUT_FACTOR}x the ${consumer.seconds} s processing timeout of ${consumer.source}: a second consumer may get a message the first is still processing. Raise VisibilityTimeout to ${consumer.seconds * VISIBILITY_TIMEOUT_FACTOR} s.`,
          ),
        );
      }
    }
    return problems;
  },
};

/** The longest processing timeout among a queue's declared consumers; undefined when none is declared. */
function consumerTimeout(
  model: EnvironmentModel,
  queue: ResourceRef,
  managed: boolean,
): { seconds: number; source: string } | Unknown | undefined {
  const found: Array<{ seconds: number; source: string }> = [];
  const declared = queue.resource.Metadata?.[QUEUE_CONSUMER_METADATA];
  const declaredSeconds = Number(declared?.processingTimeoutSeconds);
  if (declared !== undefined || managed) {
    if (!(declaredSeconds > 0)) {
      return {
        kind: 'unknown',
        why: `${managed ? 'the library made the queue but ' : ''}its ${QUEUE_CONSUMER_METADATA} metadata (processingTimeoutSeconds) is missing or invalid`,
      };
    }
    found.push({ seconds: declaredSeconds, source: 'its declared consumer' });
  }
  for (const mapping of model.resources('AWS::Lambda::EventSourceMapping')) {
    const props = mapping.resource.Properties ?? {};
    const source = model.resolve(mapping.stack, props.EventSourceArn);
    if (source.kind === 'unknown') {
      return { kind: 'unknown', why: `event source mapping ${mapping.logicalId} reads ${source.why}, maybe this queue` };
    }
    if (source.kind === 'literal' && String(source.value).includes(':sqs:')) {
      // A literal ARN names the queue by its name: this queue's, when its name is literal too.
      const name = model.resolve(queue.stack, queue.resource.Properties?.QueueName);
      if (name.kind !== 'literal' || name.value === undefined) {
        return {
          kind: 'unknown',
          why: `event source mapping ${mapping.logicalId} reads the queue ${source.value} by a literal ARN, maybe this one`,
        };
      }
      if (!String(source.value).endsWith(`:${name.value}`)) {
        continue;
      }
    } else if (source.kind !== 'resource' || source.ref.resource !== queue.resource) {
      continue;
    }
    const fn = model.resolve(mapping.stack, props.FunctionName);
    if (fn.kind !== 'resource' || fn.ref.resource.Type !== 'AWS::Lambda::Function') {
      return { kind: 'unknown', why: `event source mapping ${mapping.logicalId} feeds a function outside these templates` };
    }
    const timeout = resolvesNumber(model, fn.ref.stack, fn.ref.resource.Properties?.Timeout ?? DEFAULTS.lambdaTimeoutSeconds, 'Timeout');
    if (isUnknown(timeout)) {
      return timeout;
    }
    found.push({ seconds: timeout, source: `function ${fn.ref.logicalId}` });
  }
  // The default worker reads its timeout from its user data (PROCESSING_TIMEOUT_SECONDS=n next to
  // its QUEUE_URL): what the instances really run, whatever the queue's metadata says.
  for (const template of model.resources('AWS::EC2::LaunchTemplate')) {
    const userData = template.resource.Properties?.LaunchTemplateData?.UserData;
    const text = JSON.stringify(userData ?? null);
    const declared = /PROCESSING_TIMEOUT_SECONDS=(\d+)/.exec(text);
    const mentions = mentionedResources(
      model,
      template.stack,
      (userData as Record<string, unknown> | undefined)?.['Fn::Base64'] ?? userData,
    );
    if (declared && Array.isArray(mentions) && mentions.some((r) => r.resource === queue.resource)) {
      found.push({ seconds: Number(declared[1]), source: `the workers of launch template ${template.logicalId}` });
    }
  }
  return found.length === 0 ? undefined : found.reduce((a, b) => (b.seconds > a.seconds ? b : a));
}
