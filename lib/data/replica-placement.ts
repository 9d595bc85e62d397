/**
 * Spreads `count` replicas over AZs, each in an AZ distinct from the others while AZs last,
 * starting after the AZ given for the primary (if any), so that losing one AZ leaves readers.
 *
 * @param zones the network's AZs, in order
 * @param count replicas to place
 * @param primaryZone the primary's AZ, placed first and skipped while other AZs remain
 */
export function placeReplicas(zones: readonly string[], count: number, primaryZone?: string): string[] {
  const start = primaryZone ? zones.indexOf(primaryZone) + 1 : 0;
  return Array.from({ length: count }, (_, i) => zones[(start + i) % zones.length]);
}
