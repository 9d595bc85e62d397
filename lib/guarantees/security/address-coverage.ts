/**
 * Whether a set of CIDR blocks, taken together, covers every IPv4 address (or every IPv6 one).
 * `0.0.0.0/1` plus `128.0.0.0/1` is as open as `0.0.0.0/0`, and a check must say so.
 */
export function coversEverything(cidrs: readonly string[], family: 4 | 6): boolean {
  const bits = family === 4 ? 32 : 128;
  const ranges = cidrs
    .map((cidr) => parseCidr(cidr, family))
    .filter((r): r is [bigint, bigint] => r !== undefined)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let next = 0n;
  for (const [start, end] of ranges) {
    if (start > next) {
      return false;
    }
    if (end + 1n > next) {
      next = end + 1n;
    }
  }
  return next >= 1n << BigInt(bits);
}

/** The first and last address of a CIDR block, or undefined when it is not one of that family. */
export function parseCidr(cidr: string, family: 4 | 6): [bigint, bigint] | undefined {
  const [address, lengthText] = cidr.trim().split('/');
  const bits = family === 4 ? 32 : 128;
  const length = lengthText === undefined ? bits : Number(lengthText);
  const value = family === 4 ? ipv4(address) : ipv6(address);
  if (value === undefined || !Number.isInteger(length) || length < 0 || length > bits) {
    return undefined;
  }
  const hostBits = BigInt(bits - length);
  const start = (value >> hostBits) << hostBits;
  return [start, start + (1n << hostBits) - 1n];
}

function ipv4(address: string): bigint | undefined {
  const parts = address.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) {
    return undefined;
  }
  return parts.reduce((acc, p) => (acc << 8n) + BigInt(p), 0n);
}

function ipv6(address: string): bigint | undefined {
  const halves = address.split('::');
  if (halves.length > 2) {
    return undefined;
  }
  const groups = (text: string) => (text === '' ? [] : text.split(':'));
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0 || [...head, ...tail].some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) {
    return undefined;
  }
  return [...head, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...tail].reduce(
    (acc, g) => (acc << 16n) + BigInt(parseInt(g, 16)),
    0n,
  );
}
