/** Minimal IPv4 CIDR arithmetic for config validation (subnet maths lives in @lq3/vpc). */
export interface Ipv4Range {
  readonly first: number;
  readonly last: number;
}

export function parseCidr(cidr: string): Ipv4Range {
  const [address, bits] = cidr.split('/');
  const base = address.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
  const size = 2 ** (32 - Number(bits));
  const first = base - (base % size);
  return { first, last: first + size - 1 };
}

export function cidrsOverlap(a: string, b: string): boolean {
  const x = parseCidr(a);
  const y = parseCidr(b);
  return x.first <= y.last && y.first <= x.last;
}
