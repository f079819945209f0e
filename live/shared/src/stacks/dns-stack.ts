import { CloudflareZone, HostnameRecords } from '@lq3/cloudflare-dns';
import type { Construct } from 'constructs';
import type { Environment } from '../environment';
import { EnvironmentStack } from '../environment-stack';
import type { EdgeStack } from './edge-stack';
import type { ServicesStack } from './services-stack';

/**
 * DNS unit: one proxied Cloudflare record per app hostname, pointing at the env's ALB or,
 * per app (`origin: legacy`), at today's EC2 origin — the cut-over and rollback switch.
 * Records that exist already (`dnsRecordId`) are adopted by an import block. Applied after
 * services, so a hostname moves to the ALB only once its service is in place.
 */
export class DnsStack extends EnvironmentStack {
  constructor(scope: Construct, environment: Environment, edge: EdgeStack, services: ServicesStack) {
    super(scope, environment, 'dns');
    this.addDependency(services);
    this.useCloudflare();
    if (!edge.alb) return;

    const alb = edge.alb;
    const zone = this.fromField('dnsZone', () => new CloudflareZone(this, 'zone', { name: environment.dnsZone }));
    this.fromField('apps', () =>
      new HostnameRecords(this, 'hostnames', {
        zoneId: zone.zoneId,
        zoneName: environment.dnsZone,
        records: [...environment.apps.values()].map(({ hostname, origin, dnsRecordId }) => ({ hostname, origin, ...(dnsRecordId ? { importRecordId: dnsRecordId } : {}) })),
        albDnsName: alb.dnsName,
        ...(environment.legacyOrigin ? { legacyOrigin: environment.legacyOrigin } : {}),
        comment: `managed by lq3-infrastructure (${environment.name})`,
      }),
    );
  }
}
