import { AuthenticatedOriginPullsSettings } from '@cdktf/provider-cloudflare/lib/authenticated-origin-pulls-settings';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import pkg from '../package.json';
import { requireZoneId } from './validation';

export interface AuthenticatedOriginPullsProps {
  /** The zone (e.g. `CloudflareZone.zoneId`). */
  readonly zoneId: string;
}

/**
 * Turns zone-level Authenticated Origin Pulls on: Cloudflare then presents a client certificate
 * signed by its origin-pull CA (`CLOUDFLARE_ORIGIN_PULL_CA_PEM`) on every connection to an origin
 * of the zone, which an origin verifying client certificates (e.g. `@lq3/alb` with
 * `clientCertificates`) requires. Origins that do not ask for one are unaffected.
 *
 * An "ensure": the provider's delete only forgets the setting and never switches it off, so each
 * stack whose origin verifies may declare it for its zone, and removing one of them cannot cut the
 * others off. Switch it off by hand only once no origin of the zone verifies any more.
 */
export class AuthenticatedOriginPulls extends Construct {
  /** Make an origin that verifies client certificates depend on this (`dependsOn`). */
  readonly enabled: ITerraformDependable;

  constructor(scope: Construct, id: string, props: AuthenticatedOriginPullsProps) {
    super(scope, id);
    this.node.addMetadata('lq3:module', { name: pkg.name, version: pkg.version });
    requireZoneId(`AuthenticatedOriginPulls "${id}"`, props.zoneId);
    this.enabled = new AuthenticatedOriginPullsSettings(this, 'settings', { zoneId: props.zoneId, enabled: true });
  }
}
