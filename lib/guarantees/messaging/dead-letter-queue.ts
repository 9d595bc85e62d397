import { cannotProve, GuaranteeCheck, Problem, problemAt } from '../guarantee-check';
import { resolvesNumber } from '../model/facts';
import { deadLetterTarget, maxReceiveCount, queuesOf } from '../model/queue-facts';
import { isUnknown } from '../model/resolved';

/**
 * HA-MSG-001 — every queue that is not itself a dead-letter queue has one.
 *
 * Why: without a dead-letter queue, a message no consumer can process (a poison message) is
 * received, fails and returns forever: it burns consumer capacity, holds the age-of-oldest-message
 * alarm in ALARM so that a real backlog goes unnoticed, and on a FIFO queue blocks its group.
 * How it is judged: each `AWS::SQS::Queue` that no other queue's redrive policy names (and that the
 * library did not make as a DLQ) has a `RedrivePolicy` whose `deadLetterTargetArn` resolves, across
 * stacks, to the `Arn` of a queue of the environment, and a `maxReceiveCount` of 1 or more. A
 * target outside the templates (a literal ARN) cannot be proven.
 * Fix: give the queue a dead-letter queue (`HaQueue` does) with `maxReceiveCount` around 5.
 */
export const DEAD_LETTER_QUEUE: GuaranteeCheck = {
  id: 'HA-MSG-001',
  rule: 'Every SQS queue that is not a dead-letter queue sends failing messages to a dead-letter queue of the environment',
  fix: 'Set RedrivePolicy with deadLetterTargetArn (the Arn of a queue in these templates) and a maxReceiveCount (HaQueue does both)',
  check(model) {
    const problems: Problem[] = [];
    for (const { queue, isDeadLetterQueue } of queuesOf(model)) {
      if (isDeadLetterQueue) {
        continue;
      }
      const target = deadLetterTarget(model, queue);
      if (target === undefined) {
        problems.push(
          problemAt(
            queue,
            `Queue ${queue.logicalId} has no dead-letter queue: a message that always fails returns forever. Set a RedrivePolicy to a dead-letter queue.`,
          ),
        );
        continue;
      }
      if (isUnknown(target)) {
        problems.push(cannotProve(queue, 'a dead-letter queue', target));
        continue;
      }
      const receives = maxReceiveCount(model, queue);
      if (isUnknown(receives)) {
        problems.push(cannotProve(queue, 'when messages move to the dead-letter queue', receives));
        continue;
      } else if (receives < 1) {
        problems.push(problemAt(queue, `Queue ${queue.logicalId} has maxReceiveCount ${receives}; give 1 or more (around 5).`));
        continue;
      }
      // SQS defaults: retention 4 days, visibility timeout 30 s (SQS Developer Guide, read 2026-11).
      const seconds = (ref: typeof queue, property: string, fallback: number) =>
        ref.resource.Properties?.[property] === undefined
          ? fallback
          : resolvesNumber(model, ref.stack, ref.resource.Properties[property], property);
      const retention = seconds(queue, 'MessageRetentionPeriod', 345600);
      const deadLetterRetention = seconds(target.ref, 'MessageRetentionPeriod', 345600);
      const visibility = seconds(queue, 'VisibilityTimeout', 30);
      const unread = [retention, deadLetterRetention, visibility].find(isUnknown);
      if (unread) {
        problems.push(cannotProve(queue, 'that a failing message reaches the dead-letter queue and stays there', unread));
      } else if ((retention as number) <= receives * (visibility as number)) {
        problems.push(
          problemAt(
            queue,
            `Queue ${queue.logicalId} keeps messages ${retention} s, no longer than ${receives} receives of ${visibility} s: a failing message expires before it is moved to the dead-letter queue. Keep messages longer than maxReceiveCount x VisibilityTimeout.`,
          ),
        );
      } else if ((deadLetterRetention as number) < (retention as number)) {
        // A standard queue's message keeps its original enqueue time in the dead-letter queue.
        problems.push(
          problemAt(
            queue,
            `Dead-letter queue ${target.ref.logicalId} keeps messages ${deadLetterRetention} s, less than its source's ${retention} s: failed messages, which keep their first enqueue time, may expire as they arrive. Keep them at least as long (14 days is the most).`,
          ),
        );
      }
    }
    return problems;
  },
};
