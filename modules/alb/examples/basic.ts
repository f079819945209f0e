/**
 * An ALB with a DNS-validated certificate and two services: one plain host
 * route and one ready for ECS native blue/green. The validation records go to
 * Route 53 here to keep the example to this module; LQ3 puts them into
 * Cloudflare with @lq3/cloudflare-dns (see that module's example).
 * Type-checked by the `typecheck` target; synth it with
 * `node --require sucrase/register/ts examples/basic.ts`.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { App, Fn, TerraformIterator, TerraformOutput, TerraformStack } from 'cdktf';
import { Alb, DnsValidatedCertificate } from '../src';

const app = new App();
const stack = new TerraformStack(app, 'edge');
new AwsProvider(stack, 'aws', { region: 'eu-central-1' });

const certificate = new DnsValidatedCertificate(stack, 'certificate', {
  domainNames: ['app.example.com', 'api.example.com'],
});
const option = TerraformIterator.fromMap(certificate.domainValidationOptions);
const validationRecords = new Route53Record(stack, 'validation', {
  forEach: option,
  zoneId: 'Z0123456789EXAMPLE',
  name: option.getString('resource_record_name'),
  type: option.getString('resource_record_type'),
  records: [option.getString('resource_record_value')],
  ttl: 60,
});

const alb = new Alb(stack, 'alb', {
  name: 'example-edge',
  vpcId: 'vpc-0123456789abcdef0',
  vpcCidr: '10.10.0.0/16',
  subnetIds: ['subnet-0aaaaaaaaaaaaaaaa', 'subnet-0bbbbbbbbbbbbbbbb'],
  ingressCidrs: ['203.0.113.0/24'],
  certificateArn: certificate.validate([validationRecords]),
  deletionProtection: true,
});

const app1 = alb.addTargetGroup('app', { port: 8080, healthCheckPath: '/healthz' });
alb.addHostRoute('app', { hosts: ['app.example.com'], targetGroupArn: app1.arn, priority: 10 });

// ECS native blue/green: two target groups behind one rule whose weights ECS shifts.
const blue = alb.addTargetGroup('api-blue', { port: 8080, healthCheckPath: '/health', matcher: '200-299' });
const green = alb.addTargetGroup('api-green', { port: 8080, healthCheckPath: '/health', matcher: '200-299' });
const api = alb.addHostRoute('api', {
  hosts: ['api.example.com'],
  targetGroupArn: blue.arn,
  alternateTargetGroupArn: green.arn,
  priority: 20,
});

new TerraformOutput(stack, 'alb_dns_name', { value: alb.dnsName });
new TerraformOutput(stack, 'api_production_rule', { value: api.ruleArn });
new TerraformOutput(stack, 'request_count_label', { value: Fn.join('/', [alb.arnSuffix, blue.arnSuffix]) });

app.synth();
