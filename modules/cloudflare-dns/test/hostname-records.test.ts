import { TerraformVariable } from 'cdktf';
import { HostnameRecords, type HostnameRecordsProps } from '../src';
import pkg from '../package.json';
import { type Json, moduleMetadata, newStack, ofType, synth } from './helpers';

const ALB = 'lq3-prod-edge-123456.eu-central-1.elb.amazonaws.com';
const RECORD_ID = '023e105f4ecef8ad9ca31a8372d0c353';

function props(overrides: Partial<HostnameRecordsProps> = {}): HostnameRecordsProps {
  return {
    zoneId: 'zone-id',
    albDnsName: ALB,
    legacyOrigin: 'legacy.example.com',
    records: [
      { hostname: 'app.example.com', origin: 'alb' },
      { hostname: 'API.example.com', origin: 'legacy' },
    ],
    ...overrides,
  };
}

function records(json: Json): Record<string, Json> {
  return Object.fromEntries(ofType(json, 'cloudflare_dns_record').map((r) => [r.name, r]));
}

describe('HostnameRecords', () => {
  it('points each hostname at its origin with proxied CNAMEs marked as managed here', () => {
    const stack = newStack();
    const hostnames = new HostnameRecords(stack, 'hostnames', props());
    const byName = records(synth(stack));
    expect(byName['app.example.com']).toEqual({
      zone_id: 'zone-id',
      name: 'app.example.com',
      type: 'CNAME',
      content: ALB,
      proxied: true,
      ttl: 1,
      comment: 'managed by Terraform (@lq3/cloudflare-dns); origin: alb',
    });
    expect(byName['api.example.com']).toMatchObject({ type: 'CNAME', content: 'legacy.example.com', proxied: true, comment: expect.stringMatching(/origin: legacy$/) });
    expect(hostnames.albHostnames).toEqual(['app.example.com']);
    expect(hostnames.legacyHostnames).toEqual(['api.example.com']);
    expect(Object.keys(hostnames.recordIds)).toEqual(['app.example.com', 'api.example.com']);
    expect(moduleMetadata(hostnames)).toEqual([{ name: '@lq3/cloudflare-dns', version: pkg.version }]);
  });

  it('rolls a hostname back by changing only its origin: same resource address, new content', () => {
    const forward = newStack();
    new HostnameRecords(forward, 'hostnames', props());
    const back = newStack();
    new HostnameRecords(back, 'hostnames', props({ records: [{ hostname: 'app.example.com', origin: 'legacy' }, { hostname: 'api.example.com', origin: 'legacy' }] }));
    const before = synth(forward).resource.cloudflare_dns_record;
    const after = synth(back).resource.cloudflare_dns_record;
    expect(Object.keys(after)).toEqual(Object.keys(before));
    const address = Object.keys(before).find((key) => before[key].name === 'app.example.com') as string;
    expect(before[address].content).toBe(ALB);
    expect(after[address].content).toBe('legacy.example.com');
  });

  it('uses an A record for an IPv4 legacy origin', () => {
    const stack = newStack();
    new HostnameRecords(stack, 'hostnames', props({ legacyOrigin: '203.0.113.10' }));
    expect(records(synth(stack))['api.example.com']).toMatchObject({ type: 'A', content: '203.0.113.10' });
  });

  it('needs no legacy origin when every hostname points at the ALB', () => {
    const stack = newStack();
    new HostnameRecords(stack, 'hostnames', props({ legacyOrigin: undefined, records: [{ hostname: 'app.example.com', origin: 'alb' }] }));
    expect(Object.keys(records(synth(stack)))).toEqual(['app.example.com']);
  });

  it('publishes DNS-only records with a TTL and a custom comment when asked', () => {
    const stack = newStack();
    new HostnameRecords(stack, 'hostnames', props({ proxied: false, ttl: 300, comment: 'edge cut-over' }));
    expect(records(synth(stack))['app.example.com']).toMatchObject({ proxied: false, ttl: 300, comment: 'edge cut-over; origin: alb' });
  });

  it('adopts an existing record through an import block, and only that one', () => {
    const stack = newStack();
    new HostnameRecords(
      stack,
      'hostnames',
      props({ records: [{ hostname: 'app.example.com', origin: 'legacy', importRecordId: RECORD_ID }, { hostname: 'new.example.com', origin: 'alb' }] }),
    );
    const json = synth(stack);
    const app = Object.entries(json.resource.cloudflare_dns_record).find(([, r]) => (r as Json).name === 'app.example.com') as [string, Json];
    expect(app[1].import).toBeUndefined();
    expect(json.import).toEqual([{ to: `cloudflare_dns_record.${app[0]}`, id: `zone-id/${RECORD_ID}` }]);
  });

  it('accepts hostnames inside the given zone', () => {
    const stack = newStack();
    new HostnameRecords(stack, 'hostnames', props({ zoneName: 'example.com', records: [{ hostname: 'example.com', origin: 'alb' }, { hostname: '*.example.com', origin: 'alb' }] }));
    expect(Object.keys(records(synth(stack))).sort()).toEqual(['*.example.com', 'example.com']);
  });

  describe('validation', () => {
    it('rejects a hostname that Terraform resolves later', () => {
      const stack = newStack();
      const hostname = new TerraformVariable(stack, 'hostname', { type: 'string' }).stringValue;
      expect(() => new HostnameRecords(stack, 'hostnames', props({ records: [{ hostname, origin: 'alb' }] }))).toThrow(/expected literal hostnames/);
    });

    it.each([
      ['an empty hostname list', { records: [] }, /records is empty/],
      ['a hostname listed twice', { records: [{ hostname: 'app.example.com', origin: 'alb' }, { hostname: 'APP.example.com.', origin: 'legacy' }] }, /"APP.example.com." is listed twice/],
      ['an invalid hostname', { records: [{ hostname: 'app_example', origin: 'alb' }] }, /hostname "app_example" is not a fully qualified host name/],
      ['an unknown origin', { records: [{ hostname: 'app.example.com', origin: 'ec2' }] }, /has origin "ec2"; expected 'alb' or 'legacy'/],
      ['legacy without legacyOrigin', { legacyOrigin: undefined }, /api.example.com point at origin 'legacy' but legacyOrigin is not set/],
      ['an invalid legacy origin', { legacyOrigin: 'not a host' }, /legacyOrigin "not a host" is not a fully qualified host name/],
      ['an invalid ALB DNS name', { albDnsName: 'alb' }, /albDnsName "alb" is not a fully qualified host name/],
      ['a hostname outside the zone', { zoneName: 'example.org' }, /"app.example.com" is outside zone "example.org"/],
      ['a TTL on proxied records', { ttl: 300 }, /ttl is 300 but the records are proxied/],
      ['a TTL out of range', { proxied: false, ttl: 10 }, /ttl is 10; expected 1 \(automatic\) or an integer from 60 to 86400/],
      ['an import id that is not a record id', { records: [{ hostname: 'app.example.com', origin: 'alb', importRecordId: '42' }] }, /importRecordId "42"/],
      ['a comment Cloudflare would cut', { comment: 'x'.repeat(90) }, /Cloudflare keeps at most 100/],
    ] as [string, Partial<HostnameRecordsProps>, RegExp][])('rejects %s', (_case, overrides, message) => {
      expect(() => new HostnameRecords(newStack(), 'hostnames', props(overrides))).toThrow(message);
    });
  });
});
