import { TerraformOutput } from 'cdktf';
import { SharedAlb, type SharedAlbProps } from '../src';
import pkg from '../package.json';
import { type Json, newStack, ofType, single, synth } from './helpers';

const CERT = 'arn:aws:acm:eu-central-1:123456789012:certificate/0f6b1c1e-1111-2222-3333-444455556666';

function build(overrides: Partial<SharedAlbProps> = {}): { json: Json; shared: SharedAlb } {
  const { stack } = newStack();
  const shared = new SharedAlb(stack, 'alb', { loadBalancerName: 'lq3-staging01', certificateArns: [CERT], ...overrides });
  return { json: synth(stack), shared };
}

describe('SharedAlb', () => {
  it('looks the load balancer and its HTTPS listener up, and adds the certificate to that listener', () => {
    const { json } = build();
    expect(single(json, 'aws_lb', 'data')).toMatchObject({ name: 'lq3-staging01' });
    const listener = single(json, 'aws_lb_listener', 'data');
    expect(listener).toMatchObject({ port: 443 });
    expect(listener.load_balancer_arn).toMatch(/^\$\{data\.aws_lb\.alb_load-balancer_[A-F0-9]{8}\.arn\}$/);
    const certificate = single(json, 'aws_lb_listener_certificate');
    expect(certificate.certificate_arn).toBe(CERT);
    expect(certificate.listener_arn).toMatch(/^\$\{data\.aws_lb_listener\.alb_https_[A-F0-9]{8}\.arn\}$/);
  });

  it('manages nothing of the load balancer itself', () => {
    const { json } = build();
    expect(Object.keys(json.resource)).toEqual(['aws_lb_listener_certificate']);
  });

  it('exposes the endpoint host rules and DNS records need, from the lookups, and announces its module version', () => {
    const { stack } = newStack();
    const shared = new SharedAlb(stack, 'alb', { loadBalancerName: 'lq3-staging01', certificateArns: [CERT] });
    for (const [name, value] of Object.entries({ listener: shared.httpsListenerArn, sg: shared.securityGroupId, dns: shared.dnsName, suffix: shared.arnSuffix })) {
      new TerraformOutput(stack, name, { value });
    }
    const { output } = synth(stack);
    expect(output.listener.value).toMatch(/^\$\{data\.aws_lb_listener\.alb_https_[A-F0-9]{8}\.arn\}$/);
    expect(output.sg.value).toMatch(/^\$\{element\(tolist\(data\.aws_lb\.alb_load-balancer_[A-F0-9]{8}\.security_groups\), 0\)\}$/);
    expect(output.dns.value).toMatch(/dns_name\}$/);
    expect(output.suffix.value).toMatch(/arn_suffix\}$/);
    expect(shared.node.metadata.find((entry) => entry.type === 'lq3:module')?.data).toEqual({ name: pkg.name, version: pkg.version });
  });

  it('adds one listener certificate per ARN', () => {
    const { json } = build({ certificateArns: [CERT, CERT.replace('0f6b', '1f6b')] });
    expect(ofType(json, 'aws_lb_listener_certificate')).toHaveLength(2);
  });

  it('refuses a bad name, no certificate, a non-ACM ARN or a bad port', () => {
    const { stack } = newStack();
    expect(() => new SharedAlb(stack, 'a', { loadBalancerName: '-bad-', certificateArns: [CERT] })).toThrow(/not a valid load balancer name/);
    expect(() => new SharedAlb(stack, 'b', { loadBalancerName: 'lq3-x', certificateArns: [] })).toThrow(/certificateArns is empty/);
    expect(() => new SharedAlb(stack, 'c', { loadBalancerName: 'lq3-x', certificateArns: ['arn:aws:iam::123456789012:server-certificate/x'] })).toThrow(/not an ACM certificate ARN/);
    expect(() => new SharedAlb(stack, 'd', { loadBalancerName: 'lq3-x', certificateArns: [CERT], httpsPort: 70000 })).toThrow(/httpsPort is 70000/);
  });
});
