import { Alb, type AlbEndpoint, DnsValidatedCertificate, SharedAlb } from '@lq3/alb';
import { AcmValidationRecords, CloudflareIpRanges, CloudflareZone } from '@lq3/cloudflare-dns';
import type { Construct } from 'constructs';
import { sharedLoadBalancerOf } from '../copy-environments';
import type { Environment } from '../environment';
import { EnvironmentStack } from '../environment-stack';
import { testListenerProps } from '../test-listener-config';
import { resourceName } from '../organisation';
import type { NetworkStack } from './network-stack';

/**
 * Edge unit: the env's certificate (validated through DNS-only Cloudflare records) and
 * its internet-facing ALB, which admits only Cloudflare's published ranges — or, for a copy
 * in its base env's VPC, the certificate on the base's ALB (ADR 0013).
 * Absent while the env is disabled.
 */
export class EdgeStack extends EnvironmentStack {
  readonly alb?: AlbEndpoint;
  /** The ALB's blue/green test listener (`alb.testListener`); undefined without one. */
  readonly testListenerArn?: string;

  constructor(scope: Construct, environment: Environment, network: NetworkStack) {
    super(scope, environment, 'edge');
    this.addDependency(network);
    // Declared even when disabled, so Terraform can still remove what the state holds.
    this.useCloudflare();
    if (!environment.enabled) return;

    const hostnames = [...environment.apps.values()].map((app) => app.hostname);
    const zone = this.fromField('dnsZone', () => new CloudflareZone(this, 'zone', { name: environment.dnsZone }));
    const certificate = this.fromField('apps', () => new DnsValidatedCertificate(this, 'certificate', { domainNames: hostnames }));
    const validation = new AcmValidationRecords(this, 'certificate-validation', {
      zoneId: zone.zoneId,
      domainValidationOptions: certificate.domainValidationOptions,
    });
    const base = sharedLoadBalancerOf(environment);
    if (base) {
      // The base's ALB already admits Cloudflare only; this copy adds its certificate to its listener.
      this.alb = this.fromField('network.reuse', () =>
        new SharedAlb(this, 'alb', { loadBalancerName: resourceName(base), certificateArns: [certificate.validate(validation.records)] }),
      );
      return;
    }
    const cloudflareRanges = new CloudflareIpRanges(this, 'cloudflare-ranges');
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
      // Only the check sources reach the test port: the VPC's NAT addresses and alb.testListener.allowedCidrs.
      ...testListenerProps(environment.alb.testListener, network.network),
    }));
    this.testListenerArn = (this.alb as Alb).testListenerArn;
  }
}
