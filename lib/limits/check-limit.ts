import { Annotations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { AwsLimit, limitMessage, limitState } from './aws-limits';
import { ValidationError } from '../errors';

/** Id of the warning raised at 80 % of a limit, e.g. `cdk-ha-blueprint:limit:listenerRules`. */
export function limitWarningId(limit: AwsLimit): string {
  return `cdk-ha-blueprint:limit:${limit.id}`;
}

/**
 * Judges a count the construct knows against an AWS limit: a warning from 80 % (acknowledgeable,
 * id {@link limitWarningId}), a {@link ValidationError} above the limit, so that the failure
 * comes at synth instead of half-way through a deploy.
 *
 * Constructs that grow (a tier gaining services) call it once with their final count, from a
 * `node.addValidation` hook, so that one warning carries the count that will deploy.
 *
 * @param where who counts, e.g. `HaWebTier 'prod/Web/Web'`
 * @param fix what to do, in one sentence
 */
export function checkLimit(scope: IConstruct, limit: AwsLimit, count: number, where: string, fix: string): void {
  const state = limitState(limit, count);
  if (state === 'over') {
    throw new ValidationError(limitMessage(limit, count, where, fix), scope);
  }
  if (state === 'near') {
    Annotations.of(scope).addWarningV2(limitWarningId(limit), limitMessage(limit, count, where, fix));
  }
}

/**
 * Runs `check` when the app is synthesized (after every construct is added), as a validation of
 * `scope`; a {@link ValidationError} it throws fails the synthesis.
 */
export function checkAtSynth(scope: IConstruct, check: () => void): void {
  scope.node.addValidation({
    validate: () => {
      check();
      return [];
    },
  });
}
