import { Alb, DnsValidatedCertificate } from '@lq3/alb';
import { AcmValidationRecords, CloudflareIpRanges, CloudflareZone } from '@lq3/cloudflare-dns';
import type { Construct } from 'constructs';
import type { Environment } from '../environment';
import { EnvironmentStack } from '../environment-stack';
import type { NetworkStack } from './network-stack';

/**
 * Edge unit: the env's certificate (validated through DNS-only Cloudflare records) and
 * its internet-facing ALB, which admits only Cloudflare's published ranges.
 * Absent while the env is disabled.
 */
export class EdgeStack extends EnvironmentStack {
  readonly alb?: Alb;

  constructor(scope: Construct, environment: Environment, network: NetworkStack) {
    super(scope, environment, 'edge');
    this.addDependency(network);
    // Declared even when disabled, so Terraform can still remove what the state holds.
    this.useCloudflare();
    if (!environment.enabled) return;

    const hostnames = [...environment.apps.values()].map((app) => app.hostname);
    const zone = this.fromField('dnsZone', () => new CloudflareZone(this, 'zone', { name: environment.dnsZone }));
    const cloudflareRanges = new CloudflareIpRanges(this, 'cloudflare-ranges');
    const certificate = this.fromField('apps', () => new DnsValidatedCertificate(this, 'certificate', { domainNames: hostnames }));
    const validation = new AcmValidationRecords(this, 'certificate-validation', {
      zoneId: zone.zoneId,
      domainValidationOptions: certificate.domainValidationOptions,
    });
    this.alb = this.fromField('alb', () => new Alb(this, 'alb', {
      name: this.name(),
      vpcId: network.network.vpcId,
      vpcCidr: network.network.cidrBlock,
      subnetIds: network.network.publicSubnetIds,
      ingressCidrs: cloudflareRanges.ipv4Cidrs,
      certificateArn: certificate.validate(validation.records),
      deletionProtection: environment.alb.deletionProtection,
      idleTimeoutSeconds: environment.alb.idleTimeoutSeconds,
      // Access logs of an env that may be destroyed or switched off go with it.
      accessLogsForceDestroy: environment.disposable.infrastructure,
    }));
  }
}
