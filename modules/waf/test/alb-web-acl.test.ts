import { AlbWebAcl, type AlbWebAclProps, DEFAULT_MANAGED_RULE_GROUPS } from '../src';
import pkg from '../package.json';
import { type Json, newStack, single, synth } from './helpers';

const ALB = 'arn:aws:elasticloadbalancing:eu-central-1:222222222222:loadbalancer/app/lq3-production01/0123456789abcdef';
const KEY = 'arn:aws:kms:eu-central-1:222222222222:key/0f6b1c1e-1111-2222-3333-444455556666';

function props(overrides: Partial<AlbWebAclProps> = {}): AlbWebAclProps {
  return { name: 'lq3-production01', loadBalancerArn: ALB, logKmsKeyArn: KEY, ...overrides };
}

function build(overrides: Partial<AlbWebAclProps> = {}): Json {
  const { stack } = newStack();
  new AlbWebAcl(stack, 'waf', props(overrides));
  return synth(stack);
}

const rulesOf = (json: Json): Json[] => single(json, 'aws_wafv2_web_acl').rule;

describe('AlbWebAcl', () => {
  const json = build({ rateLimit: { hosts: ['API.example.com'], requestsPerWindow: 2000 }, clientIpHeader: 'CF-Connecting-IP' });

  it('is a regional web ACL that allows what no rule blocks, with metrics and samples', () => {
    expect(single(json, 'aws_wafv2_web_acl')).toMatchObject({
      name: 'lq3-production01',
      scope: 'REGIONAL',
      default_action: { allow: {} },
      visibility_config: { cloudwatch_metrics_enabled: true, sampled_requests_enabled: true, metric_name: 'lq3-production01-web-acl' },
    });
  });

  it('applies the AWS managed Common, Known bad inputs and SQL injection rule groups, in block mode, in that order', () => {
    const managed = rulesOf(json).filter((rule) => rule.statement.managed_rule_group_statement);
    expect(managed.map((rule) => [rule.priority, rule.statement.managed_rule_group_statement])).toEqual([
      [10, { name: 'AWSManagedRulesCommonRuleSet', vendor_name: 'AWS' }],
      [20, { name: 'AWSManagedRulesKnownBadInputsRuleSet', vendor_name: 'AWS' }],
      [30, { name: 'AWSManagedRulesSQLiRuleSet', vendor_name: 'AWS' }],
    ]);
    // `none` keeps each group's own block actions; `count` would only watch.
    for (const rule of managed) expect(rule.override_action).toEqual({ none: {} });
    expect(DEFAULT_MANAGED_RULE_GROUPS).toHaveLength(3);
  });

  it('rate-limits each client on the given host only, by the forwarded client address, with 429', () => {
    const rate = rulesOf(json).find((rule) => rule.name === 'rate-limit');
    expect(rate).toMatchObject({ priority: 40, action: { block: { custom_response: { response_code: 429 } } } });
    expect(rate.statement.rate_based_statement).toEqual({
      limit: 2000,
      evaluation_window_sec: 300,
      aggregate_key_type: 'FORWARDED_IP',
      forwarded_ip_config: { header_name: 'CF-Connecting-IP', fallback_behavior: 'MATCH' },
      scope_down_statement: {
        byte_match_statement: {
          field_to_match: { single_header: { name: 'host' } },
          positional_constraint: 'EXACTLY',
          search_string: 'api.example.com',
          text_transformation: [{ priority: 0, type: 'LOWERCASE' }],
        },
      },
    });
  });

  it('counts per source address without a client address header, and ORs several hosts', () => {
    const rate = rulesOf(build({ rateLimit: { hosts: ['a.example.com', 'b.example.com'], requestsPerWindow: 100, windowSeconds: 60 } })).find((rule) => rule.name === 'rate-limit');
    expect(rate.statement.rate_based_statement).toMatchObject({ aggregate_key_type: 'IP', evaluation_window_sec: 60, limit: 100 });
    expect(rate.statement.rate_based_statement.scope_down_statement.or_statement.statement).toHaveLength(2);
  });

  it('protects the load balancer and logs to an encrypted aws-waf-logs- group, credentials redacted', () => {
    expect(single(json, 'aws_wafv2_web_acl_association')).toEqual({ resource_arn: ALB, web_acl_arn: expect.stringMatching(/^\$\{aws_wafv2_web_acl\..+\.arn\}$/) });
    expect(single(json, 'aws_cloudwatch_log_group')).toEqual({ name: 'aws-waf-logs-lq3-production01', retention_in_days: 365, kms_key_id: KEY });
    expect(single(json, 'aws_wafv2_web_acl_logging_configuration')).toEqual({
      resource_arn: expect.stringMatching(/^\$\{aws_wafv2_web_acl\..+\.arn\}$/),
      log_destination_configs: [expect.stringMatching(/^\$\{aws_cloudwatch_log_group\..+\.arn\}$/)],
      redacted_fields: [{ single_header: { name: 'authorization' } }, { single_header: { name: 'cookie' } }],
    });
  });

  it('takes other rule groups and no rate limit', () => {
    const rules = rulesOf(build({ managedRuleGroups: ['AWSManagedRulesAmazonIpReputationList'] }));
    expect(rules.map((rule) => rule.name)).toEqual(['AWSManagedRulesAmazonIpReputationList']);
  });

  it('announces the module version once', () => {
    const { stack } = newStack();
    const waf = new AlbWebAcl(stack, 'waf', props());
    expect(waf.node.metadata.filter((m) => m.type === 'lq3:module').map((m) => m.data)).toEqual([{ name: '@lq3/waf', version: pkg.version }]);
  });

  it.each<[string, Partial<AlbWebAclProps>, RegExp]>([
    ['a bad name', { name: 'lq3 production' }, /name "lq3 production" is not a web ACL name/],
    ['a target that is not an ALB', { loadBalancerArn: 'arn:aws:elasticloadbalancing:eu-central-1:222222222222:loadbalancer/net/x/1' }, /is not an Application Load Balancer ARN/],
    ['no rule groups', { managedRuleGroups: [] }, /managedRuleGroups is empty/],
    ['a rule group that is not AWS managed', { managedRuleGroups: ['MyRules'] }, /"MyRules" is not an AWS managed rule group/],
    ['no rate-limited host', { rateLimit: { hosts: [], requestsPerWindow: 100 } }, /rateLimit.hosts has 0 entries/],
    ['a limit below 10', { rateLimit: { hosts: ['api.example.com'], requestsPerWindow: 5 } }, /rateLimit.requestsPerWindow 5 is out of range/],
    ['a window AWS does not offer', { rateLimit: { hosts: ['api.example.com'], requestsPerWindow: 100, windowSeconds: 30 as 60 } }, /windowSeconds 30 is not one of/],
    ['a bad header name', { clientIpHeader: 'CF Connecting IP' }, /clientIpHeader "CF Connecting IP" is not a header name/],
    ['a retention CloudWatch does not offer', { logRetentionDays: 100 }, /logRetentionDays 100 is not a CloudWatch Logs retention period/],
  ])('refuses %s', (_what, overrides, message) => {
    const { stack } = newStack();
    expect(() => new AlbWebAcl(stack, 'waf', props(overrides))).toThrow(message);
  });
});
