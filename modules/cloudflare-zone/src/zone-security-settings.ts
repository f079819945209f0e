import { ZoneSetting } from '@cdktf/provider-cloudflare/lib/zone-setting';
import { Construct } from 'constructs';
import pkg from '../package.json';
import { isToken, requireZoneId } from './validation';

/** HSTS as Cloudflare adds it to every proxied response of the zone. */
export interface ZoneHsts {
  /**
   * `max-age` in seconds, 0–31536000 (a year, the most Cloudflare takes).
   * @default 31536000
   */
  readonly maxAgeSeconds?: number;
  /**
   * `includeSubDomains`: also binds every name below each hostname.
   * @default false
   */
  readonly includeSubdomains?: boolean;
  /**
   * `preload` (asks browsers to ship the name as HTTPS-only; hard to undo). Needs
   * `includeSubdomains` and a max-age of a year.
   * @default false
   */
  readonly preload?: boolean;
  /**
   * Also send `X-Content-Type-Options: nosniff`.
   * @default true
   */
  readonly nosniff?: boolean;
}

export interface ZoneSecuritySettingsProps {
  /** The zone (e.g. `CloudflareZone.zoneId`). */
  readonly zoneId: string;
  /**
   * Encryption between Cloudflare and origins: `strict` (Full (strict): HTTPS with a certificate
   * valid for the hostname) or `full` (HTTPS, any certificate). `flexible` and `off` are refused:
   * the origin would get plain HTTP, and an origin that redirects HTTP to HTTPS loops.
   * @default 'strict'
   */
  readonly sslMode?: 'strict' | 'full';
  /**
   * Oldest TLS version visitors may use: `'1.2'` or `'1.3'`.
   * @default '1.2'
   */
  readonly minTlsVersion?: '1.2' | '1.3';
  /**
   * Redirect every `http://` request to `https://` at Cloudflare's edge.
   * @default true
   */
  readonly alwaysUseHttps?: boolean;
  /**
   * HSTS (`Strict-Transport-Security`) on every proxied response, or `false` to leave the zone's
   * security header setting unmanaged.
   * @default {} (on: a year, no includeSubDomains, no preload, nosniff)
   */
  readonly hsts?: ZoneHsts | false;
}

const YEAR = 31536000;

/**
 * The zone-wide TLS settings of a Cloudflare zone, one `cloudflare_zone_setting` each: SSL mode,
 * minimum TLS version, Always Use HTTPS and, unless switched off, HSTS. They apply to every
 * hostname of the zone, so exactly one stack should own them. Removing the construct does not
 * reset anything: the provider's delete only forgets a setting (it keeps its last value).
 */
export class ZoneSecuritySettings extends Construct {
  /** Setting ids managed, in creation order (`ssl`, `min_tls_version`, `always_use_https`, `security_header`). */
  readonly settingIds: readonly string[];

  constructor(scope: Construct, id: string, props: ZoneSecuritySettingsProps) {
    super(scope, id);
    this.node.addMetadata('lq3:module', { name: pkg.name, version: pkg.version });
    const owner = `ZoneSecuritySettings "${id}"`;
    requireZoneId(owner, props.zoneId);
    const sslMode = props.sslMode ?? 'strict';
    if (!['strict', 'full'].includes(sslMode)) {
      throw new Error(`${owner}: sslMode "${sslMode}" would send plain HTTP to origins (and an origin that redirects to HTTPS loops); expected 'strict' or 'full'.`);
    }
    const minTlsVersion = props.minTlsVersion ?? '1.2';
    if (!['1.2', '1.3'].includes(minTlsVersion)) throw new Error(`${owner}: minTlsVersion "${minTlsVersion}" is not allowed; expected '1.2' or '1.3'.`);
    const hsts = props.hsts === false ? undefined : hstsValue(owner, props.hsts ?? {});

    const settings: [string, string, unknown][] = [
      ['ssl', 'ssl', sslMode],
      ['min-tls-version', 'min_tls_version', minTlsVersion],
      ['always-use-https', 'always_use_https', props.alwaysUseHttps === false ? 'off' : 'on'],
      ...(hsts ? ([['security-header', 'security_header', hsts]] as [string, string, unknown][]) : []),
    ];
    for (const [settingConstructId, settingId, value] of settings) {
      new ZoneSetting(this, settingConstructId, {
        zoneId: props.zoneId,
        settingId,
        // The provider's `value` is dynamic (a string or an object per setting); cdktf types it as a map.
        value: value as Record<string, unknown>,
      });
    }
    this.settingIds = settings.map(([, settingId]) => settingId);
  }
}

/** The `security_header` value, every field given so a read-back compares equal. */
function hstsValue(owner: string, hsts: ZoneHsts): Record<string, unknown> {
  const maxAge = hsts.maxAgeSeconds ?? YEAR;
  if (!isToken(maxAge) && (!Number.isInteger(maxAge) || maxAge < 0 || maxAge > YEAR)) {
    throw new Error(`${owner}: hsts.maxAgeSeconds ${maxAge} is out of range; expected an integer from 0 to ${YEAR} (a year).`);
  }
  const includeSubdomains = hsts.includeSubdomains ?? false;
  const preload = hsts.preload ?? false;
  if (preload && (!includeSubdomains || maxAge < YEAR)) {
    throw new Error(`${owner}: hsts.preload needs includeSubdomains and a maxAgeSeconds of ${YEAR}; browsers' preload lists refuse anything less.`);
  }
  return {
    strict_transport_security: { enabled: true, max_age: maxAge, include_subdomains: includeSubdomains, preload, nosniff: hsts.nosniff ?? true },
  };
}
