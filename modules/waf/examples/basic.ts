/**
 * AWS WAF in front of a load balancer that sits behind Cloudflare: managed rules,
 * a rate limit on the API host per real client (CF-Connecting-IP), encrypted logs.
 * Type-checked by the `typecheck` target; synth it with
 * `node --require sucrase/register/ts examples/basic.ts`.
 */
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { AlbWebAcl } from '../src';

const app = new App();
const stack = new TerraformStack(app, 'waf');
new AwsProvider(stack, 'aws', { region: 'eu-central-1' });

// In practice the key's policy lets CloudWatch Logs use it (see the README).
const key = new KmsKey(stack, 'logs-key', { description: 'WAF logs', enableKeyRotation: true });
new AlbWebAcl(stack, 'waf', {
  name: 'acme-prod',
  loadBalancerArn: 'arn:aws:elasticloadbalancing:eu-central-1:123456789012:loadbalancer/app/acme-prod-edge/0123456789abcdef',
  rateLimit: { hosts: ['api.example.com'], requestsPerWindow: 2000 },
  clientIpHeader: 'CF-Connecting-IP',
  logKmsKeyArn: key.arn,
});

app.synth();
