/**
 * A zone's security settings and an ALB that admits only Cloudflare's
 * Authenticated Origin Pulls, in one stack. Type-checked by the `typecheck`
 * target; synth it with `node --require sucrase/register/ts examples/basic.ts`.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { Alb } from '@lq3/alb';
import { CloudflareIpRanges, CloudflareZone } from '@lq3/cloudflare-dns';
import { App, TerraformStack } from 'cdktf';
import { AuthenticatedOriginPulls, CLOUDFLARE_ORIGIN_PULL_CA_PEM, ZoneSecuritySettings } from '../src';

const app = new App();
const stack = new TerraformStack(app, 'edge');
new AwsProvider(stack, 'aws', { region: 'eu-central-1' });
new CloudflareProvider(stack, 'cloudflare', {}); // token from CLOUDFLARE_API_TOKEN

const zone = new CloudflareZone(stack, 'zone', { name: 'example.com' });
// Zone-wide: one stack owns these for the zone.
new ZoneSecuritySettings(stack, 'zone-settings', { zoneId: zone.zoneId });
// Per origin that verifies: make sure Cloudflare presents its certificate first.
const originPulls = new AuthenticatedOriginPulls(stack, 'origin-pulls', { zoneId: zone.zoneId });

new Alb(stack, 'alb', {
  name: 'acme-prod-edge',
  vpcId: 'vpc-0123456789abcdef0',
  vpcCidr: '10.20.0.0/16',
  subnetIds: ['subnet-aaaa', 'subnet-bbbb'],
  ingressCidrs: new CloudflareIpRanges(stack, 'cloudflare-ranges').ipv4Cidrs,
  certificateArn: 'arn:aws:acm:eu-central-1:123456789012:certificate/0f6b1c1e-1111-2222-3333-444455556666',
  clientCertificates: { caCertificatesPem: CLOUDFLARE_ORIGIN_PULL_CA_PEM, dependsOn: [originPulls.enabled] },
});

app.synth();
