import { Errors } from 'aws-cdk-lib';
import { ValidationError } from './errors';

/**
 * The one-paragraph explanation of a configuration mistake (this library's `ValidationError`,
 * or aws-cdk-lib's own validation errors), or undefined for anything else, which is a bug and
 * deserves its stack trace.
 */
export function explainConfigurationError(error: unknown): string | undefined {
  if (error instanceof ValidationError || Errors.isValidationError(error)) {
    return `cdk-ha-blueprint: ${(error as Error).message}`;
  }
  return undefined;
}

/**
 * Runs a CDK app's entry point so that a configuration mistake prints what to fix, without a
 * stack trace that would bury it, and exits with status 1; any other error is rethrown.
 *
 * ```ts
 * runCdkApp(() => {
 *   const app = new App();
 *   new ShopStack(app, 'Shop');
 *   app.synth();
 * });
 * ```
 */
export function runCdkApp(main: () => void): void {
  try {
    main();
  } catch (error) {
    const explanation = explainConfigurationError(error);
    if (explanation === undefined) {
      throw error;
    }
    console.error(`\n${explanation}\n`);
    process.exit(1);
  }
}
