import { EnvironmentModel } from './model/environment-model';
import { ResourceRef, Unknown } from './model/resolved';

/** One broken guarantee as a check sees it, before the environment's severity rules apply. */
export interface Problem {
  /** Name of the stack holding the resource at fault. */
  readonly stack: string;
  /** Logical ID of the resource at fault. */
  readonly logicalId: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
  /**
   * Set when the templates declare the part at fault as not built yet (a standby's `pending`
   * tiers, docs/adr/0083), with the declared reason: the finding is then a warning, even in a
   * strict environment, so that the gap shows in every report without blocking the deployment
   * phase that closes it.
   *
   * @default - not pending: the environment's severity rules apply
   */
  readonly pending?: string;
}

/**
 * A guarantee check: a pure function of the environment model (cdk-nag's rules, cfn-lint's rules).
 * It returns every problem it finds, including each fact it could not prove: a guarantee that
 * cannot be proven is reported, never passed.
 */
export interface GuaranteeCheck {
  /** E.g. `HA-WEB-001`. */
  readonly id: string;
  /** The guarantee, in one line. */
  readonly rule: string;
  /** The usual fix, in one line. */
  readonly fix: string;
  check(model: EnvironmentModel): Problem[];
}

/** A problem located at a resource. */
export function problemAt(ref: ResourceRef, message: string): Problem {
  return { stack: ref.stack.stackName, logicalId: ref.logicalId, message };
}

/** The finding for a fact the model could not follow: the guarantee is not proven. */
export function cannotProve(ref: ResourceRef, guarantee: string, why: Unknown | string): Problem {
  return problemAt(ref, `cannot prove ${guarantee} for ${ref.logicalId}: ${typeof why === 'string' ? why : why.why}.`);
}
