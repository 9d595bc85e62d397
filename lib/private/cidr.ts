/** A parsed IPv4 CIDR block. */
export interface Ipv4Cidr {
  readonly address: string;
  readonly prefix: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n`, or returns undefined when the text is not an IPv4 CIDR block. */
export function parseIpv4Cidr(text: string): Ipv4Cidr | undefined {
  const match = CIDR_PATTERN.exec(text);
  if (!match) {
    return undefined;
  }
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) {
    return undefined;
  }
  return { address: octets.join('.'), prefix };
}

/** Number of addresses in a block with the given prefix length. */
export function addressCount(prefix: number): number {
  return 2 ** (32 - prefix);
}
