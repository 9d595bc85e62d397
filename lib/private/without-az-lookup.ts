import { Stack } from 'aws-cdk-lib';

/**
 * Runs `build` while `stack.availabilityZones` answers with the given AZs instead of asking the
 * CLI for the `availability-zones` context lookup.
 *
 * `ec2.Vpc` reads `stack.availabilityZones` even when it is given its AZs, only to check that
 * they are a subset of the account's; for an environment-specific stack that read reports a
 * missing lookup, so an app with explicit AZs could not synthesize offline without a
 * hand-written `cdk.json` entry. The property is restored as soon as `build` returns.
 */
export function withoutAvailabilityZoneLookup<T>(stack: Stack, zones: string[], build: () => T): T {
  Object.defineProperty(stack, 'availabilityZones', { value: zones, configurable: true });
  try {
    return build();
  } finally {
    delete (stack as { availabilityZones?: string[] }).availabilityZones;
  }
}
