import { DataCloudflareIpRanges } from '@cdktf/provider-cloudflare/lib/data-cloudflare-ip-ranges';
import { Construct } from 'constructs';
import pkg from '../package.json';

/**
 * Cloudflare's published edge IP ranges, read at plan time, so an origin's
 * firewall (e.g. the `@lq3/alb` security group) follows Cloudflare's changes.
 */
export class CloudflareIpRanges extends Construct {
  /** IPv4 CIDRs Cloudflare connects to origins from (a list known at plan time). */
  readonly ipv4Cidrs: string[];
  /** IPv6 CIDRs Cloudflare connects to origins from (a list known at plan time). */
  readonly ipv6Cidrs: string[];

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.node.addMetadata('lq3:module', { name: pkg.name, version: pkg.version });
    const ranges = new DataCloudflareIpRanges(this, 'ranges');
    this.ipv4Cidrs = ranges.ipv4Cidrs;
    this.ipv6Cidrs = ranges.ipv6Cidrs;
  }
}
