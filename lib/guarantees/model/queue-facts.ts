import { EnvironmentModel } from './environment-model';
import { ResourceRef, Unknown } from './resolved';
import { resolvesNumber } from './facts';

/**
 * The visibility timeout must be at least this many times the consumer's processing timeout.
 *
 * AWS gives 6x for Lambda consumers (Lambda Developer Guide, "Using Lambda with Amazon SQS":
 * "set the source queue's visibility timeout to at least six times the timeout that you configure
 * on your function", read 2026-11); this library applies it to every consumer (docs/adr/0070): a
 * message is then never handed to a second consumer while the first may still be working on it,
 * even after a slow receive, a retry of the delete and a consumer that overruns before it gives up.
 */
export const VISIBILITY_TIMEOUT_FACTOR = 6;

/**
 * Template metadata key under which a queue records its consumer's processing timeout: the longest
 * a consumer may hold one message before it must have deleted it. Written by `HaQueue`, which
 * derives the visibility timeout from it; read by HA-MSG-003.
 */
export const QUEUE_CONSUMER_METADATA = 'cdk-ha-blueprint:queueConsumer';

/** What a queue's consumer declares. */
export interface QueueConsumerDeclaration {
  /** The consumer's processing timeout per message, in seconds. */
  readonly processingTimeoutSeconds: number;
}

/** One SQS queue and the facts the messaging checks judge. */
export interface QueueFacts {
  readonly queue: ResourceRef;
  /** Whether another queue's redrive policy names it (or the library made it as one): a DLQ. */
  readonly isDeadLetterQueue: boolean;
  /** What this library made it as (and so which declarations it owes), when it made it. */
  readonly managedAs?: 'queue' | 'dead-letter-queue';
}

/**
 * Every SQS queue of the environment, with whether it is a dead-letter queue: one that another
 * queue's `RedrivePolicy.deadLetterTargetArn` names (followed across stacks), or one the library
 * recorded as a DLQ (so that a DLQ whose source was removed is still known for what it is).
 */
export function queuesOf(model: EnvironmentModel): QueueFacts[] {
  const queues = model.resources('AWS::SQS::Queue');
  const targets = new Set<unknown>();
  for (const { stack, resource } of queues) {
    const target = deadLetterTarget(model, { stack, logicalId: '', resource });
    if (target && 'ref' in target) {
      targets.add(target.ref.resource);
    }
  }
  const recorded = (kind: 'queue' | 'dead-letter-queue') =>
    new Set(
      model
        .managed(kind)
        .map((m) => m.stack.template.Resources?.[m.logicalId])
        .filter((r) => r !== undefined),
    );
  const managedQueues = recorded('queue');
  const managedDeadLetterQueues = recorded('dead-letter-queue');
  return queues.map((queue) => ({
    queue,
    isDeadLetterQueue: targets.has(queue.resource) || managedDeadLetterQueues.has(queue.resource),
    managedAs: managedQueues.has(queue.resource)
      ? ('queue' as const)
      : managedDeadLetterQueues.has(queue.resource)
        ? ('dead-letter-queue' as const)
        : undefined,
  }));
}

/**
 * The queue a queue's `RedrivePolicy` sends failed messages to: `undefined` without a redrive
 * policy, the target queue (by its `Arn` attribute), or why it cannot be told.
 */
export function deadLetterTarget(model: EnvironmentModel, queue: ResourceRef): { ref: ResourceRef } | Unknown | undefined {
  const policy = queue.resource.Properties?.RedrivePolicy;
  if (policy === undefined) {
    return undefined;
  }
  const parsed = typeof policy === 'string' ? parseJson(policy) : policy;
  if (!parsed || typeof parsed !== 'object') {
    return { kind: 'unknown', why: 'RedrivePolicy is neither an object nor JSON text' };
  }
  const target = model.resolve(queue.stack, (parsed as Record<string, unknown>).deadLetterTargetArn);
  if (target.kind === 'unknown') {
    return target;
  }
  if (target.kind !== 'resource' || target.ref.resource.Type !== 'AWS::SQS::Queue' || target.attribute !== 'Arn') {
    return {
      kind: 'unknown',
      why: `its deadLetterTargetArn is ${target.kind === 'literal' ? `the literal ${JSON.stringify(target.value)}, a queue outside these templates` : 'not the Arn of a queue of this environment'}`,
    };
  }
  return { ref: target.ref };
}

/** The `maxReceiveCount` of a queue's redrive policy, or why it cannot be read. */
export function maxReceiveCount(model: EnvironmentModel, queue: ResourceRef): number | Unknown {
  const policy = queue.resource.Properties?.RedrivePolicy;
  const parsed = typeof policy === 'string' ? parseJson(policy) : policy;
  return resolvesNumber(model, queue.stack, (parsed as Record<string, unknown> | undefined)?.maxReceiveCount, 'maxReceiveCount');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
