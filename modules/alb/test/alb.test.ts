import { DataAwsSubnets } from '@cdktf/provider-aws/lib/data-aws-subnets';
import { Token } from 'cdktf';
import { Alb, type AlbProps } from '../src';
import pkg from '../package.json';
import { type Json, newStack, ofType, single, synth } from './helpers';

const CERT = 'arn:aws:acm:eu-central-1:123456789012:certificate/0f6b1c1e-1111-2222-3333-444455556666';

function baseProps(overrides: Partial<AlbProps> = {}): AlbProps {
  return {
    name: 'lq3-test-edge',
    vpcId: 'vpc-0123456789abcdef0',
    vpcCidr: '10.20.0.0/16',
    subnetIds: ['subnet-aaaa', 'subnet-bbbb'],
    ingressCidrs: ['173.245.48.0/20', '103.21.244.0/22'],
    certificateArn: CERT,
    ...overrides,
  };
}

function build(overrides: Partial<AlbProps> = {}, extend?: (alb: Alb) => void): Json {
  const { stack } = newStack();
  const alb = new Alb(stack, 'alb', baseProps(overrides));
  extend?.(alb);
  return synth(stack);
}

function expectError(overrides: Partial<AlbProps>, message: RegExp): void {
  const { stack } = newStack();
  expect(() => new Alb(stack, 'alb', baseProps(overrides))).toThrow(message);
}

function listener(json: Json, port: number): Json {
  return ofType(json, 'aws_lb_listener').find((l) => l.port === port);
}

function policyStatements(json: Json): Json[] {
  return single(json, 'aws_iam_policy_document', 'data').statement;
}

describe('Alb defaults', () => {
  const json = build();

  it('creates an internet-facing application load balancer with secure attributes', () => {
    const lb = single(json, 'aws_lb');
    expect(lb).toMatchObject({
      name: 'lq3-test-edge',
      load_balancer_type: 'application',
      internal: false,
      ip_address_type: 'ipv4',
      subnets: ['subnet-aaaa', 'subnet-bbbb'],
      drop_invalid_header_fields: true,
      enable_deletion_protection: false,
      idle_timeout: 60,
    });
    expect(lb.security_groups).toEqual([expect.stringMatching(/^\$\{aws_security_group\..+\.id\}$/)]);
  });

  it('redirects HTTP to HTTPS with a 301', () => {
    expect(listener(json, 80)).toMatchObject({
      protocol: 'HTTP',
      default_action: [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' } }],
    });
  });

  it('serves HTTPS with the TLS 1.3 policy, the given certificate and a fixed 404 default', () => {
    expect(listener(json, 443)).toMatchObject({
      protocol: 'HTTPS',
      ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      certificate_arn: CERT,
      default_action: [{ type: 'fixed-response', fixed_response: { status_code: '404', content_type: 'text/plain' } }],
    });
    expect(listener(json, 443).tags).toBeUndefined();
  });

  it('admits only 443 and 80 from the ingress CIDRs, one rule per CIDR', () => {
    const rules = ofType(json, 'aws_vpc_security_group_ingress_rule');
    expect(rules.map((r) => r.from_port).sort()).toEqual([443, 80]);
    for (const rule of rules) {
      expect(rule).toMatchObject({ ip_protocol: 'tcp', cidr_ipv4: '${each.value}' });
      expect(rule.to_port).toBe(rule.from_port);
      expect(rule.for_each).toBe('${toset(["173.245.48.0/20", "103.21.244.0/22"])}');
      expect(rule.cidr_ipv6).toBeUndefined();
    }
  });

  it('has no egress until a target group needs it', () => {
    expect(ofType(json, 'aws_vpc_security_group_egress_rule')).toHaveLength(0);
    expect(single(json, 'aws_security_group').egress).toBeUndefined();
  });

  it('replaces its security group before destroying the old one', () => {
    const sg = single(json, 'aws_security_group');
    expect(sg.name_prefix).toBe('lq3-test-edge-alb-');
    expect(sg.lifecycle).toEqual({ create_before_destroy: true });
  });

  it('logs to a private, encrypted, expiring bucket and waits for its policy', () => {
    const lb = single(json, 'aws_lb');
    expect(lb.access_logs).toEqual({ bucket: expect.stringMatching(/aws_s3_bucket\..+\.bucket/), enabled: true });
    expect(lb.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_s3_bucket_policy\./)]));

    const bucket = single(json, 'aws_s3_bucket');
    expect(bucket.bucket).toMatch(/^lq3-test-edge-alb-logs-\$\{data\.aws_caller_identity\..+\.account_id\}$/);
    expect(bucket.force_destroy).toBe(false);
    expect(single(json, 'aws_s3_bucket_public_access_block')).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(single(json, 'aws_s3_bucket_ownership_controls').rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
    expect(single(json, 'aws_s3_bucket_server_side_encryption_configuration').rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } },
    ]);
    expect(single(json, 'aws_s3_bucket_lifecycle_configuration').rule[0]).toMatchObject({
      status: 'Enabled',
      filter: [{}],
      expiration: [{ days: 90 }],
      noncurrent_version_expiration: [{ noncurrent_days: 1 }],
    });
    expect(single(json, 'aws_s3_bucket_versioning').versioning_configuration).toEqual({ status: 'Enabled' });
  });

  it('lets ELB log delivery (service principal and regional account) write only under AWSLogs/<account>, over TLS', () => {
    const statements = policyStatements(json);
    const service = statements.find((s) => s.sid === 'ElbLogDelivery');
    expect(service).toMatchObject({
      effect: 'Allow',
      actions: ['s3:PutObject'],
      principals: [{ type: 'Service', identifiers: ['logdelivery.elasticloadbalancing.amazonaws.com'] }],
    });
    expect(service.resources[0]).toMatch(/\/AWSLogs\/\$\{data\.aws_caller_identity\..+\.account_id\}\/\*$/);
    const regional = statements.find((s) => s.sid === 'RegionalElbAccountLogDelivery');
    expect(regional.principals).toEqual([{ type: 'AWS', identifiers: [expect.stringMatching(/data\.aws_elb_service_account\..+\.arn/)] }]);
    expect(statements.find((s) => s.sid === 'DenyInsecureTransport')).toMatchObject({
      effect: 'Deny',
      condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
    });
  });

  it('announces the module version once', () => {
    const { stack } = newStack();
    const alb = new Alb(stack, 'alb', baseProps());
    expect(alb.node.metadata.filter((m) => m.type === 'lq3:module').map((m) => m.data)).toEqual([{ name: '@lq3/alb', version: pkg.version }]);
  });

  it('exposes typed outputs as references', () => {
    const { stack } = newStack();
    const alb = new Alb(stack, 'alb', baseProps());
    for (const value of [alb.albArn, alb.arnSuffix, alb.dnsName, alb.zoneId, alb.securityGroupId, alb.httpsListenerArn, alb.httpListenerArn, alb.accessLogsBucketName]) {
      expect(Token.isUnresolved(value)).toBe(true);
    }
  });
});

describe('Alb options', () => {
  it('applies deletion protection, idle timeout, TLS policy and log settings', () => {
    const json = build({
      deletionProtection: true,
      idleTimeoutSeconds: 300,
      sslPolicy: 'ELBSecurityPolicy-TLS13-1-3-2021-06',
      accessLogRetentionDays: 30,
      accessLogsBucketName: 'my-alb-logs',
      accessLogsForceDestroy: true,
      tags: { Team: 'web' },
    });
    expect(single(json, 'aws_lb')).toMatchObject({ enable_deletion_protection: true, idle_timeout: 300, tags: { Team: 'web', Name: 'lq3-test-edge' } });
    expect(listener(json, 443)).toMatchObject({ ssl_policy: 'ELBSecurityPolicy-TLS13-1-3-2021-06', tags: { Team: 'web' } });
    expect(single(json, 'aws_security_group').tags).toEqual({ Team: 'web', Name: 'lq3-test-edge-alb' });
    expect(single(json, 'aws_s3_bucket')).toMatchObject({ bucket: 'my-alb-logs', force_destroy: true });
    expect(single(json, 'aws_s3_bucket_lifecycle_configuration').rule[0].expiration).toEqual([{ days: 30 }]);
  });

  it('grants only the service principal when the regional ELB account grant is off', () => {
    const json = build({ grantRegionalElbAccount: false });
    expect(ofType(json, 'aws_elb_service_account', 'data')).toHaveLength(0);
    expect(policyStatements(json).map((s) => s.sid)).toEqual(['ElbLogDelivery', 'DenyInsecureTransport']);
  });

  it('adds IPv6 ingress on a dualstack load balancer', () => {
    const json = build({ ipAddressType: 'dualstack', ingressIpv6Cidrs: ['2400:cb00::/32'] });
    expect(single(json, 'aws_lb').ip_address_type).toBe('dualstack');
    const ipv6 = ofType(json, 'aws_vpc_security_group_ingress_rule').filter((r) => r.cidr_ipv6);
    expect(ipv6.map((r) => r.from_port).sort()).toEqual([443, 80]);
    expect(ipv6[0].for_each).toBe('${toset(["2400:cb00::/32"])}');
  });

  it('accepts ingress CIDRs that Terraform resolves (e.g. a data source list)', () => {
    const { stack } = newStack();
    const ranges = new DataAwsSubnets(stack, 'stand-in', {});
    new Alb(stack, 'alb', baseProps({ ingressCidrs: ranges.ids }));
    const rule = ofType(synth(stack), 'aws_vpc_security_group_ingress_rule')[0];
    expect(rule.for_each).toMatch(/^\$\{toset\(data\.aws_subnets\.stand-in\.ids\)\}$/);
  });
});

describe('Alb.addTargetGroup', () => {
  it('creates an ip target group with health check defaults and opens egress to its port in the VPC', () => {
    const json = build({}, (alb) => alb.addTargetGroup('api', { port: 8080, healthCheckPath: '/health' }));
    expect(single(json, 'aws_lb_target_group')).toMatchObject({
      name: 'lq3-test-edge-api',
      target_type: 'ip',
      port: 8080,
      protocol: 'HTTP',
      vpc_id: 'vpc-0123456789abcdef0',
      deregistration_delay: '30',
      slow_start: 0,
      health_check: { path: '/health', matcher: '200', interval: 15, timeout: 5, healthy_threshold: 3, unhealthy_threshold: 3, port: 'traffic-port' },
    });
    expect(single(json, 'aws_vpc_security_group_egress_rule')).toMatchObject({ ip_protocol: 'tcp', from_port: 8080, to_port: 8080, cidr_ipv4: '10.20.0.0/16' });
  });

  it('applies the given health check, delay and name, and shares one egress rule per port', () => {
    const json = build({}, (alb) => {
      alb.addTargetGroup('blue', {
        name: 'api-blue',
        port: 80,
        healthCheckPath: '/status',
        matcher: '200-299',
        deregistrationDelaySeconds: 0,
        healthCheckIntervalSeconds: 30,
        healthCheckTimeoutSeconds: 10,
        healthyThreshold: 2,
        unhealthyThreshold: 5,
        slowStartSeconds: 60,
      });
      alb.addTargetGroup('green', { name: 'api-green', port: 80, healthCheckPath: '/status' });
    });
    const blue = ofType(json, 'aws_lb_target_group').find((tg) => tg.name === 'api-blue');
    expect(blue).toMatchObject({
      deregistration_delay: '0',
      slow_start: 60,
      health_check: { path: '/status', matcher: '200-299', interval: 30, timeout: 10, healthy_threshold: 2, unhealthy_threshold: 5 },
    });
    expect(ofType(json, 'aws_vpc_security_group_egress_rule')).toHaveLength(1);
  });

  it('returns the target group as typed references', () => {
    const { stack } = newStack();
    const alb = new Alb(stack, 'alb', baseProps());
    const tg = alb.addTargetGroup('api', { port: 8080, healthCheckPath: '/health' });
    expect(tg.name).toBe('lq3-test-edge-api');
    expect(tg.port).toBe(8080);
    expect(Token.isUnresolved(tg.arn) && Token.isUnresolved(tg.arnSuffix)).toBe(true);
  });
});

describe('Alb.addHostRoute', () => {
  it('forwards matching hosts from the HTTPS listener without ignoring action changes', () => {
    const json = build({}, (alb) => {
      const tg = alb.addTargetGroup('api', { port: 8080, healthCheckPath: '/health' });
      alb.addHostRoute('api', { hosts: ['API.example.com'], targetGroupArn: tg.arn, priority: 10 });
    });
    const rule = single(json, 'aws_lb_listener_rule');
    expect(rule.listener_arn).toMatch(/aws_lb_listener\.alb_https_.+\.arn/);
    expect(rule).toMatchObject({
      priority: 10,
      condition: [{ host_header: { values: ['api.example.com'] } }],
      action: [{ type: 'forward', target_group_arn: expect.stringMatching(/aws_lb_target_group\..+\.arn/) }],
    });
    expect(rule.lifecycle).toBeUndefined();
  });

  it('forwards weighted to both target groups and ignores action changes for ECS blue/green', () => {
    const json = build({}, (alb) => {
      const blue = alb.addTargetGroup('blue', { port: 80, healthCheckPath: '/' });
      const green = alb.addTargetGroup('green', { port: 80, healthCheckPath: '/' });
      alb.addHostRoute('app', { hosts: ['app.example.com', 'www.example.com'], targetGroupArn: blue.arn, alternateTargetGroupArn: green.arn, priority: 20 });
    });
    const rule = single(json, 'aws_lb_listener_rule');
    expect(rule.action[0].forward.target_group.map((t: Json) => t.weight)).toEqual([100, 0]);
    expect(rule.lifecycle).toEqual({ ignore_changes: ['action'] });
  });

  it('lets callers choose whether action changes are ignored', () => {
    const json = build({}, (alb) => {
      alb.addHostRoute('ignored', { hosts: ['a.example.com'], targetGroupArn: 'arn:tg:a', priority: 1, ignoreActionChanges: true });
      alb.addHostRoute('managed', { hosts: ['b.example.com'], targetGroupArn: 'arn:tg:b', alternateTargetGroupArn: 'arn:tg:c', priority: 2, ignoreActionChanges: false });
    });
    const rules = ofType(json, 'aws_lb_listener_rule');
    expect(rules.find((r) => r.priority === 1).lifecycle).toEqual({ ignore_changes: ['action'] });
    expect(rules.find((r) => r.priority === 2).lifecycle).toBeUndefined();
  });

  it('returns the rule ARN for ECS blue/green', () => {
    const { stack } = newStack();
    const alb = new Alb(stack, 'alb', baseProps());
    const route = alb.addHostRoute('api', { hosts: ['api.example.com'], targetGroupArn: 'arn:tg', priority: 5 });
    expect(Token.isUnresolved(route.ruleArn)).toBe(true);
    expect(route).toMatchObject({ priority: 5, hosts: ['api.example.com'] });
  });
});

describe('Alb validation', () => {
  it.each([
    ['an invalid name', { name: '-bad-' }, /name "-bad-" is not a valid load balancer name/],
    ['a name longer than 32 characters', { name: 'a'.repeat(33) }, /not a valid load balancer name/],
    ['a single subnet', { subnetIds: ['subnet-aaaa'] }, /at least two Availability Zones/],
    ['a repeated subnet', { subnetIds: ['subnet-aaaa', 'subnet-aaaa'] }, /lists a subnet twice/],
    ['an invalid VPC CIDR', { vpcCidr: '10.0.0.0/33' }, /vpcCidr "10.0.0.0\/33" is not an IPv4 CIDR/],
    ['an empty ingress list', { ingressCidrs: [] }, /ingressCidrs is empty/],
    ['an invalid ingress CIDR', { ingressCidrs: ['not-a-cidr'] }, /ingressCidrs entry "not-a-cidr" is not an IPv4 CIDR/],
    ['an ingress CIDR with host bits', { ingressCidrs: ['173.245.48.1/20'] }, /has host bits set/],
    ['a repeated ingress CIDR', { ingressCidrs: ['1.2.3.0/24', '1.2.3.0/24'] }, /lists "1.2.3.0\/24" twice/],
    ['IPv6 ingress on an IPv4-only load balancer', { ingressIpv6Cidrs: ['2400:cb00::/32'] }, /set ipAddressType to 'dualstack'/],
    ['an invalid IPv6 CIDR', { ipAddressType: 'dualstack', ingressIpv6Cidrs: ['2400:cb00::1/32'] }, /has host bits set/],
    ['an IPv4 CIDR among IPv6 ones', { ipAddressType: 'dualstack', ingressIpv6Cidrs: ['10.0.0.0/8'] }, /is not an IPv6 CIDR/],
    ['a zero idle timeout', { idleTimeoutSeconds: 0 }, /idleTimeoutSeconds is 0; expected an integer from 1 to 4000/],
    ['a too long idle timeout', { idleTimeoutSeconds: 4001 }, /idleTimeoutSeconds is 4001/],
    ['a zero log retention', { accessLogRetentionDays: 0 }, /accessLogRetentionDays is 0/],
    ['a certificate ARN that is not ACM', { certificateArn: 'arn:aws:iam::123456789012:server-certificate/x' }, /is not an ACM certificate ARN/],
    ['a TLS policy without TLS 1.3', { sslPolicy: 'ELBSecurityPolicy-2016-08' }, /does not offer TLS 1.3/],
    ['an invalid bucket name', { accessLogsBucketName: 'Bad_Bucket' }, /is not a valid S3 bucket name/],
  ] as [string, Partial<AlbProps>, RegExp][])('rejects %s', (_case, overrides, message) => {
    expectError(overrides, message);
  });

  function withAlb(action: (alb: Alb) => void): () => void {
    const { stack } = newStack();
    const alb = new Alb(stack, 'alb', baseProps());
    return () => action(alb);
  }

  it.each([
    ['a target group name over 32 characters', { port: 80, healthCheckPath: '/', name: 'x'.repeat(33) }, /not a valid target group name/],
    ['a port of 0', { port: 0, healthCheckPath: '/' }, /port is 0; expected an integer from 1 to 65535/],
    ['a health check path without a leading slash', { port: 80, healthCheckPath: 'health' }, /healthCheckPath "health" is not a path/],
    ['a matcher that is not HTTP codes', { port: 80, healthCheckPath: '/', matcher: 'ok' }, /matcher "ok" is not a list of HTTP codes/],
    ['a deregistration delay over an hour', { port: 80, healthCheckPath: '/', deregistrationDelaySeconds: 3601 }, /deregistrationDelaySeconds is 3601/],
    ['a health check timeout not below the interval', { port: 80, healthCheckPath: '/', healthCheckIntervalSeconds: 10, healthCheckTimeoutSeconds: 10 }, /is not below healthCheckIntervalSeconds/],
    ['a healthy threshold of 1', { port: 80, healthCheckPath: '/', healthyThreshold: 1 }, /healthyThreshold is 1/],
    ['an unhealthy threshold of 11', { port: 80, healthCheckPath: '/', unhealthyThreshold: 11 }, /unhealthyThreshold is 11/],
    ['a slow start under 30 seconds', { port: 80, healthCheckPath: '/', slowStartSeconds: 10 }, /slowStartSeconds is 10/],
  ])('rejects a target group with %s', (_case, options, message) => {
    expect(withAlb((alb) => alb.addTargetGroup('tg', options))).toThrow(message);
  });

  it('rejects a default target group name that grows past 32 characters', () => {
    expect(withAlb((alb) => alb.addTargetGroup('a-rather-long-service', { port: 80, healthCheckPath: '/' }))).toThrow(/pass a shorter `name`/);
  });

  it('rejects two target groups with the same name', () => {
    expect(
      withAlb((alb) => {
        alb.addTargetGroup('one', { name: 'same', port: 80, healthCheckPath: '/' });
        alb.addTargetGroup('two', { name: 'same', port: 81, healthCheckPath: '/' });
      }),
    ).toThrow(/name "same" is already used by target group "one"/);
  });

  it.each([
    ['a priority of 0', { hosts: ['a.example.com'], priority: 0 }, /priority is 0; expected an integer from 1 to 50000/],
    ['a priority over 50000', { hosts: ['a.example.com'], priority: 50001 }, /priority is 50001/],
    ['a fractional priority', { hosts: ['a.example.com'], priority: 1.5 }, /priority is 1.5/],
    ['an empty host list', { hosts: [], priority: 1 }, /hosts is empty/],
    ['more than three hosts', { hosts: ['a.example.com', 'b.example.com', 'c.example.com', 'd.example.com'], priority: 1 }, /at most 3/],
    ['an invalid host', { hosts: ['no_dot'], priority: 1 }, /host "no_dot" is not a valid host header value/],
    ['a host listed twice', { hosts: ['a.example.com', 'A.example.com'], priority: 1 }, /lists a name twice/],
  ])('rejects a host route with %s', (_case, options, message) => {
    expect(withAlb((alb) => alb.addHostRoute('route', { targetGroupArn: 'arn:tg', ...options }))).toThrow(message);
  });

  it('rejects a priority already used on this load balancer', () => {
    expect(
      withAlb((alb) => {
        alb.addHostRoute('first', { hosts: ['a.example.com'], targetGroupArn: 'arn:tg', priority: 10 });
        alb.addHostRoute('second', { hosts: ['b.example.com'], targetGroupArn: 'arn:tg', priority: 10 });
      }),
    ).toThrow(/priority 10 is already used by host route "first"/);
  });

  it('rejects a host that another route already serves', () => {
    expect(
      withAlb((alb) => {
        alb.addHostRoute('first', { hosts: ['a.example.com'], targetGroupArn: 'arn:tg', priority: 10 });
        alb.addHostRoute('second', { hosts: ['a.example.com'], targetGroupArn: 'arn:tg', priority: 11 });
      }),
    ).toThrow(/host "a.example.com" is already routed by host route "first"/);
  });
});
