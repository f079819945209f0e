import { cidrsOverlap, formatCidr, parseCidr, subnetCidr, TIERS } from '../src/cidr';

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
