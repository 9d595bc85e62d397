import { IConstruct } from 'constructs';
import { assessHaGuarantees } from './assess-ha-guarantees';
import { Finding } from '../guarantees/template-model';

/** What a Jest (or Vitest) matcher returns. */
export interface HaMatcherResult {
  readonly pass: boolean;
  readonly message: () => string;
}

/**
 * Matchers for users' own tests, registered by the user so that this library never imports a
 * test framework:
 *
 * ```ts
 * import { haGuaranteesMatchers } from 'cdk-ha-blueprint/testing';
 * expect.extend(haGuaranteesMatchers);
 * expect(stage).toMeetHaGuarantees();
 * ```
 */
export const haGuaranteesMatchers = {
  /**
   * Passes when the App, Stage or Stack, synthesized, has no error finding in any environment;
   * fails listing every error finding (check, resource, message).
   */
  toMeetHaGuarantees(received: unknown): HaMatcherResult {
    if (!isConstruct(received)) {
      return { pass: false, message: () => `expected an App, a Stage or a Stack, received ${describeValue(received)}` };
    }
    const assessment = assessHaGuarantees(received);
    const { subject, errors, warnings } = assessment;
    const checked = assessment.environments.map((e) => e.name).join(', ');
    return errors.length === 0
      ? {
          pass: true,
          message: () =>
            `expected ${subject} not to meet its availability guarantees, but every guarantee holds in ${checked}` +
            (warnings.length > 0 ? ` (${warnings.length} warning(s))` : ''),
        }
      : {
          pass: false,
          message: () =>
            `expected ${subject} to meet its availability guarantees, but ${errors.length} error finding(s) in ${checked}:\n` +
            errors.map(line).join('\n'),
        };
  },
};

declare global {
  namespace jest {
    interface Matchers<R> {
      /** The App, Stage or Stack meets every availability guarantee (no error finding); see `haGuaranteesMatchers`. */
      toMeetHaGuarantees(): R;
    }
  }
}

function line(finding: Finding): string {
  return `  ${finding.checkId} ${finding.stack}/${finding.logicalId}: ${finding.message}`;
}

function isConstruct(x: unknown): x is IConstruct {
  return typeof x === 'object' && x !== null && 'node' in x && typeof (x as IConstruct).node?.path === 'string';
}

function describeValue(x: unknown): string {
  return x === null || typeof x !== 'object' ? String(x) : `an object of ${x.constructor?.name ?? 'no class'}`;
}
