/**
 * The optional blue/green test listener of `Alb`: a second HTTPS listener on its own port,
 * reachable only from the CIDRs given for checks (never the CIDRs of the production ports).
 */
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { TerraformIterator, Token } from 'cdktf';
import type { Construct } from 'constructs';
import { isToken, requireCidrList, requireIntegerInRange } from './validation';

export interface TestListenerOptions {
  readonly loadBalancerArn: string;
  readonly securityGroupId: string;
  readonly port: number;
  readonly ingressCidrs: string[];
  readonly certificateArn: string;
  readonly sslPolicy: string;
  readonly tags?: Record<string, string>;
}

/** Opens the port to the check sources and creates the listener; returns its ARN. */
export function createTestListener(scope: Construct, options: TestListenerOptions): string {
  const iterator = TerraformIterator.fromList(options.ingressCidrs);
  new VpcSecurityGroupIngressRule(scope, `ingress-test-${options.port}`, {
    forEach: iterator,
    securityGroupId: options.securityGroupId,
    ipProtocol: 'tcp',
    fromPort: options.port,
    toPort: options.port,
    cidrIpv4: Token.asString(iterator.value),
    description: 'Blue/green test listener, from check sources only',
    tags: options.tags,
  });
  const listener = new LbListener(scope, 'test', {
    loadBalancerArn: options.loadBalancerArn,
    port: options.port,
    protocol: 'HTTPS',
    sslPolicy: options.sslPolicy,
    certificateArn: options.certificateArn,
    // Like the production listener: only host rules (ECS's test rules) answer.
    defaultAction: [{ type: 'fixed-response', fixedResponse: { contentType: 'text/plain', messageBody: 'Not Found', statusCode: '404' } }],
    tags: options.tags,
  });
  return listener.arn;
}

const WORLD = new Set(['0.0.0.0/0']);

/** Throws when the test listener props are inconsistent or out of range. */
export function validateTestListener(owner: string, port: number | undefined, ingressCidrs: string[] | undefined): void {
  if (port === undefined) {
    if (ingressCidrs !== undefined) {
      throw new Error(`${owner}: testListenerIngressCidrs is set without testListenerPort; set the port (e.g. 8443) or drop the CIDRs.`);
    }
    return;
  }
  requireIntegerInRange(owner, 'testListenerPort', port, 1, 65535);
  if (!isToken(port) && (port === 80 || port === 443)) {
    throw new Error(`${owner}: testListenerPort ${port} is a production port; expected another port, e.g. 8443.`);
  }
  if (ingressCidrs === undefined) {
    throw new Error(`${owner}: testListenerPort needs testListenerIngressCidrs: the sources allowed to run checks against the new version (never the whole internet).`);
  }
  requireCidrList(owner, 'testListenerIngressCidrs', ingressCidrs, 'ipv4');
  if (!isToken(ingressCidrs) && ingressCidrs.some((cidr) => WORLD.has(cidr))) {
    throw new Error(`${owner}: testListenerIngressCidrs admits 0.0.0.0/0; the test listener serves versions that have not passed their checks, so list only the check sources.`);
  }
}
