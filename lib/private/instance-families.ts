/**
 * The instance families each tier is built and tested for, and a check of a type name against
 * them, so that a typo (`m7g.hugee`) or a type of the wrong service (`r7g.large` for a cache)
 * fails at synth instead of at deploy.
 *
 * Families: current-generation general purpose, compute and memory optimized, Graviton and x86
 * (EC2, RDS and ElastiCache "Supported instance / node types", read 2026-11).
 */
export const WEB_FAMILIES = [
  't3',
  't3a',
  't4g',
  'm5',
  'm6a',
  'm6g',
  'm6i',
  'm7a',
  'm7g',
  'm7i',
  'm8g',
  'c5',
  'c6a',
  'c6g',
  'c6i',
  'c7a',
  'c7g',
  'c7i',
  'c8g',
  'r5',
  'r6a',
  'r6g',
  'r6i',
  'r7a',
  'r7g',
  'r7i',
  'r8g',
];
export const DATABASE_FAMILIES = ['t3', 't4g', 'm5', 'm6g', 'm6i', 'm7g', 'm7i', 'm8g', 'r5', 'r6g', 'r6i', 'r7g', 'r7i', 'r8g', 'x2g'];
export const CACHE_FAMILIES = ['t3', 't4g', 'm5', 'm6g', 'm7g', 'r5', 'r6g', 'r7g', 'r8g'];

/** Sizes EC2 names: nano to 48xlarge, and metal. */
const SIZE = /^(nano|micro|small|medium|large|xlarge|([2-9]|1[0-9]|2[0-4]|3[2]|4[8])xlarge|metal(-\d+xl)?)$/;

/**
 * The problem with an instance type name (without its `db.` or `cache.` prefix), or undefined.
 *
 * @param example a valid name to show in the message
 */
export function instanceTypeProblem(property: string, name: string, families: readonly string[], example: string): string | undefined {
  const [family, size, ...rest] = name.split('.');
  if (rest.length > 0 || !family || !size || !SIZE.test(size)) {
    return `${property} is '${name}', which is not an instance type of the form family.size; use for example '${example}'`;
  }
  if (!families.includes(family)) {
    return `${property} is '${name}', of family '${family}', which this library does not build for; use one of ${families.join(', ')} (for example '${example}')`;
  }
  return undefined;
}
