/**
 * IPv4 subnet maths for the three-tier layout, done in TypeScript at synth time.
 *
 * Why not Terraform's `cidrsubnet()` at plan time: computing here lets the
 * constructor reject a VPC CIDR that cannot hold three tiers before anything is
 * written, puts literal subnet CIDRs into the synthesized JSON (reviewable in a
 * diff, usable by consumers for security group rules without remote state), and
 * keeps the layout a tested function instead of an expression inside the plan.
 */

export const TIERS = ['public', 'private', 'database'] as const;
export type Tier = (typeof TIERS)[number];

/**
 * Each tier owns a quarter of the VPC and each AZ a quarter of its tier, so a
 * subnet is the VPC prefix + 4 bits. Reserving four AZ slots per tier means
 * going from 2 to 3 AZs adds subnets without moving (and so replacing) any
 * existing one; the last quarter of the VPC stays free for a future tier.
 */
export const SUBNET_NEW_BITS = 4;
const AZ_SLOTS_PER_TIER = 4;

/** AWS accepts VPC CIDRs from /16 to /28 and subnets no smaller than /28. */
export const MIN_VPC_PREFIX = 16;
export const MAX_SUBNET_PREFIX = 28;
/** Largest VPC prefix whose three tiers still get /28 subnets. */
export const MAX_VPC_PREFIX = MAX_SUBNET_PREFIX - SUBNET_NEW_BITS;

export interface Ipv4Cidr {
  /** Network address as an unsigned 32-bit integer. */
  readonly network: number;
  readonly prefix: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n`; throws naming the value when it is not a valid network CIDR. */
export function parseCidr(cidr: string): Ipv4Cidr {
  const match = CIDR_PATTERN.exec(cidr);
  const octets = match ? match.slice(1, 5).map(Number) : [];
  const prefix = match ? Number(match[5]) : NaN;
  if (!match || octets.some((octet) => octet > 255) || prefix > 32) {
    throw new Error(`cidr "${cidr}" is not a valid IPv4 CIDR block; expected a.b.c.d/n, e.g. "10.0.0.0/16".`);
  }
  const address = octets.reduce((acc, octet) => acc * 256 + octet, 0);
  const size = 2 ** (32 - prefix);
  const network = address - (address % size);
  if (network !== address) {
    throw new Error(
      `cidr "${cidr}" has host bits set; expected the network address "${formatCidr({ network, prefix })}".`,
    );
  }
  return { network, prefix };
}

/**
 * Undefined when `cidr` can be a VPC of the three-tier layout (a network CIDR from
 * /16 to /24), otherwise the sentence saying what is wrong and what is expected.
 */
export function vpcCidrProblem(cidr: string): string | undefined {
  let parsed: Ipv4Cidr;
  try {
    parsed = parseCidr(cidr);
  } catch (error) {
    return (error as Error).message;
  }
  if (parsed.prefix < MIN_VPC_PREFIX) {
    return `cidr "${cidr}" is larger than AWS allows; expected a prefix from /${MIN_VPC_PREFIX} to /${MAX_VPC_PREFIX}.`;
  }
  if (parsed.prefix > MAX_VPC_PREFIX) {
    return `cidr "${cidr}" is too small for three tiers: subnets are /${parsed.prefix + SUBNET_NEW_BITS} but AWS subnets must be /28 or larger; use /${MAX_VPC_PREFIX} or larger (e.g. a /16).`;
  }
  return undefined;
}

/** Whether every address of network CIDR `inner` lies inside network CIDR `outer`. */
export function cidrContains(outer: string, inner: string): boolean {
  const [x, y] = [parseCidr(outer), parseCidr(inner)];
  return x.prefix <= y.prefix && y.network - (y.network % 2 ** (32 - x.prefix)) === x.network;
}

/** Whether two network CIDRs share any address, e.g. two VPCs that could never be peered. */
export function cidrsOverlap(a: string, b: string): boolean {
  const [x, y] = [parseCidr(a), parseCidr(b)];
  const last = ({ network, prefix }: Ipv4Cidr) => network + 2 ** (32 - prefix) - 1;
  return x.network <= last(y) && y.network <= last(x);
}

export function formatCidr({ network, prefix }: Ipv4Cidr): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(network / 2 ** shift) % 256);
  return `${octets.join('.')}/${prefix}`;
}

/**
 * The CIDR of the subnet for `tier` in AZ slot `azIndex` of `vpc`.
 * Example for 10.0.0.0/16: public 10.0.0.0/20, 10.0.16.0/20, 10.0.32.0/20;
 * private 10.0.64.0/20, ...; database 10.0.128.0/20, ...
 */
export function subnetCidr(vpc: Ipv4Cidr, tier: Tier, azIndex: number): string {
  const prefix = vpc.prefix + SUBNET_NEW_BITS;
  const slot = TIERS.indexOf(tier) * AZ_SLOTS_PER_TIER + azIndex;
  return formatCidr({ network: vpc.network + slot * 2 ** (32 - prefix), prefix });
}
