/**
 * Synth-time checks shared by the constructs of this module. Values that are
 * tokens (references resolved by Terraform) cannot be checked here and are
 * passed through; every check therefore skips unresolved values.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { Token } from 'cdktf';

export function isToken(value: unknown): boolean {
  return Token.isUnresolved(value);
}

/** Throws unless `value` is an integer within [min, max]. */
export function requireIntegerInRange(owner: string, field: string, value: number, min: number, max: number): void {
  if (isToken(value)) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${owner}: ${field} is ${value}; expected an integer from ${min} to ${max}.`);
  }
}

/** Returns the problem with an IPv4 CIDR, or undefined when it is a valid network address. */
function ipv4CidrProblem(cidr: string): string | undefined {
  const [address, bits, extra] = cidr.split('/');
  if (extra !== undefined || bits === undefined || !isIPv4(address) || !/^\d{1,2}$/.test(bits) || Number(bits) > 32) {
    return 'is not an IPv4 CIDR like 203.0.113.0/24';
  }
  const prefix = Number(bits);
  const value = address.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
  const hostBits = 2 ** (32 - prefix);
  // AWS stores the network address; a CIDR with host bits set would show a diff on every plan.
  if (value % hostBits !== 0) return `has host bits set (the network address for /${prefix} is different)`;
  return undefined;
}

function expandIpv6(address: string): bigint {
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array<string>(missing).fill('0'), ...tailGroups];
  return groups.reduce((acc, group) => (acc << 16n) + BigInt(`0x${group}`), 0n);
}

/** Returns the problem with an IPv6 CIDR, or undefined when it is a valid network address. */
function ipv6CidrProblem(cidr: string): string | undefined {
  const [address, bits, extra] = cidr.split('/');
  // Embedded IPv4 forms (::ffff:1.2.3.4) are valid addresses but never a sensible ingress network.
  if (extra !== undefined || bits === undefined || !isIPv6(address) || address.includes('.') || !/^\d{1,3}$/.test(bits) || Number(bits) > 128) {
    return 'is not an IPv6 CIDR like 2001:db8::/32';
  }
  const prefix = BigInt(bits);
  const hostMask = (1n << (128n - prefix)) - 1n;
  if ((expandIpv6(address) & hostMask) !== 0n) return `has host bits set (the network address for /${bits} is different)`;
  return undefined;
}

/**
 * Checks a list of CIDRs: non-empty (unless the whole list is a token), each
 * literal entry valid for its family, no duplicates.
 */
export function requireCidrList(owner: string, field: string, cidrs: string[], family: 'ipv4' | 'ipv6', allowEmpty = false): void {
  if (isToken(cidrs)) return;
  if (cidrs.length === 0 && !allowEmpty) {
    throw new Error(`${owner}: ${field} is empty; expected at least one ${family === 'ipv4' ? 'IPv4' : 'IPv6'} CIDR.`);
  }
  const seen = new Set<string>();
  for (const cidr of cidrs) {
    if (isToken(cidr)) continue;
    const problem = family === 'ipv4' ? ipv4CidrProblem(cidr) : ipv6CidrProblem(cidr);
    if (problem) throw new Error(`${owner}: ${field} entry "${cidr}" ${problem}.`);
    if (seen.has(cidr)) throw new Error(`${owner}: ${field} lists "${cidr}" twice; expected each CIDR once.`);
    seen.add(cidr);
  }
}

export function requireIpv4Cidr(owner: string, field: string, cidr: string): void {
  if (isToken(cidr)) return;
  const problem = ipv4CidrProblem(cidr);
  if (problem) throw new Error(`${owner}: ${field} "${cidr}" ${problem}.`);
}

/** DNS name check: labels of 1-63 letters, digits or hyphens, optionally a leading `*.` wildcard label. */
export function dnsNameProblem(name: string, allowWildcard: boolean): string | undefined {
  const bare = allowWildcard && name.startsWith('*.') ? name.slice(2) : name;
  if (name.length > 253) return 'is longer than 253 characters';
  const labels = bare.split('.');
  if (labels.length < 2) return 'is not a fully qualified domain name (expected at least one dot, e.g. app.example.com)';
  const labelPattern = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;
  if (!labels.every((label) => labelPattern.test(label))) {
    return `is not a valid DNS name (labels of letters, digits and inner hyphens${allowWildcard ? ', optionally a leading "*."' : ''})`;
  }
  return undefined;
}
