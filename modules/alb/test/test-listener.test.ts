/** The optional blue/green test listener: a second HTTPS port only the check sources reach. */
import { TerraformOutput, TerraformVariable } from 'cdktf';
import { Alb, type AlbProps } from '../src';
import { type Json, newStack, ofType, synth } from './helpers';

const CERT = 'arn:aws:acm:eu-central-1:123456789012:certificate/0f6b1c1e-1111-2222-3333-444455556666';
const CHECKS = ['198.51.100.7/32', '203.0.113.0/28'];

function props(overrides: Partial<AlbProps> = {}): AlbProps {
  return {
    name: 'lq3-test-edge',
    vpcId: 'vpc-0123456789abcdef0',
    vpcCidr: '10.20.0.0/16',
    subnetIds: ['subnet-aaaa', 'subnet-bbbb'],
    ingressCidrs: ['173.245.48.0/20', '103.21.244.0/22'],
    certificateArn: CERT,
    ...overrides,
  };
}

function build(overrides: Partial<AlbProps> = {}): { json: Json; alb: Alb } {
  const { stack } = newStack();
  const alb = new Alb(stack, 'alb', props(overrides));
  if (alb.testListenerArn) new TerraformOutput(stack, 'test_listener', { value: alb.testListenerArn });
  return { json: synth(stack), alb };
}

const ingressOn = (json: Json, port: number): Json[] => ofType(json, 'aws_vpc_security_group_ingress_rule').filter((rule) => rule.from_port === port);

describe('Alb test listener', () => {
  it('is off by default: two listeners, ingress on 443 and 80 only', () => {
    const { json, alb } = build();
    expect(ofType(json, 'aws_lb_listener').map((l) => l.port).sort()).toEqual([443, 80]);
    expect(new Set(ofType(json, 'aws_vpc_security_group_ingress_rule').map((rule) => rule.from_port))).toEqual(new Set([443, 80]));
    expect(alb.testListenerArn).toBeUndefined();
  });

  describe('with testListenerPort', () => {
    const { json, alb } = build({ testListenerPort: 8443, testListenerIngressCidrs: CHECKS, sslPolicy: 'ELBSecurityPolicy-TLS13-1-3-2021-06' });
    const test = ofType(json, 'aws_lb_listener').find((l) => l.port === 8443);
    const https = ofType(json, 'aws_lb_listener').find((l) => l.port === 443);

    it('adds an HTTPS listener with the certificate and TLS policy of 443 that answers 404 to unmatched hosts', () => {
      expect(test).toMatchObject({
        protocol: 'HTTPS',
        certificate_arn: https.certificate_arn,
        ssl_policy: 'ELBSecurityPolicy-TLS13-1-3-2021-06',
        load_balancer_arn: https.load_balancer_arn,
        default_action: [{ type: 'fixed-response', fixed_response: { status_code: '404', content_type: 'text/plain', message_body: 'Not Found' } }],
      });
      expect(alb.testListenerArn).toBeDefined();
      expect(json.output.test_listener.value).toMatch(/^\$\{aws_lb_listener\.alb_test_[A-F0-9]+\.arn\}$/);
    });

    it('admits only the check sources on the test port, never the production ingress CIDRs', () => {
      const [rule] = ingressOn(json, 8443);
      expect(ingressOn(json, 8443)).toHaveLength(1);
      expect(rule).toMatchObject({ ip_protocol: 'tcp', from_port: 8443, to_port: 8443, for_each: '${toset(["198.51.100.7/32", "203.0.113.0/28"])}', cidr_ipv4: '${each.value}' });
      for (const production of [...ingressOn(json, 443), ...ingressOn(json, 80)]) expect(production.for_each).not.toContain('198.51.100.7/32');
    });

    it('leaves the production listeners as they are', () => {
      expect(https.port).toBe(443);
      expect(ofType(json, 'aws_lb_listener')).toHaveLength(3);
    });
  });

  it('takes the check sources as a Terraform list (e.g. NAT addresses from another stack)', () => {
    const { stack } = newStack();
    const sources = new TerraformVariable(stack, 'check_sources', { type: 'list(string)' }).listValue;
    new Alb(stack, 'alb', props({ testListenerPort: 9443, testListenerIngressCidrs: sources }));
    expect(ingressOn(synth(stack), 9443)[0].for_each).toBe('${toset(var.check_sources)}');
  });

  it.each<[Partial<AlbProps>, RegExp]>([
    [{ testListenerPort: 8443 }, /testListenerPort needs testListenerIngressCidrs/],
    [{ testListenerIngressCidrs: CHECKS }, /testListenerIngressCidrs is set without testListenerPort/],
    [{ testListenerPort: 443, testListenerIngressCidrs: CHECKS }, /testListenerPort 443 is a production port/],
    [{ testListenerPort: 70000, testListenerIngressCidrs: CHECKS }, /testListenerPort is 70000; expected an integer from 1 to 65535/],
    [{ testListenerPort: 8443, testListenerIngressCidrs: ['0.0.0.0/0'] }, /admits 0\.0\.0\.0\/0; the test listener serves versions that have not passed their checks/],
    [{ testListenerPort: 8443, testListenerIngressCidrs: [] }, /testListenerIngressCidrs is empty/],
    [{ testListenerPort: 8443, testListenerIngressCidrs: ['198.51.100.7/24'] }, /testListenerIngressCidrs entry "198\.51\.100\.7\/24" has host bits set/],
  ])('rejects %j', (overrides, message) => {
    const { stack } = newStack();
    expect(() => new Alb(stack, 'alb', props(overrides))).toThrow(message);
  });
});
