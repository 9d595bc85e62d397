import { Token } from 'aws-cdk-lib';

/**
 * A problem sentence when `value` is a token (a CfnParameter, an attribute): the numbers that
 * decide how many resources exist, in which AZs, must be known when the template is written.
 * Without this check a token's placeholder (-1.888e+289) reaches the arithmetic and the error
 * that follows names a number nobody wrote.
 */
export function tokenProblem(property: string, value: unknown): string | undefined {
  if ((typeof value === 'number' || typeof value === 'string') && Token.isUnresolved(value)) {
    return `${property} must be a number known at synth time; tokens (a CfnParameter, a resource attribute) are not supported here, because it decides how many resources are created and where`;
  }
  return undefined;
}

/** The problem sentences of several properties at once; see {@link tokenProblem}. */
export function tokenProblems(values: Record<string, unknown>): string[] {
  return Object.entries(values)
    .map(([property, value]) => tokenProblem(property, value))
    .filter((p): p is string => p !== undefined);
}

/**
 * A problem sentence when `value` is not one of an enum's values: JavaScript callers, JSON
 * configuration and `as any` reach the constructor with plain strings, and a wrong one would
 * otherwise surface as a TypeError deep inside.
 */
export function enumProblem<T extends string>(
  property: string,
  value: T | undefined,
  allowed: Record<string, T>,
  enumName: string,
): string | undefined {
  const values = Object.values(allowed);
  if (value === undefined || values.includes(value)) {
    return undefined;
  }
  const names = Object.entries(allowed).map(([name, v]) => `${enumName}.${name} ('${v}')`);
  return `${property} is '${String(value)}'; use one of ${names.join(', ')}`;
}
