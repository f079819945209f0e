import { DataAwsLb } from '@cdktf/provider-aws/lib/data-aws-lb';
import { DataAwsLbListener } from '@cdktf/provider-aws/lib/data-aws-lb-listener';
import { LbListenerCertificate } from '@cdktf/provider-aws/lib/lb-listener-certificate';
import { Fn, Token } from 'cdktf';
import { Construct } from 'constructs';
import pkg from '../package.json';
import { isToken, requireIntegerInRange } from './validation';

/** What services and DNS records need from a load balancer, whether it is an `Alb` or a `SharedAlb`. */
export interface AlbEndpoint {
  /** `app/<name>/<id>`: CloudWatch `LoadBalancer` dimension. */
  readonly arnSuffix: string;
  /** DNS name, the target of the hostnames' CNAMEs. */
  readonly dnsName: string;
  /** Route 53 hosted zone id of the load balancer (alias records). */
  readonly zoneId: string;
  /** Security group of the load balancer: targets admit traffic from it. */
  readonly securityGroupId: string;
  /** The HTTPS listener that host rules attach to. */
  readonly httpsListenerArn: string;
}

export interface SharedAlbProps {
  /** Name of an existing Application Load Balancer (created elsewhere, e.g. by `Alb` in another stack or state). */
  readonly loadBalancerName: string;
  /**
   * Certificates to add to its HTTPS listener, served by SNI beside its own (pass
   * `DnsValidatedCertificate.validate()`'s result, so the listener gets an issued certificate).
   */
  readonly certificateArns: string[];
  /**
   * Port of the HTTPS listener.
   * @default 443
   */
  readonly httpsPort?: number;
}

/**
 * Uses an Application Load Balancer that another stack owns: looks it up by name, adds
 * certificates to its HTTPS listener (SNI), and exposes the same endpoint as `Alb`, so host
 * rules and target groups (e.g. `@lq3/ecs-service`) attach to it. Nothing of the load balancer
 * itself is managed here: destroying this construct's stack removes only its certificates (and
 * whatever rules its users added), never the load balancer, its listeners or its security group.
 *
 * The owner must have exactly one security group on the load balancer (`Alb` creates one);
 * targets admit traffic from it.
 */
export class SharedAlb extends Construct implements AlbEndpoint {
  readonly albArn: string;
  readonly arnSuffix: string;
  readonly dnsName: string;
  readonly zoneId: string;
  readonly securityGroupId: string;
  readonly httpsListenerArn: string;

  constructor(scope: Construct, id: string, props: SharedAlbProps) {
    super(scope, id);
    this.node.addMetadata('lq3:module', { name: pkg.name, version: pkg.version });
    const owner = `SharedAlb "${id}"`;
    if (!isToken(props.loadBalancerName) && !/^(?!internal-)[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,30}[a-zA-Z0-9])?$/.test(props.loadBalancerName)) {
      throw new Error(`${owner}: loadBalancerName "${props.loadBalancerName}" is not a valid load balancer name; expected 1-32 letters, digits and hyphens.`);
    }
    if (!isToken(props.certificateArns) && props.certificateArns.length === 0) {
      throw new Error(`${owner}: certificateArns is empty; expected the certificate(s) of the hostnames this stack routes on the shared listener.`);
    }
    for (const arn of props.certificateArns) {
      if (!isToken(arn) && !/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[\w-]+$/.test(arn)) {
        throw new Error(`${owner}: certificate ARN "${arn}" is not an ACM certificate ARN; expected arn:aws:acm:<region>:<account>:certificate/<id>.`);
      }
    }
    const port = props.httpsPort ?? 443;
    requireIntegerInRange(owner, 'httpsPort', port, 1, 65535);

    const lb = new DataAwsLb(this, 'load-balancer', { name: props.loadBalancerName });
    const https = new DataAwsLbListener(this, 'https', { loadBalancerArn: lb.arn, port });
    props.certificateArns.forEach((certificateArn, index) => {
      new LbListenerCertificate(this, props.certificateArns.length === 1 ? 'certificate' : `certificate-${index + 1}`, { listenerArn: https.arn, certificateArn });
    });
    this.albArn = lb.arn;
    this.arnSuffix = lb.arnSuffix;
    this.dnsName = lb.dnsName;
    this.zoneId = lb.zoneId;
    this.securityGroupId = Token.asString(Fn.element(lb.securityGroups, 0));
    this.httpsListenerArn = https.arn;
  }
}
