/**
 * A staging environment's hostnames behind Cloudflare Access: the company's
 * staff and one external tester log in, CI checks use the service token.
 * Type-checked by the `typecheck` target; synth it with
 * `node --require sucrase/register/ts examples/basic.ts`.
 */
import { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { CloudflareZone } from '@lq3/cloudflare-dns';
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { AccessProtectedHostnames } from '../src';

const app = new App();
const stack = new TerraformStack(app, 'access');
new CloudflareProvider(stack, 'cloudflare', {}); // token from CLOUDFLARE_API_TOKEN

const zone = new CloudflareZone(stack, 'zone', { name: 'example.com' });
const access = new AccessProtectedHostnames(stack, 'access', {
  accountId: zone.accountId,
  name: 'acme staging',
  hostnames: ['staging.example.com', 'staging-api.example.com'],
  allow: { emailDomains: ['example.com'], emails: ['tester@agency.example'] },
});
new TerraformOutput(stack, 'check-client-id', { value: access.serviceTokenClientId });

app.synth();
