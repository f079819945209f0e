import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener, type LbListenerDefaultAction } from '@cdktf/provider-aws/lib/lb-listener';
import { LbListenerRule, type LbListenerRuleAction } from '@cdktf/provider-aws/lib/lb-listener-rule';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { type ITerraformDependable, TerraformIterator, Token } from 'cdktf';
import { Construct } from 'constructs';
import pkg from '../package.json';
import { AccessLogsBucket } from './access-logs-bucket';
import { ClientTrustStore } from './client-trust-store';
import type { AlbEndpoint } from './shared-alb';
import { createTestListener, validateTestListener } from './test-listener';
import { isToken, requireCidrList, requireIntegerInRange, requireIpv4Cidr } from './validation';

export interface AlbProps {
  /** Load balancer name: 1-32 letters, digits and hyphens, no leading/trailing hyphen. */
  readonly name: string;
  /** VPC the load balancer and its target groups live in. */
  readonly vpcId: string;
  /** The VPC's IPv4 CIDR: the security group's only egress destination (the targets). */
  readonly vpcCidr: string;
  /** Public subnets, in at least two Availability Zones. */
  readonly subnetIds: string[];
  /**
   * IPv4 CIDRs allowed to reach ports 443 and 80, e.g. Cloudflare's ranges
   * (`CloudflareIpRanges.ipv4Cidrs`). Must be known at plan time (literals or a data source).
   */
  readonly ingressCidrs: string[];
  /**
   * IPv6 CIDRs allowed to reach ports 443 and 80; needs `ipAddressType: 'dualstack'`.
   * @default [] (no IPv6 ingress)
   */
  readonly ingressIpv6Cidrs?: string[];
  /**
   * `dualstack` also gives the load balancer IPv6 addresses (the subnets need IPv6 CIDRs).
   * @default 'ipv4'
   */
  readonly ipAddressType?: 'ipv4' | 'dualstack';
  /** ARN of the HTTPS listener's certificate; pass the validated one (`DnsValidatedCertificate.validate()`). */
  readonly certificateArn: string;
  /**
   * TLS policy of the HTTPS listener.
   * @default 'ELBSecurityPolicy-TLS13-1-2-2021-06' (TLS 1.3 and 1.2 only)
   */
  readonly sslPolicy?: string;
  /**
   * Refuse deletion of the load balancer through the API. Turn it on in production.
   * @default false
   */
  readonly deletionProtection?: boolean;
  /**
   * Seconds a connection may stay idle, 1-4000.
   * @default 60
   */
  readonly idleTimeoutSeconds?: number;
  /**
   * Days access logs are kept before S3 expires them.
   * @default 90
   */
  readonly accessLogRetentionDays?: number;
  /**
   * Name of the access log bucket the construct creates.
   * @default `<name lower-cased>-alb-logs-<account id>`
   */
  readonly accessLogsBucketName?: string;
  /**
   * Let `terraform destroy` delete the access log bucket with its logs in it.
   * Keep it off where logs matter; turn it on for short-lived environments.
   * @default false (destroying a non-empty bucket fails instead of losing logs)
   */
  readonly accessLogsForceDestroy?: boolean;
  /**
   * Also grant the region's ELB account (data source aws_elb_service_account)
   * write access to the log bucket, besides the `logdelivery.elasticloadbalancing.amazonaws.com`
   * service principal. Regions opened before August 2022 (eu-central-1 among them) documented
   * that account grant; regions opened later have no such account, so turn it off there.
   * @default true
   */
  readonly grantRegionalElbAccount?: boolean;
  /**
   * Ask every HTTPS client for a certificate and admit only those that chain to these CAs:
   * mutual TLS in verify mode through an ELB trust store, e.g. with Cloudflare's origin-pull CA
   * so that only Cloudflare's Authenticated Origin Pulls complete a handshake. The HTTPS
   * listener then answers whatever no rule takes with a fixed 403, and there is no HTTP
   * listener nor port 80 in the security group: plain HTTP carries no client certificate, and
   * a proxy that pulls with one (Cloudflare in SSL mode Full strict) never speaks HTTP.
   * @default none: no client certificate asked for, HTTP redirects to HTTPS, unmatched hosts get a 404
   */
  readonly clientCertificates?: AlbClientCertificates;
  /**
   * Extra tags for the load balancer, its security group and target groups
   * (provider default tags still apply).
   * @default {}
   */
  readonly tags?: Record<string, string>;
  /**
   * Port of a second HTTPS listener for ECS blue/green test traffic (`testListenerArn`, for the
   * service's `test_listener_rule`): ECS points it at the new tasks before production traffic
   * moves. Same certificate and TLS policy as 443; unmatched hosts get a 404. Not 80 or 443.
   * @default no test listener
   */
  readonly testListenerPort?: number;
  /**
   * IPv4 CIDRs admitted on `testListenerPort`: the sources of checks (e.g. the VPC's NAT
   * addresses, an office or VPN range), not `ingressCidrs` and never 0.0.0.0/0. Required with the port.
   * @default none
   */
  readonly testListenerIngressCidrs?: string[];
}

/** Mutual TLS on the HTTPS listener (`AlbProps.clientCertificates`). */
export interface AlbClientCertificates {
  /** PEM bundle of the CA certificate(s) a client certificate must chain to; certificates only, never a key. */
  readonly caCertificatesPem: string;
  /**
   * Name of the private bucket the construct creates for the bundle (ELB reads trust stores from S3).
   * @default `<name lower-cased>-trust-store-<account id>`
   */
  readonly bucketName?: string;
  /**
   * Let `terraform destroy` delete the bundle bucket with its object versions.
   * @default false
   */
  readonly bucketForceDestroy?: boolean;
  /**
   * What must exist before the HTTPS listener starts verifying, e.g. the CDN setting that
   * makes it present its client certificate (otherwise every request fails in between).
   * @default nothing
   */
  readonly dependsOn?: ITerraformDependable[];
}

export interface AlbTargetGroupOptions {
  /**
   * Target group name, at most 32 characters.
   * @default `<alb name>-<id>`
   */
  readonly name?: string;
  /** Port the targets (tasks) listen on. */
  readonly port: number;
  /**
   * Protocol from the load balancer to the targets.
   * @default 'HTTP' (TLS ends at the load balancer; targets sit in private subnets)
   */
  readonly protocol?: 'HTTP' | 'HTTPS';
  /** Path of the health check, starting with `/`. */
  readonly healthCheckPath: string;
  /**
   * HTTP codes (200-499) a healthy target answers with: `200`, `200,204` or `200-299`.
   * @default '200'
   */
  readonly matcher?: string;
  /**
   * Seconds a deregistering target keeps serving its open requests, 0-3600.
   * @default 30 (AWS's 300 slows every deploy for little gain with short requests)
   */
  readonly deregistrationDelaySeconds?: number;
  /**
   * Seconds between health checks, 5-300.
   * @default 15
   */
  readonly healthCheckIntervalSeconds?: number;
  /**
   * Seconds to wait for a health check answer, 2-120 and below the interval.
   * @default 5
   */
  readonly healthCheckTimeoutSeconds?: number;
  /**
   * Consecutive successes before a target counts as healthy, 2-10.
   * @default 3
   */
  readonly healthyThreshold?: number;
  /**
   * Consecutive failures before a target counts as unhealthy, 2-10.
   * @default 3
   */
  readonly unhealthyThreshold?: number;
  /**
   * Seconds a new target receives a linearly growing share of requests, 30-900, or 0 to disable.
   * @default 0
   */
  readonly slowStartSeconds?: number;
}

/** A target group created by `Alb.addTargetGroup`. */
export interface AlbTargetGroup {
  readonly name: string;
  readonly arn: string;
  /** For CloudWatch metric dimensions (`TargetGroup`). */
  readonly arnSuffix: string;
  readonly port: number;
}

export interface AlbHostRouteOptions {
  /** Host headers the rule matches (1-3, wildcards `*` and `?` allowed), e.g. `app.example.com`. */
  readonly hosts: string[];
  /** Target group receiving the matched requests. */
  readonly targetGroupArn: string;
  /**
   * Second target group for ECS native blue/green: the rule forwards with weights
   * (primary 100, alternate 0), which ECS shifts during a deployment.
   * @default no alternate (plain forward to `targetGroupArn`)
   */
  readonly alternateTargetGroupArn?: string;
  /** Rule priority, 1-50000, unique within this load balancer. Lower wins. */
  readonly priority: number;
  /**
   * Make Terraform ignore later changes to the rule's action, so it does not undo the
   * weights ECS blue/green set (or point traffic back at the wrong target group).
   * @default true when `alternateTargetGroupArn` is set, false otherwise
   */
  readonly ignoreActionChanges?: boolean;
}

/** A listener rule created by `Alb.addHostRoute`. */
export interface AlbHostRoute {
  /** The rule's ARN, e.g. ECS blue/green's `production_listener_rule`. */
  readonly ruleArn: string;
  readonly priority: number;
  readonly hosts: readonly string[];
}

const MAX_HOSTS_PER_RULE = 3;
/** What a listener with client certificates answers when no rule admits the request. */
const FORBIDDEN: LbListenerDefaultAction = { type: 'fixed-response', fixedResponse: { contentType: 'text/plain', messageBody: 'Forbidden', statusCode: '403' } };

/**
 * An internet-facing Application Load Balancer in public subnets: HTTPS only
 * (HTTP answers 301 to HTTPS), TLS 1.3 policy, unmatched hosts get a 404,
 * invalid headers dropped, access logs to an encrypted private bucket, and a
 * security group that admits only the given CIDRs and reaches only the VPC.
 * With `clientCertificates`, only clients with a certificate from the given CAs
 * complete a TLS handshake, and whatever no rule takes gets a fixed 403.
 * Add target groups with `addTargetGroup` and host rules with `addHostRoute`.
 */
export class Alb extends Construct implements AlbEndpoint {
  readonly albArn: string;
  /** For CloudWatch dimensions and `ALBRequestCountPerTarget` resource labels. */
  readonly arnSuffix: string;
  readonly dnsName: string;
  /** Route 53 hosted zone id of the load balancer (for alias records). */
  readonly zoneId: string;
  readonly securityGroupId: string;
  readonly httpsListenerArn: string;
  /** The HTTP → HTTPS redirect listener; undefined with `clientCertificates` (HTTPS only). */
  readonly httpListenerArn?: string;
  /** The blue/green test listener; undefined without `testListenerPort`. */
  readonly testListenerArn?: string;
  readonly accessLogsBucketName: string;
  /** The trust store client certificates are verified against; undefined without `clientCertificates`. */
  readonly trustStoreArn?: string;

  private readonly name: string;
  private readonly vpcId: string;
  private readonly vpcCidr: string;
  /** Extra tags, or undefined when there are none (no empty `tags = {}` in every resource). */
  private readonly tags?: Record<string, string>;
  private readonly rulePriorities = new Map<number, string>();
  private readonly routedHosts = new Map<string, string>();
  private readonly egressPorts = new Set<number>();
  private readonly targetGroupNames = new Map<string, string>();

  constructor(scope: Construct, id: string, props: AlbProps) {
    super(scope, id);
    this.node.addMetadata('lq3:module', { name: pkg.name, version: pkg.version });
    const owner = `Alb "${id}"`;
    validateProps(owner, props);

    this.name = props.name;
    this.vpcId = props.vpcId;
    this.vpcCidr = props.vpcCidr;
    this.tags = props.tags && Object.keys(props.tags).length > 0 ? props.tags : undefined;
    const ipAddressType = props.ipAddressType ?? 'ipv4';

    const securityGroup = new SecurityGroup(this, 'security-group', {
      namePrefix: `${props.name}-alb-`,
      // Unchanged text without client certificates: a new description replaces the group.
      description: props.clientCertificates ? `Load balancer ${props.name}: HTTPS from allowed CIDRs` : `Load balancer ${props.name}: HTTPS and HTTP redirect from allowed CIDRs`,
      vpcId: props.vpcId,
      tags: { ...this.tags, Name: `${props.name}-alb` },
      // A replaced group must exist before the old one detaches from the load balancer.
      lifecycle: { createBeforeDestroy: true },
    });
    this.securityGroupId = securityGroup.id;
    for (const port of props.clientCertificates ? [443] : [443, 80]) {
      this.allowIngress(`ingress-ipv4-${port}`, port, props.ingressCidrs, 'cidrIpv4');
      if (props.ingressIpv6Cidrs && (isToken(props.ingressIpv6Cidrs) || props.ingressIpv6Cidrs.length > 0)) {
        this.allowIngress(`ingress-ipv6-${port}`, port, props.ingressIpv6Cidrs, 'cidrIpv6');
      }
    }

    const logs = new AccessLogsBucket(this, 'access-logs', {
      bucketName: props.accessLogsBucketName,
      loadBalancerName: props.name,
      retentionDays: props.accessLogRetentionDays ?? 90,
      forceDestroy: props.accessLogsForceDestroy ?? false,
      grantRegionalElbAccount: props.grantRegionalElbAccount ?? true,
    });
    this.accessLogsBucketName = logs.bucketName;

    const lb = new Lb(this, 'load-balancer', {
      name: props.name,
      loadBalancerType: 'application',
      internal: false,
      ipAddressType,
      subnets: props.subnetIds,
      securityGroups: [securityGroup.id],
      enableDeletionProtection: props.deletionProtection ?? false,
      idleTimeout: props.idleTimeoutSeconds ?? 60,
      dropInvalidHeaderFields: true,
      accessLogs: { bucket: logs.bucketName, enabled: true },
      tags: { ...this.tags, Name: props.name },
      // ELB tests write access when logging is enabled; the policy must be in place first.
      dependsOn: logs.ready,
    });
    this.albArn = lb.arn;
    this.arnSuffix = lb.arnSuffix;
    this.dnsName = lb.dnsName;
    this.zoneId = lb.zoneId;

    const trustStore = props.clientCertificates
      ? new ClientTrustStore(this, 'client-certificates', {
          name: props.name,
          caCertificatesPem: props.clientCertificates.caCertificatesPem,
          bucketName: props.clientCertificates.bucketName,
          bucketForceDestroy: props.clientCertificates.bucketForceDestroy ?? false,
        })
      : undefined;
    this.trustStoreArn = trustStore?.trustStoreArn;

    if (!trustStore) {
      const http = new LbListener(this, 'http', {
        loadBalancerArn: lb.arn,
        port: 80,
        protocol: 'HTTP',
        defaultAction: [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } }],
        tags: this.tags,
      });
      this.httpListenerArn = http.arn;
    }

    const https = new LbListener(this, 'https', {
      loadBalancerArn: lb.arn,
      port: 443,
      protocol: 'HTTPS',
      sslPolicy: props.sslPolicy ?? 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      certificateArn: props.certificateArn,
      defaultAction: [trustStore ? FORBIDDEN : { type: 'fixed-response', fixedResponse: { contentType: 'text/plain', messageBody: 'Not Found', statusCode: '404' } }],
      mutualAuthentication: trustStore ? { mode: 'verify', trustStoreArn: trustStore.trustStoreArn, ignoreClientCertificateExpiry: false, advertiseTrustStoreCaNames: 'off' } : undefined,
      dependsOn: props.clientCertificates?.dependsOn,
      tags: this.tags,
    });
    this.httpsListenerArn = https.arn;

    if (props.testListenerPort !== undefined && props.testListenerIngressCidrs !== undefined) {
      this.testListenerArn = createTestListener(this, {
        loadBalancerArn: lb.arn,
        securityGroupId: securityGroup.id,
        port: props.testListenerPort,
        ingressCidrs: props.testListenerIngressCidrs,
        certificateArn: props.certificateArn,
        sslPolicy: props.sslPolicy ?? 'ELBSecurityPolicy-TLS13-1-2-2021-06',
        tags: this.tags,
      });
    }
  }

  /**
   * Creates a target group for `ip` targets (ECS tasks in awsvpc mode) in the
   * load balancer's VPC and opens the security group's egress to its port.
   */
  addTargetGroup(id: string, options: AlbTargetGroupOptions): AlbTargetGroup {
    const owner = `Alb "${this.node.id}" target group "${id}"`;
    const name = options.name ?? `${this.name}-${id}`;
    validateTargetGroup(owner, name, options);
    const previous = this.targetGroupNames.get(name);
    if (previous !== undefined) {
      throw new Error(`${owner}: name "${name}" is already used by target group "${previous}"; expected a unique name.`);
    }
    this.targetGroupNames.set(name, id);

    const protocol = options.protocol ?? 'HTTP';
    const targetGroup = new LbTargetGroup(this, `target-group-${id}`, {
      name,
      port: options.port,
      protocol,
      targetType: 'ip',
      vpcId: this.vpcId,
      deregistrationDelay: String(options.deregistrationDelaySeconds ?? 30),
      slowStart: options.slowStartSeconds ?? 0,
      healthCheck: {
        enabled: true,
        path: options.healthCheckPath,
        protocol,
        port: 'traffic-port',
        matcher: options.matcher ?? '200',
        interval: options.healthCheckIntervalSeconds ?? 15,
        timeout: options.healthCheckTimeoutSeconds ?? 5,
        healthyThreshold: options.healthyThreshold ?? 3,
        unhealthyThreshold: options.unhealthyThreshold ?? 3,
      },
      tags: { ...this.tags, Name: name },
    });
    this.allowEgressTo(options.port);
    return { name, arn: targetGroup.arn, arnSuffix: targetGroup.arnSuffix, port: options.port };
  }

  /** Routes requests whose Host header matches `hosts` to a target group, through the HTTPS listener. */
  addHostRoute(id: string, options: AlbHostRouteOptions): AlbHostRoute {
    const owner = `Alb "${this.node.id}" host route "${id}"`;
    requireIntegerInRange(owner, 'priority', options.priority, 1, 50000);
    const clash = this.rulePriorities.get(options.priority);
    if (clash !== undefined) {
      throw new Error(`${owner}: priority ${options.priority} is already used by host route "${clash}"; expected a priority unique within this load balancer.`);
    }
    const hosts = validateHosts(owner, options.hosts);
    for (const host of hosts) {
      const routedBy = this.routedHosts.get(host);
      if (routedBy !== undefined) {
        throw new Error(`${owner}: host "${host}" is already routed by host route "${routedBy}"; a second rule for it would never match.`);
      }
    }
    this.rulePriorities.set(options.priority, id);
    for (const host of hosts) this.routedHosts.set(host, id);

    const action: LbListenerRuleAction = options.alternateTargetGroupArn
      ? {
          type: 'forward',
          forward: {
            targetGroup: [
              { arn: options.targetGroupArn, weight: 100 },
              { arn: options.alternateTargetGroupArn, weight: 0 },
            ],
          },
        }
      : { type: 'forward', targetGroupArn: options.targetGroupArn };
    const ignoreActionChanges = options.ignoreActionChanges ?? options.alternateTargetGroupArn !== undefined;
    const rule = new LbListenerRule(this, `host-route-${id}`, {
      listenerArn: this.httpsListenerArn,
      priority: options.priority,
      condition: [{ hostHeader: { values: hosts } }],
      action: [action],
      tags: this.tags,
      lifecycle: ignoreActionChanges ? { ignoreChanges: ['action'] } : undefined,
    });
    return { ruleArn: rule.arn, priority: options.priority, hosts };
  }

  private allowIngress(id: string, port: number, cidrs: string[], field: 'cidrIpv4' | 'cidrIpv6'): void {
    // One rule resource per CIDR keeps adding or removing a range an in-place change.
    const iterator = TerraformIterator.fromList(cidrs);
    new VpcSecurityGroupIngressRule(this, id, {
      forEach: iterator,
      securityGroupId: this.securityGroupId,
      ipProtocol: 'tcp',
      fromPort: port,
      toPort: port,
      [field]: Token.asString(iterator.value),
      description: port === 443 ? 'HTTPS from allowed CIDRs' : 'HTTP (redirected to HTTPS) from allowed CIDRs',
      tags: this.tags,
    });
  }

  private allowEgressTo(port: number): void {
    if (this.egressPorts.has(port)) return;
    this.egressPorts.add(port);
    new VpcSecurityGroupEgressRule(this, `egress-targets-${port}`, {
      securityGroupId: this.securityGroupId,
      ipProtocol: 'tcp',
      fromPort: port,
      toPort: port,
      cidrIpv4: this.vpcCidr,
      description: `Targets on port ${port} inside the VPC`,
      tags: this.tags,
    });
  }
}

function validateProps(owner: string, props: AlbProps): void {
  if (!isToken(props.name) && !/^(?!internal-)[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,30}[a-zA-Z0-9])?$/.test(props.name)) {
    throw new Error(
      `${owner}: name "${props.name}" is not a valid load balancer name; expected 1-32 letters, digits and hyphens, not starting or ending with a hyphen nor starting with "internal-".`,
    );
  }
  if (!isToken(props.subnetIds)) {
    if (props.subnetIds.length < 2) {
      throw new Error(`${owner}: subnetIds has ${props.subnetIds.length} subnet(s); an ALB needs public subnets in at least two Availability Zones.`);
    }
    const literal = props.subnetIds.filter((subnet) => !isToken(subnet));
    if (new Set(literal).size !== literal.length) throw new Error(`${owner}: subnetIds lists a subnet twice; expected distinct subnets.`);
  }
  requireIpv4Cidr(owner, 'vpcCidr', props.vpcCidr);
  requireCidrList(owner, 'ingressCidrs', props.ingressCidrs, 'ipv4');
  if (props.ingressIpv6Cidrs !== undefined) {
    requireCidrList(owner, 'ingressIpv6Cidrs', props.ingressIpv6Cidrs, 'ipv6', true);
    const hasIpv6 = isToken(props.ingressIpv6Cidrs) || props.ingressIpv6Cidrs.length > 0;
    if (hasIpv6 && (props.ipAddressType ?? 'ipv4') !== 'dualstack') {
      throw new Error(`${owner}: ingressIpv6Cidrs is set but ipAddressType is 'ipv4'; set ipAddressType to 'dualstack' or drop the IPv6 CIDRs.`);
    }
  }
  if (props.idleTimeoutSeconds !== undefined) requireIntegerInRange(owner, 'idleTimeoutSeconds', props.idleTimeoutSeconds, 1, 4000);
  if (props.accessLogRetentionDays !== undefined) requireIntegerInRange(owner, 'accessLogRetentionDays', props.accessLogRetentionDays, 1, 3650);
  if (!isToken(props.certificateArn) && !/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[\w-]+$/.test(props.certificateArn)) {
    throw new Error(`${owner}: certificateArn "${props.certificateArn}" is not an ACM certificate ARN; expected arn:aws:acm:<region>:<account>:certificate/<id>.`);
  }
  if (props.sslPolicy !== undefined && !/^ELBSecurityPolicy-TLS13-/.test(props.sslPolicy)) {
    throw new Error(`${owner}: sslPolicy "${props.sslPolicy}" does not offer TLS 1.3; expected an ELBSecurityPolicy-TLS13-* policy.`);
  }
  validateTestListener(owner, props.testListenerPort, props.testListenerIngressCidrs);
  requireBucketName(owner, 'accessLogsBucketName', props.accessLogsBucketName);
  if (props.clientCertificates) {
    const pem = props.clientCertificates.caCertificatesPem;
    if (isToken(pem) || !/^\s*(-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----\s*)+$/.test(pem)) {
      throw new Error(
        `${owner}: clientCertificates.caCertificatesPem is not a PEM bundle of certificates; expected one or more literal -----BEGIN CERTIFICATE----- blocks and nothing else (never a private key).`,
      );
    }
    requireBucketName(owner, 'clientCertificates.bucketName', props.clientCertificates.bucketName);
  }
}

function requireBucketName(owner: string, field: string, name: string | undefined): void {
  if (name !== undefined && !isToken(name) && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name)) {
    throw new Error(`${owner}: ${field} "${name}" is not a valid S3 bucket name; expected 3-63 lower-case letters, digits, dots and hyphens.`);
  }
}

function validateTargetGroup(owner: string, name: string, options: AlbTargetGroupOptions): void {
  if (!isToken(name) && !/^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,30}[a-zA-Z0-9])?$/.test(name)) {
    throw new Error(
      `${owner}: name "${name}" is not a valid target group name; expected 1-32 letters, digits and hyphens, not starting or ending with a hyphen (pass a shorter \`name\`).`,
    );
  }
  requireIntegerInRange(owner, 'port', options.port, 1, 65535);
  if (!isToken(options.healthCheckPath) && !/^\/\S{0,1023}$/.test(options.healthCheckPath)) {
    throw new Error(`${owner}: healthCheckPath "${options.healthCheckPath}" is not a path; expected one starting with "/", e.g. /health.`);
  }
  const matcher = options.matcher ?? '200';
  if (!/^(?:[2-4]\d\d(?:-[2-4]\d\d)?)(?:,[2-4]\d\d(?:-[2-4]\d\d)?)*$/.test(matcher)) {
    throw new Error(`${owner}: matcher "${matcher}" is not a list of HTTP codes; expected e.g. "200", "200,204" or "200-299".`);
  }
  if (options.deregistrationDelaySeconds !== undefined) requireIntegerInRange(owner, 'deregistrationDelaySeconds', options.deregistrationDelaySeconds, 0, 3600);
  const interval = options.healthCheckIntervalSeconds ?? 15;
  const timeout = options.healthCheckTimeoutSeconds ?? 5;
  requireIntegerInRange(owner, 'healthCheckIntervalSeconds', interval, 5, 300);
  requireIntegerInRange(owner, 'healthCheckTimeoutSeconds', timeout, 2, 120);
  if (timeout >= interval) {
    throw new Error(`${owner}: healthCheckTimeoutSeconds (${timeout}) is not below healthCheckIntervalSeconds (${interval}); expected a timeout shorter than the interval.`);
  }
  if (options.healthyThreshold !== undefined) requireIntegerInRange(owner, 'healthyThreshold', options.healthyThreshold, 2, 10);
  if (options.unhealthyThreshold !== undefined) requireIntegerInRange(owner, 'unhealthyThreshold', options.unhealthyThreshold, 2, 10);
  const slowStart = options.slowStartSeconds ?? 0;
  if (slowStart !== 0) requireIntegerInRange(owner, 'slowStartSeconds', slowStart, 30, 900);
}

/** Host header values as ALB accepts them: up to 128 characters of a-z, 0-9, `-_.*?`, a dot, letters after the last dot. */
function validateHosts(owner: string, hosts: string[]): string[] {
  if (hosts.length === 0) throw new Error(`${owner}: hosts is empty; expected 1-${MAX_HOSTS_PER_RULE} host names.`);
  if (hosts.length > MAX_HOSTS_PER_RULE) {
    throw new Error(`${owner}: hosts has ${hosts.length} names; an ALB host-header condition takes at most ${MAX_HOSTS_PER_RULE}, so split them over several routes.`);
  }
  const normalised = hosts.map((host) => (isToken(host) ? host : host.toLowerCase()));
  normalised.forEach((host, index) => {
    if (isToken(host)) return;
    if (host.length > 128 || !/^[a-z0-9\-_.*?]+\.[a-z]+$/.test(host)) {
      throw new Error(`${owner}: host "${hosts[index]}" is not a valid host header value; expected a name like app.example.com (wildcards * and ? allowed).`);
    }
  });
  if (new Set(normalised).size !== normalised.length) throw new Error(`${owner}: hosts lists a name twice; expected each host once.`);
  return normalised;
}
