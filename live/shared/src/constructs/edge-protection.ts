/**
 * What stands between the internet and an environment, built in its edge unit (ADR 0015):
 * Access in front of its hostnames (with the service token for checks in SSM), and the client
 * certificate its ALB demands (Cloudflare's Authenticated Origin Pulls).
 */
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import type { AlbClientCertificates } from '@lq3/alb';
import { AccessProtectedHostnames } from '@lq3/cloudflare-access';
import { AuthenticatedOriginPulls, CLOUDFLARE_ORIGIN_PULL_CA_PEM } from '@lq3/cloudflare-zone';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import type { AccessConfig } from '../edge-config';
import { resourceName } from '../organisation';

export interface EnvironmentAccessProps {
  readonly environmentName: string;
  /** The Cloudflare account of the env's zone. */
  readonly accountId: string;
  readonly hostnames: string[];
  readonly access: Required<AccessConfig>;
  /** The env's KMS key, for the service token's parameter. */
  readonly kmsKeyArn: string;
}

/** SSM parameter holding the env's Access service token: `{"client_id": …, "client_secret": …}`. */
export function accessTokenParameterName(environmentName: string): string {
  return `/lq3/${environmentName}/access-service-token`;
}

/**
 * Cloudflare Access in front of every hostname of the env, and its service token for automated
 * checks, kept as an encrypted SSM parameter in the env's account (the checks read it with
 * `aws ssm get-parameter --with-decryption`).
 */
export class EnvironmentAccess extends Construct {
  readonly protection: AccessProtectedHostnames;

  constructor(scope: Construct, id: string, props: EnvironmentAccessProps) {
    super(scope, id);
    this.protection = new AccessProtectedHostnames(this, 'hostnames', {
      accountId: props.accountId,
      name: resourceName(props.environmentName),
      hostnames: props.hostnames,
      allow: { emailDomains: props.access.emailDomains, emails: props.access.emails, groupIds: props.access.groups },
      sessionDuration: props.access.sessionDuration,
    });
    new SsmParameter(this, 'service-token', {
      name: accessTokenParameterName(props.environmentName),
      description: `Cloudflare Access service token of ${props.environmentName}, for automated checks (CF-Access-Client-Id / CF-Access-Client-Secret)`,
      type: 'SecureString',
      keyId: props.kmsKeyArn,
      value: Fn.jsonencode({ client_id: this.protection.serviceTokenClientId, client_secret: this.protection.serviceTokenClientSecret }),
    });
  }
}

/**
 * The client certificates an ALB of the zone demands: Cloudflare's origin-pull CA, verified only
 * once the zone presents it (Authenticated Origin Pulls on, declared here for the zone).
 */
export function cloudflareClientCertificates(scope: Construct, zoneId: string, bucketForceDestroy: boolean): AlbClientCertificates {
  const originPulls = new AuthenticatedOriginPulls(scope, 'origin-pulls', { zoneId });
  return { caCertificatesPem: CLOUDFLARE_ORIGIN_PULL_CA_PEM, dependsOn: [originPulls.enabled], bucketForceDestroy };
}
