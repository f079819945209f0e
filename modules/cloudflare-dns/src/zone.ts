import { DataCloudflareZone } from '@cdktf/provider-cloudflare/lib/data-cloudflare-zone';
import { Construct } from 'constructs';
import pkg from '../package.json';
import { isToken, normaliseHostname } from './names';

export interface CloudflareZoneProps {
  /** The zone's domain name, e.g. `example.com`. */
  readonly name: string;
  /**
   * Cloudflare account that owns the zone; set it when the API token sees several accounts.
   * @default any account the token can read
   */
  readonly accountId?: string;
}

/** Looks up an existing Cloudflare zone by name (the zone itself is managed outside Terraform). */
export class CloudflareZone extends Construct {
  readonly zoneId: string;
  /** Id of the Cloudflare account that owns the zone (account-scoped resources, e.g. Zero Trust Access). */
  readonly accountId: string;
  /** The zone name as given, lower-cased. */
  readonly name: string;

  constructor(scope: Construct, id: string, props: CloudflareZoneProps) {
    super(scope, id);
    this.node.addMetadata('lq3:module', { name: pkg.name, version: pkg.version });
    const owner = `CloudflareZone "${id}"`;
    this.name = isToken(props.name) ? props.name : normaliseHostname(owner, 'name', props.name, false);
    if (props.accountId !== undefined && !isToken(props.accountId) && !/^[0-9a-f]{32}$/.test(props.accountId)) {
      throw new Error(`${owner}: accountId "${props.accountId}" is not a Cloudflare account id; expected 32 hexadecimal characters.`);
    }
    const zone = new DataCloudflareZone(this, 'zone', {
      filter: { name: this.name, account: props.accountId ? { id: props.accountId } : undefined },
    });
    this.zoneId = zone.id;
    this.accountId = zone.account.id;
  }
}
