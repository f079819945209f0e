/**
 * The contract with @lq3/alb: certificate -> DNS-only validation records ->
 * aws_acm_certificate_validation -> HTTPS listener, in one stack, with the
 * ALB admitting Cloudflare's ranges and the hostnames pointing at the ALB.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Alb, DnsValidatedCertificate } from '@lq3/alb';
import { AcmValidationRecords, CloudflareIpRanges, CloudflareZone, HostnameRecords } from '../src';
import { type Json, newStack, ofType, synth } from './helpers';

function edge(): Json {
  const stack = newStack();
  new AwsProvider(stack, 'aws', { region: 'eu-central-1' });
  const zone = new CloudflareZone(stack, 'zone', { name: 'example.com' });
  const ranges = new CloudflareIpRanges(stack, 'ranges');
  const certificate = new DnsValidatedCertificate(stack, 'cert', { domainNames: ['example.com', '*.example.com'] });
  const validation = new AcmValidationRecords(stack, 'validation', { zoneId: zone.zoneId, domainValidationOptions: certificate.domainValidationOptions });
  const alb = new Alb(stack, 'alb', {
    name: 'edge',
    vpcId: 'vpc-1',
    vpcCidr: '10.0.0.0/16',
    subnetIds: ['subnet-1', 'subnet-2'],
    ingressCidrs: ranges.ipv4Cidrs,
    certificateArn: certificate.validate(validation.records),
  });
  new HostnameRecords(stack, 'hostnames', { zoneId: zone.zoneId, records: [{ hostname: 'example.com', origin: 'alb' }], albDnsName: alb.dnsName });
  return synth(stack);
}

describe('edge wiring with @lq3/alb', () => {
  const json = edge();
  const records = json.resource.cloudflare_dns_record;
  const validationAddress = Object.keys(records).find((key) => key.startsWith('validation_')) as string;

  it('creates one validation record for a name and its wildcard', () => {
    expect(Object.keys(records[validationAddress].for_each)).toEqual(['example.com']);
  });

  it('validates the certificate only after the Cloudflare records exist', () => {
    const [validation] = ofType(json, 'aws_acm_certificate_validation');
    expect(validation.depends_on).toEqual([`cloudflare_dns_record.${validationAddress}`]);
  });

  it('serves HTTPS with the validated certificate', () => {
    const https = ofType(json, 'aws_lb_listener').find((l) => l.port === 443);
    expect(https.certificate_arn).toMatch(/^\$\{aws_acm_certificate_validation\..+\.certificate_arn\}$/);
  });

  it("opens the ALB to Cloudflare's published ranges only", () => {
    for (const rule of ofType(json, 'aws_vpc_security_group_ingress_rule')) {
      expect(rule.for_each).toMatch(/^\$\{toset\(data\.cloudflare_ip_ranges\..+\.ipv4_cidrs\)\}$/);
    }
  });

  it('points the hostname at the ALB through a proxied CNAME', () => {
    const hostname = Object.values(records).find((r) => (r as Json).name === 'example.com') as Json;
    expect(hostname).toMatchObject({ type: 'CNAME', proxied: true, content: expect.stringMatching(/^\$\{aws_lb\..+\.dns_name\}$/) });
  });
});
