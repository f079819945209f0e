import { DnsRecord } from '@cdktf/provider-cloudflare/lib/dns-record';
import { Fn, type IResolvable, type ITerraformDependable, TerraformIterator } from 'cdktf';
import { Construct } from 'constructs';
import pkg from '../package.json';
import { isToken } from './names';

export interface AcmValidationRecordsProps {
  /** Zone the records go into (`CloudflareZone.zoneId`). */
  readonly zoneId: string;
  /**
   * One entry per record, keyed by the domain name it validates (keys must be known at
   * plan time); each value resolves to an ACM domain validation option
   * `{ resource_record_name, resource_record_type, resource_record_value }`.
   * `@lq3/alb` DnsValidatedCertificate.domainValidationOptions has exactly this shape.
   */
  readonly domainValidationOptions: Readonly<Record<string, IResolvable>>;
  /**
   * Comment shown on the records in the Cloudflare dashboard.
   * @default 'ACM certificate validation; managed by Terraform (@lq3/cloudflare-dns)'
   */
  readonly comment?: string;
}

/**
 * The DNS records ACM checks before it issues a certificate. They are DNS-only
 * (never proxied: ACM must see the CNAME itself) and stay in place, because
 * ACM checks them again at every renewal.
 */
export class AcmValidationRecords extends Construct {
  /** The records, for `DnsValidatedCertificate.validate()` to wait on. */
  readonly records: ITerraformDependable[];
  /** The domain names validated, one record each. */
  readonly domainNames: readonly string[];

  constructor(scope: Construct, id: string, props: AcmValidationRecordsProps) {
    super(scope, id);
    this.node.addMetadata('lq3:module', { name: pkg.name, version: pkg.version });
    const owner = `AcmValidationRecords "${id}"`;
    this.domainNames = Object.keys(props.domainValidationOptions);
    if (this.domainNames.length === 0) {
      throw new Error(`${owner}: domainValidationOptions is empty; expected one entry per certificate domain (DnsValidatedCertificate.domainValidationOptions).`);
    }
    if (!isToken(props.zoneId) && props.zoneId.trim() === '') {
      throw new Error(`${owner}: zoneId is empty; expected the zone's id (CloudflareZone.zoneId).`);
    }
    const comment = props.comment ?? 'ACM certificate validation; managed by Terraform (@lq3/cloudflare-dns)';
    requireCommentLength(owner, comment);

    const option = TerraformIterator.fromMap(props.domainValidationOptions);
    const record = new DnsRecord(this, 'record', {
      forEach: option,
      zoneId: props.zoneId,
      // ACM hands out names with a trailing dot; Cloudflare stores them without, which would diff forever.
      name: Fn.trimsuffix(option.getString('resource_record_name'), '.'),
      type: option.getString('resource_record_type'),
      content: Fn.trimsuffix(option.getString('resource_record_value'), '.'),
      proxied: false,
      ttl: 60,
      comment,
    });
    this.records = [record];
  }
}

/** Cloudflare's free and pro plans keep at most 100 characters of a record comment. */
export function requireCommentLength(owner: string, comment: string): void {
  if (comment.length > 100) {
    throw new Error(`${owner}: the record comment "${comment}" is ${comment.length} characters; Cloudflare keeps at most 100, so shorten it.`);
  }
}
