/**
 * The edge of one environment, in one stack: Cloudflare's ranges open the ALB,
 * the certificate is validated through DNS-only Cloudflare records, and each
 * hostname points at the ALB or the legacy origin (the cut-over switch).
 * Type-checked by the `typecheck` target; synth it with
 * `node --require sucrase/register/ts examples/basic.ts`.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { Alb, DnsValidatedCertificate } from '@lq3/alb';
import { App, TerraformStack } from 'cdktf';
import { AcmValidationRecords, CloudflareIpRanges, CloudflareZone, type HostnameRecord, HostnameRecords } from '../src';

const app = new App();
const stack = new TerraformStack(app, 'edge');
new AwsProvider(stack, 'aws', { region: 'eu-central-1' });
new CloudflareProvider(stack, 'cloudflare', {}); // token from CLOUDFLARE_API_TOKEN

/** The cut-over: move a hostname by changing its origin; roll back the same way. */
const hostnames: HostnameRecord[] = [
  { hostname: 'www.example.com', origin: 'alb' },
  { hostname: 'api.example.com', origin: 'legacy' },
];

const zone = new CloudflareZone(stack, 'zone', { name: 'example.com' });
const cloudflare = new CloudflareIpRanges(stack, 'cloudflare-ranges');

const certificate = new DnsValidatedCertificate(stack, 'certificate', { domainNames: hostnames.map((h) => h.hostname) });
const validation = new AcmValidationRecords(stack, 'certificate-validation', {
  zoneId: zone.zoneId,
  domainValidationOptions: certificate.domainValidationOptions,
});

const alb = new Alb(stack, 'alb', {
  name: 'example-edge',
  vpcId: 'vpc-0123456789abcdef0',
  vpcCidr: '10.10.0.0/16',
  subnetIds: ['subnet-0aaaaaaaaaaaaaaaa', 'subnet-0bbbbbbbbbbbbbbbb'],
  ingressCidrs: cloudflare.ipv4Cidrs,
  certificateArn: certificate.validate(validation.records),
});
const web = alb.addTargetGroup('web', { port: 80, healthCheckPath: '/' });
alb.addHostRoute('web', { hosts: ['www.example.com'], targetGroupArn: web.arn, priority: 10 });

new HostnameRecords(stack, 'hostnames', {
  zoneId: zone.zoneId,
  zoneName: zone.name,
  records: hostnames,
  albDnsName: alb.dnsName,
  legacyOrigin: 'legacy-web.example.net',
});

app.synth();
