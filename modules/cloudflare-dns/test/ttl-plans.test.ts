/** Cloudflare accepts TTLs of 30-59 seconds on Enterprise zones only (error 9021 elsewhere). */
import { Testing, TerraformStack } from 'cdktf';
import { HostnameRecords, type HostnameRecordsProps } from '../src';

const props = (overrides: Partial<HostnameRecordsProps>): HostnameRecordsProps => ({
  zoneId: '023e105f4ecef8ad9ca31a8372d0c353',
  albDnsName: 'lq3-alb-123.eu-central-1.elb.amazonaws.com',
  records: [{ hostname: 'app.example.com', origin: 'alb' }],
  proxied: false,
  ...overrides,
});
const build = (overrides: Partial<HostnameRecordsProps>) => () => new HostnameRecords(new TerraformStack(Testing.app(), 'test'), 'hostnames', props(overrides));

describe('HostnameRecords TTL by zone plan', () => {
  it('refuses 30 seconds on a zone that is not Enterprise, naming the plan', () => {
    expect(build({ ttl: 30 })).toThrow('ttl is 30; expected 1 (automatic) or an integer from 60 to 86400 seconds (30-59 seconds are for Enterprise zones only; this zone\'s plan is free).');
    expect(build({ ttl: 59, zonePlan: 'business' })).toThrow(/this zone's plan is business/);
  });

  it('accepts 30 seconds on an Enterprise zone and 60 anywhere', () => {
    expect(build({ ttl: 30, zonePlan: 'enterprise' })).not.toThrow();
    expect(build({ ttl: 60 })).not.toThrow();
  });
});
