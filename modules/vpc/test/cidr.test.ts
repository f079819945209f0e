import { cidrContains, cidrsOverlap, formatCidr, parseCidr, subnetCidr, TIERS, vpcCidrProblem } from '../src/cidr';

describe('subnet layout', () => {
  it('gives each tier a quarter of a /16 and each AZ a /20 inside it', () => {
    const vpc = parseCidr('172.16.0.0/16');
    expect(TIERS.map((tier) => [0, 1, 2].map((az) => subnetCidr(vpc, tier, az)))).toEqual([
      ['172.16.0.0/20', '172.16.16.0/20', '172.16.32.0/20'],
      ['172.16.64.0/20', '172.16.80.0/20', '172.16.96.0/20'],
      ['172.16.128.0/20', '172.16.144.0/20', '172.16.160.0/20'],
    ]);
  });

  it('carves /28 subnets, the smallest AWS allows, from a /24', () => {
    const vpc = parseCidr('192.168.7.0/24');
    expect(subnetCidr(vpc, 'public', 0)).toBe('192.168.7.0/28');
    expect(subnetCidr(vpc, 'database', 2)).toBe('192.168.7.160/28');
  });

  it('keeps every subnet inside the VPC and apart from every other', () => {
    const vpc = parseCidr('10.20.0.0/18');
    const subnets = TIERS.flatMap((tier) => [0, 1, 2].map((az) => parseCidr(subnetCidr(vpc, tier, az))));
    const end = vpc.network + 2 ** (32 - vpc.prefix);
    for (const subnet of subnets) {
      expect(subnet.network).toBeGreaterThanOrEqual(vpc.network);
      expect(subnet.network + 2 ** (32 - subnet.prefix)).toBeLessThanOrEqual(end);
    }
    expect(new Set(subnets.map((subnet) => subnet.network)).size).toBe(subnets.length);
  });
});

describe('parseCidr', () => {
  it('round-trips a network CIDR', () => {
    expect(formatCidr(parseCidr('10.255.128.0/17'))).toBe('10.255.128.0/17');
  });

  it.each(['10.0.0.0', '10.0.0.0/33', '10.0.0/16', 'ten.0.0.0/16', '10.0.0.0/16 '])('rejects "%s"', (cidr) => {
    expect(() => parseCidr(cidr)).toThrow(`cidr "${cidr}" is not a valid IPv4 CIDR block`);
  });
});

describe('cidrsOverlap', () => {
  it('is true for nested or shared ranges and false for neighbours', () => {
    expect(cidrsOverlap('10.10.0.0/16', '10.10.128.0/17')).toBe(true);
    expect(cidrsOverlap('10.10.4.0/24', '10.10.0.0/16')).toBe(true);
    expect(cidrsOverlap('10.10.0.0/16', '10.11.0.0/16')).toBe(false);
    expect(cidrsOverlap('10.0.0.0/24', '10.0.1.0/24')).toBe(false);
  });
});

describe('cidrContains', () => {
  it.each([
    ['10.0.0.0/8', '10.20.0.0/16', true],
    ['10.0.0.0/8', '10.0.0.0/8', true],
    ['172.16.0.0/12', '172.31.255.0/24', true],
    ['172.16.0.0/12', '172.32.0.0/16', false],
    ['10.20.0.0/16', '10.0.0.0/8', false],
    ['192.168.0.0/16', '192.169.0.0/16', false],
  ])('%s contains %s: %s', (outer, inner, contained) => {
    expect(cidrContains(outer, inner)).toBe(contained);
  });
});

describe('vpcCidrProblem', () => {
  it.each(['10.0.0.0/16', '172.16.4.0/22', '192.168.7.0/24'])('accepts %s', (cidr) => {
    expect(vpcCidrProblem(cidr)).toBeUndefined();
  });
  it.each([
    ['10.0.0.0/8', 'cidr "10.0.0.0/8" is larger than AWS allows; expected a prefix from /16 to /24.'],
    ['10.0.0.0/25', 'cidr "10.0.0.0/25" is too small for three tiers: subnets are /29 but AWS subnets must be /28 or larger; use /24 or larger (e.g. a /16).'],
    ['10.0.0.1/16', 'cidr "10.0.0.1/16" has host bits set; expected the network address "10.0.0.0/16".'],
    ['10.0.0/16', 'cidr "10.0.0/16" is not a valid IPv4 CIDR block; expected a.b.c.d/n, e.g. "10.0.0.0/16".'],
  ])('refuses %s', (cidr, problem) => {
    expect(vpcCidrProblem(cidr)).toBe(problem);
  });
});
