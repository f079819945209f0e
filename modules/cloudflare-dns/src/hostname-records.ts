import { DnsRecord } from '@cdktf/provider-cloudflare/lib/dns-record';
import { Construct } from 'constructs';
import pkg from '../package.json';
import { requireCommentLength } from './acm-validation-records';
import { isIpv4Address, isToken, normaliseHostname } from './names';

/** Where a hostname's traffic goes: the new ALB or today's legacy origin. */
export type HostnameOrigin = 'alb' | 'legacy';

export interface HostnameRecord {
  /** Fully qualified hostname, e.g. `app.example.com` (`*.example.com` allowed). */
  readonly hostname: string;
  /** Which origin the hostname points at; rolling back is changing this one value. */
  readonly origin: HostnameOrigin;
  /**
   * Id of a record that already exists in Cloudflare for this hostname (e.g. made by
   * hand for the legacy host): Terraform then adopts it through an `import` block
   * instead of failing on a duplicate. Drop it once the record is in state.
   * @default no import (the record is created)
   */
  readonly importRecordId?: string;
}

export interface HostnameRecordsProps {
  /** Zone the records go into (`CloudflareZone.zoneId`). */
  readonly zoneId: string;
  /** Hostnames to publish and where each one points. */
  readonly records: HostnameRecord[];
  /** DNS name of the ALB (`Alb.dnsName`), target of every `alb` hostname. */
  readonly albDnsName: string;
  /**
   * Today's origin: a host name (CNAME target) or an IPv4 address (A record).
   * Required while any hostname points at `legacy`; keep it set during the migration
   * so a rollback is a one-line change.
   * @default none (no hostname may use origin 'legacy')
   */
  readonly legacyOrigin?: string;
  /**
   * Zone name; when set, every hostname must lie inside it.
   * @default no check
   */
  readonly zoneName?: string;
  /**
   * Proxy the hostnames through Cloudflare (CDN, WAF; the origin sees only Cloudflare's IPs).
   * @default true
   */
  readonly proxied?: boolean;
  /**
   * Record TTL in seconds, 1 meaning automatic. Proxied records only take 1; others
   * 60-86400, or from 30 on Enterprise zones.
   * @default 1
   */
  readonly ttl?: number;
  /**
   * The zone's Cloudflare plan: only Enterprise zones accept TTLs below 60 seconds.
   * @default 'free'
   */
  readonly zonePlan?: 'free' | 'pro' | 'business' | 'enterprise';
  /**
   * Comment on each record; `; origin: alb|legacy` is appended.
   * @default 'managed by Terraform (@lq3/cloudflare-dns)'
   */
  readonly comment?: string;
}

/**
 * Proxied DNS records for the application hostnames, each pointing at either
 * the ALB or the legacy origin, so the migration moves one hostname at a time.
 * A record's Terraform address depends only on its hostname, so switching
 * origin is an in-place update of the record, never a delete and re-create
 * (except between an IPv4 legacy origin's A record and the ALB's CNAME, where the type changes).
 */
export class HostnameRecords extends Construct {
  /** Cloudflare record id per hostname (lower-cased). */
  readonly recordIds: Readonly<Record<string, string>>;
  /** Hostnames pointing at the ALB. */
  readonly albHostnames: readonly string[];
  /** Hostnames still pointing at the legacy origin. */
  readonly legacyHostnames: readonly string[];

  constructor(scope: Construct, id: string, props: HostnameRecordsProps) {
    super(scope, id);
    this.node.addMetadata('lq3:module', { name: pkg.name, version: pkg.version });
    const owner = `HostnameRecords "${id}"`;
    const records = validateRecords(owner, props);
    const legacyOrigin = props.legacyOrigin === undefined || isToken(props.legacyOrigin) ? props.legacyOrigin : props.legacyOrigin.replace(/\.$/, '');
    const proxied = props.proxied ?? true;
    const ttl = props.ttl ?? 1;
    const recordIds: Record<string, string> = {};
    for (const { hostname, origin, importRecordId } of records) {
      const content = origin === 'alb' ? props.albDnsName : (legacyOrigin as string);
      const record = new DnsRecord(this, hostname, {
        zoneId: props.zoneId,
        name: hostname,
        type: origin === 'legacy' && isIpv4Address(content) ? 'A' : 'CNAME',
        content,
        proxied,
        ttl,
        comment: recordComment(props, origin),
      });
      if (importRecordId !== undefined) record.importFrom(`${props.zoneId}/${importRecordId}`);
      recordIds[hostname] = record.id;
    }
    this.recordIds = recordIds;
    this.albHostnames = records.filter((r) => r.origin === 'alb').map((r) => r.hostname);
    this.legacyHostnames = records.filter((r) => r.origin === 'legacy').map((r) => r.hostname);
  }
}

/** The comment says which origin a record points at, so the dashboard shows the cut-over state. */
function recordComment(props: HostnameRecordsProps, origin: HostnameOrigin): string {
  return `${props.comment ?? 'managed by Terraform (@lq3/cloudflare-dns)'}; origin: ${origin}`;
}

function validateRecords(owner: string, props: HostnameRecordsProps): HostnameRecord[] {
  if (props.records.length === 0) {
    throw new Error(`${owner}: records is empty; expected at least one { hostname, origin } entry.`);
  }
  if (props.records.some((record) => isToken(record.hostname))) {
    throw new Error(`${owner}: a hostname is a Terraform reference; expected literal hostnames, since each one names its own record resource.`);
  }
  const zoneName = props.zoneName === undefined || isToken(props.zoneName) ? undefined : normaliseHostname(owner, 'zoneName', props.zoneName, false);
  const seen = new Set<string>();
  const records = props.records.map((record) => {
    const hostname = normaliseHostname(owner, 'hostname', record.hostname, true);
    if (seen.has(hostname)) throw new Error(`${owner}: hostname "${record.hostname}" is listed twice; expected each hostname once.`);
    seen.add(hostname);
    if (record.origin !== 'alb' && record.origin !== 'legacy') {
      throw new Error(`${owner}: hostname "${hostname}" has origin "${String(record.origin)}"; expected 'alb' or 'legacy'.`);
    }
    if (zoneName !== undefined && hostname !== zoneName && !hostname.endsWith(`.${zoneName}`)) {
      throw new Error(`${owner}: hostname "${hostname}" is outside zone "${zoneName}"; expected a name ending in .${zoneName}.`);
    }
    if (record.importRecordId !== undefined && !/^[0-9a-f]{32}$/.test(record.importRecordId)) {
      throw new Error(`${owner}: hostname "${hostname}" has importRecordId "${record.importRecordId}"; expected a Cloudflare record id (32 hexadecimal characters).`);
    }
    return { ...record, hostname };
  });

  for (const origin of new Set(records.map((r) => r.origin))) requireCommentLength(owner, recordComment(props, origin));

  const legacy = records.filter((r) => r.origin === 'legacy').map((r) => r.hostname);
  if (legacy.length > 0 && props.legacyOrigin === undefined) {
    throw new Error(`${owner}: ${legacy.join(', ')} point at origin 'legacy' but legacyOrigin is not set; set legacyOrigin to today's host name or IPv4 address, or switch them to 'alb'.`);
  }
  if (props.legacyOrigin !== undefined && !isToken(props.legacyOrigin) && !isIpv4Address(props.legacyOrigin)) {
    normaliseHostname(owner, 'legacyOrigin', props.legacyOrigin, false);
  }
  if (!isToken(props.albDnsName)) normaliseHostname(owner, 'albDnsName', props.albDnsName, false);

  const proxied = props.proxied ?? true;
  const ttl = props.ttl ?? 1;
  if (proxied && ttl !== 1) {
    throw new Error(`${owner}: ttl is ${ttl} but the records are proxied, and Cloudflare keeps proxied records on automatic TTL; use ttl 1 or proxied false.`);
  }
  const enterprise = (props.zonePlan ?? 'free') === 'enterprise';
  const minimumTtl = enterprise ? 30 : 60;
  if (!proxied && ttl !== 1 && (!Number.isInteger(ttl) || ttl < minimumTtl || ttl > 86400)) {
    const why = enterprise || ttl < 30 ? '' : ` (30-59 seconds are for Enterprise zones only; this zone's plan is ${props.zonePlan ?? 'free'})`;
    throw new Error(`${owner}: ttl is ${ttl}; expected 1 (automatic) or an integer from ${minimumTtl} to 86400 seconds${why}.`);
  }
  return records;
}
