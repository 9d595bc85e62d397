import { IConstruct } from 'constructs';

/**
 * Thrown when a construct or an environment profile is given input that would
 * not deploy, or would deploy a system that is not highly available.
 *
 * The message names the construct (or profile), the property, the value received
 * and the fix; `constructPath` locates the construct in the tree when there is one.
 */
export class ValidationError extends Error {
  /** Path of the construct that rejected its input, when the error came from a construct. */
  public readonly constructPath?: string;

  constructor(message: string, scope?: IConstruct) {
    super(scope ? `${message} [at ${scope.node.path}]` : message);
    this.name = 'ValidationError';
    this.constructPath = scope?.node.path;
  }

  /**
   * Throws one error listing every problem found, so that a user fixes them all in one pass;
   * does nothing when there are none.
   *
   * @param heading what was checked, e.g. `HaNetwork: invalid properties`
   */
  public static throwIfAny(heading: string, problems: readonly string[], scope?: IConstruct): void {
    if (problems.length > 0) {
      throw new ValidationError(`${heading}:\n  - ${problems.join('\n  - ')}`, scope);
    }
  }
}
