import { Alb, type AlbEndpoint, DnsValidatedCertificate, SharedAlb } from '@lq3/alb';
import { AcmValidationRecords, CloudflareIpRanges, CloudflareZone } from '@lq3/cloudflare-dns';
import { ZoneSecuritySettings } from '@lq3/cloudflare-zone';
import { AlbWebAcl } from '@lq3/waf';
import type { Construct } from 'constructs';
import { cloudflareClientCertificates, EnvironmentAccess } from '../constructs/edge-protection';
import { sharedLoadBalancerOf } from '../copy-environments';
import { accessOf, CLIENT_IP_HEADER, isProductionBase, wafOf } from '../edge-config';
import type { Environment } from '../environment';
import { EnvironmentStack } from '../environment-stack';
import { testListenerProps } from '../test-listener-config';
import { resourceName } from '../organisation';
import type { NetworkStack } from './network-stack';

/**
 * Edge unit: the env's certificate (validated through DNS-only Cloudflare records) and
 * its internet-facing ALB, which admits only Cloudflare's published ranges — or, for a copy
 * in its base env's VPC, the certificate on the base's ALB (ADR 0013). What guards the origin
 * (ADR 0015): the ALB completes TLS only with Cloudflare's origin-pull certificate and answers
 * 403 to whatever is not a routed hostname; Access in front of every env but a production
 * base, which has AWS WAF instead and owns its zone's settings.
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
    // The zone-wide TLS settings belong to the zone's production base env (one per zone, checked at load).
    if (isProductionBase(environment)) new ZoneSecuritySettings(this, 'zone-settings', { zoneId: zone.zoneId });
    const access = accessOf(environment);
    if (access) {
      new EnvironmentAccess(this, 'access', { environmentName: environment.name, accountId: zone.accountId, hostnames, access, kmsKeyArn: network.key.keyArn });
    }
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
      // Only Cloudflare's Authenticated Origin Pulls complete a handshake; the rest gets a 403.
      clientCertificates: cloudflareClientCertificates(this, zone.zoneId, environment.disposable.infrastructure),
      deletionProtection: environment.alb.deletionProtection,
      idleTimeoutSeconds: environment.alb.idleTimeoutSeconds,
      // Access logs of an env that may be destroyed or switched off go with it.
      accessLogsForceDestroy: environment.disposable.infrastructure,
      // Only the check sources reach the test port: the VPC's NAT addresses and alb.testListener.allowedCidrs.
      ...testListenerProps(environment.alb.testListener, network.network),
    }));
    this.testListenerArn = (this.alb as Alb).testListenerArn;
    const waf = wafOf(environment);
    if (waf) {
      this.fromField('waf', () =>
        new AlbWebAcl(this, 'waf', {
          name: this.name(),
          loadBalancerArn: (this.alb as Alb).albArn,
          ...(waf.rateLimitedHosts.length > 0 ? { rateLimit: { hosts: waf.rateLimitedHosts, requestsPerWindow: waf.requestsPerFiveMinutes } } : {}),
          // Behind Cloudflare every source address is a Cloudflare edge; count real clients.
          clientIpHeader: CLIENT_IP_HEADER,
          logKmsKeyArn: network.key.keyArn,
        }),
      );
    }
  }
}
