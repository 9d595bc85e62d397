import { cannotProve, GuaranteeCheck, Problem, problemAt } from '../guarantee-check';
import { keyBlocks } from '../model/key-policy';
import { isUnknown } from '../model/resolved';
import { queuesOf } from '../model/queue-facts';

/**
 * HA-MSG-004 — every queue is encrypted with a customer-managed KMS key of the environment.
 *
 * Why: messages carry the same data as the requests that produced them (orders, addresses).
 * SSE-SQS and the AWS-managed key (`alias/aws/sqs`) encrypt at rest, but only a customer-managed
 * key has a policy the owner writes, rotation the owner turns on, CloudTrail records of every use
 * and the option to revoke access to every message at once (docs/adr/0070).
 * How it is judged: each `AWS::SQS::Queue`'s `KmsMasterKeyId` resolves, across stacks, to an
 * `AWS::KMS::Key` of the environment (its `Ref` or `Arn`), or to an `AWS::KMS::Alias` whose
 * `TargetKeyId` does. `SqsManagedSseEnabled`, `alias/aws/sqs`, no key, or a literal key outside the
 * templates fail; a value that cannot be followed cannot be proven.
 * Fix: `KmsMasterKeyId: { Ref: <a rotating AWS::KMS::Key> }` (`HaQueue` does).
 */
export const QUEUE_ENCRYPTION: GuaranteeCheck = {
  id: 'HA-MSG-004',
  rule: 'Every SQS queue is encrypted with a customer-managed KMS key of the environment',
  fix: 'Set KmsMasterKeyId to a rotating AWS::KMS::Key in these templates (HaQueue does)',
  check(model) {
    const problems: Problem[] = [];
    for (const { queue } of queuesOf(model)) {
      const props = queue.resource.Properties ?? {};
      if (props.KmsMasterKeyId === undefined) {
        problems.push(
          problemAt(
            queue,
            `Queue ${queue.logicalId} is not encrypted with a customer-managed key (${props.SqsManagedSseEnabled !== undefined ? 'SSE-SQS is managed by AWS' : 'no KmsMasterKeyId'}). Set KmsMasterKeyId to a rotating KMS key of these templates.`,
          ),
        );
        continue;
      }
      let key = model.resolve(queue.stack, props.KmsMasterKeyId);
      if (key.kind === 'resource' && key.ref.resource.Type === 'AWS::KMS::Alias') {
        key = model.resolve(key.ref.stack, key.ref.resource.Properties?.TargetKeyId);
      }
      const blocked =
        key.kind === 'resource' && key.ref.resource.Type === 'AWS::KMS::Key'
          ? keyBlocks(model, key.ref, ['kms:GenerateDataKey', 'kms:Decrypt'])
          : undefined;
      if (key.kind === 'unknown') {
        problems.push(cannotProve(queue, 'encryption with a customer-managed key', key));
      } else if (isUnknown(blocked)) {
        problems.push(cannotProve(queue, 'that its key can be used', blocked));
      } else if (blocked) {
        // A key nobody may use makes every SendMessage and ReceiveMessage fail.
        problems.push(
          problemAt(
            queue,
            `Queue ${queue.logicalId} cannot be used: ${blocked}. Enable the key and let producers and consumers use it through SQS.`,
          ),
        );
      } else if (key.kind !== 'resource' || key.ref.resource.Type !== 'AWS::KMS::Key') {
        const what =
          key.kind === 'literal'
            ? `the key ${JSON.stringify(key.value)}, which is AWS-managed or outside these templates`
            : 'something that is not a KMS key';
        problems.push(
          problemAt(
            queue,
            `Queue ${queue.logicalId} is encrypted with ${what}. Set KmsMasterKeyId to a rotating KMS key of these templates.`,
          ),
        );
      }
    }
    return problems;
  },
};
