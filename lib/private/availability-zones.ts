import { Token } from 'aws-cdk-lib';

/**
 * The placeholders aws-cdk-lib returns for a stack's AZs while the context lookup is
 * still missing; the CLI then looks them up and synthesizes again, so they must not
 * fail validation.
 */
const LOOKUP_PLACEHOLDERS = ['dummy1a', 'dummy1b', 'dummy1c'];

/**
 * Problems with a list of AZ names for one region: too few, duplicated, or outside the region.
 *
 * @param property the property name to put in messages
 * @returns one sentence per problem, empty when the list is usable
 */
export function availabilityZoneProblems(property: string, zones: readonly string[], region: string): string[] {
  const problems: string[] = [];
  if (zones.length < 2) {
    problems.push(
      `${property} has ${zones.length} (${zones.join(', ') || 'none'}); give at least 2 so that losing one AZ leaves the system running`,
    );
  }
  const duplicates = zones.filter((az, i) => zones.indexOf(az) !== i);
  if (duplicates.length > 0) {
    problems.push(`${property} lists ${[...new Set(duplicates)].join(', ')} more than once; each AZ counts once toward redundancy`);
  }
  if (!Token.isUnresolved(region)) {
    const outside = zones.filter((az) => !Token.isUnresolved(az) && !az.startsWith(region));
    if (outside.length > 0) {
      problems.push(`${property} has ${outside.join(', ')} outside region ${region}; use AZs of ${region} such as ${region}a`);
    }
  }
  return problems;
}

/** A stack's AZs as known from context, or empty while they are tokens or lookup placeholders. */
export function knownAvailabilityZones(stackZones: readonly string[]): string[] {
  return stackZones.filter((az) => !Token.isUnresolved(az) && !LOOKUP_PLACEHOLDERS.includes(az));
}
