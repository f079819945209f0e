import { Token } from 'cdktf';
import { CloudflareIpRanges, CloudflareZone } from '../src';
import pkg from '../package.json';
import { expression, moduleMetadata, newStack, ofType, synth } from './helpers';

const MODULE = { name: '@lq3/cloudflare-dns', version: pkg.version };

describe('CloudflareZone', () => {
  it('looks the zone up by name and exposes its id', () => {
    const stack = newStack();
    const zone = new CloudflareZone(stack, 'zone', { name: 'Example.com' });
    const [data] = ofType(synth(stack), 'cloudflare_zone', 'data');
    expect(data).toEqual({ filter: { name: 'example.com' } });
    expect(expression(stack, zone.zoneId)).toMatch(/^\$\{data\.cloudflare_zone\.zone_.+\.id\}$/);
    expect(expression(stack, zone.accountId)).toMatch(/^\$\{data\.cloudflare_zone\.zone_.+\.account\.id\}$/);
    expect(zone.name).toBe('example.com');
    expect(moduleMetadata(zone)).toEqual([MODULE]);
  });

  it('narrows the lookup to an account when given', () => {
    const stack = newStack();
    new CloudflareZone(stack, 'zone', { name: 'example.com', accountId: '0123456789abcdef0123456789abcdef' });
    const [data] = ofType(synth(stack), 'cloudflare_zone', 'data');
    expect(data.filter).toEqual({ name: 'example.com', account: { id: '0123456789abcdef0123456789abcdef' } });
  });

  it('rejects a name that is not a domain', () => {
    expect(() => new CloudflareZone(newStack(), 'zone', { name: 'example' })).toThrow(/name "example" is not a fully qualified host name/);
  });

  it('rejects an account id that is not 32 hex characters', () => {
    expect(() => new CloudflareZone(newStack(), 'zone', { name: 'example.com', accountId: 'acme' })).toThrow(/accountId "acme" is not a Cloudflare account id/);
  });
});

describe('CloudflareIpRanges', () => {
  it('reads the published ranges and exposes both families as lists', () => {
    const stack = newStack();
    const ranges = new CloudflareIpRanges(stack, 'ranges');
    expect(ofType(synth(stack), 'cloudflare_ip_ranges', 'data')).toHaveLength(1);
    expect(Token.isUnresolved(ranges.ipv4Cidrs)).toBe(true);
    expect(expression(stack, ranges.ipv4Cidrs)).toMatch(/^\$\{data\.cloudflare_ip_ranges\.ranges_.+\.ipv4_cidrs\}$/);
    expect(expression(stack, ranges.ipv6Cidrs)).toMatch(/^\$\{data\.cloudflare_ip_ranges\.ranges_.+\.ipv6_cidrs\}$/);
    expect(moduleMetadata(ranges)).toEqual([MODULE]);
  });
});
