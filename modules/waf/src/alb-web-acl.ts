import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Wafv2WebAcl, type Wafv2WebAclRule } from '@cdktf/provider-aws/lib/wafv2-web-acl';
import { Wafv2WebAclAssociation } from '@cdktf/provider-aws/lib/wafv2-web-acl-association';
import { Wafv2WebAclLoggingConfiguration } from '@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import pkg from '../package.json';

/** The AWS managed rule groups applied when `managedRuleGroups` is not given, in this order. */
export const DEFAULT_MANAGED_RULE_GROUPS = ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesSQLiRuleSet'] as const;

/** A per-client request limit on some hosts (`AlbWebAclProps.rateLimit`). */
export interface AlbWebAclRateLimit {
  /** Host header values the limit applies to, e.g. the API's hostname (1–10, exact, case-insensitive). */
  readonly hosts: string[];
  /** Requests one client may send to those hosts within `windowSeconds` before it gets 429s (10–2,000,000,000). */
  readonly requestsPerWindow: number;
  /**
   * Evaluation window: 60, 120, 300 or 600 seconds.
   * @default 300
   */
  readonly windowSeconds?: 60 | 120 | 300 | 600;
}

export interface AlbWebAclProps {
  /** Web ACL name: 1–128 letters, digits, `-` and `_`. Also names its log group `aws-waf-logs-<name>`. */
  readonly name: string;
  /** The Application Load Balancer to protect. */
  readonly loadBalancerArn: string;
  /**
   * AWS managed rule groups (vendor AWS), evaluated in this order before the rate limit.
   * @default DEFAULT_MANAGED_RULE_GROUPS (Common, Known bad inputs, SQL injection)
   */
  readonly managedRuleGroups?: readonly string[];
  /**
   * A per-client rate limit on some hosts; clients over it get 429 until they slow down.
   * @default none
   */
  readonly rateLimit?: AlbWebAclRateLimit;
  /**
   * Header carrying the real client address when a proxy sits in front of the load balancer
   * (e.g. `CF-Connecting-IP` behind Cloudflare): the rate limit counts per value of that header
   * instead of per source address, which would be the proxy's. Requests without it are counted
   * together.
   * @default none (per source address)
   */
  readonly clientIpHeader?: string;
  /** KMS key of the log group (its key policy must let CloudWatch Logs use it). */
  readonly logKmsKeyArn: string;
  /**
   * Days the WAF logs are kept.
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * Request headers replaced by `REDACTED` in the logs.
   * @default ['authorization', 'cookie']
   */
  readonly redactedHeaders?: string[];
}

const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/**
 * A regional AWS WAF web ACL on an Application Load Balancer: AWS managed rule groups (by
 * default Common, Known bad inputs and SQL injection) in block mode, an optional per-client rate
 * limit on chosen hosts answering 429, everything else allowed; CloudWatch metrics and sampled
 * requests per rule; full logs to an encrypted CloudWatch log group, credentials redacted.
 */
export class AlbWebAcl extends Construct {
  readonly webAclArn: string;
  readonly logGroupName: string;

  constructor(scope: Construct, id: string, props: AlbWebAclProps) {
    super(scope, id);
    this.node.addMetadata('lq3:module', { name: pkg.name, version: pkg.version });
    const owner = `AlbWebAcl "${id}"`;
    validate(owner, props);
    const metric = (suffix: string) => `${props.name}-${suffix}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 128);
    const visibility = (suffix: string) => ({ cloudwatchMetricsEnabled: true, metricName: metric(suffix), sampledRequestsEnabled: true });

    const groups = props.managedRuleGroups ?? DEFAULT_MANAGED_RULE_GROUPS;
    const rules: Wafv2WebAclRule[] = groups.map((group, index) => ({
      name: group,
      priority: (index + 1) * 10,
      overrideAction: { none: {} },
      // The statement schema is recursive; cdktf types it as `any`, so it is written as Terraform JSON.
      statement: { managed_rule_group_statement: { name: group, vendor_name: 'AWS' } },
      visibilityConfig: visibility(group),
    }));
    if (props.rateLimit) {
      const { hosts, requestsPerWindow, windowSeconds = 300 } = props.rateLimit;
      const hostMatches = hosts.map((host) => ({
        byte_match_statement: {
          field_to_match: { single_header: { name: 'host' } },
          positional_constraint: 'EXACTLY',
          search_string: host.toLowerCase(),
          text_transformation: [{ priority: 0, type: 'LOWERCASE' }],
        },
      }));
      rules.push({
        name: 'rate-limit',
        priority: (groups.length + 1) * 10,
        action: { block: { customResponse: { responseCode: 429 } } },
        statement: {
          rate_based_statement: {
            limit: requestsPerWindow,
            evaluation_window_sec: windowSeconds,
            ...(props.clientIpHeader
              ? { aggregate_key_type: 'FORWARDED_IP', forwarded_ip_config: { header_name: props.clientIpHeader, fallback_behavior: 'MATCH' } }
              : { aggregate_key_type: 'IP' }),
            scope_down_statement: hostMatches.length === 1 ? hostMatches[0] : { or_statement: { statement: hostMatches } },
          },
        },
        visibilityConfig: visibility('rate-limit'),
      });
    }

    const acl = new Wafv2WebAcl(this, 'web-acl', {
      name: props.name,
      description: `${props.name}: AWS managed rules${props.rateLimit ? ' and a per-client rate limit' : ''}`,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      rule: rules,
      visibilityConfig: visibility('web-acl'),
    });
    this.webAclArn = acl.arn;
    new Wafv2WebAclAssociation(this, 'association', { resourceArn: props.loadBalancerArn, webAclArn: acl.arn });

    // WAF delivers only to log groups whose name starts with aws-waf-logs-.
    const logs = new CloudwatchLogGroup(this, 'logs', {
      name: `aws-waf-logs-${props.name}`,
      retentionInDays: props.logRetentionDays ?? 365,
      kmsKeyId: props.logKmsKeyArn,
    });
    this.logGroupName = logs.name;
    new Wafv2WebAclLoggingConfiguration(this, 'logging', {
      resourceArn: acl.arn,
      logDestinationConfigs: [logs.arn],
      redactedFields: (props.redactedHeaders ?? ['authorization', 'cookie']).map((name) => ({ singleHeader: { name: name.toLowerCase() } })),
    });
  }
}

function validate(owner: string, props: AlbWebAclProps): void {
  if (!/^[A-Za-z0-9_-]{1,114}$/.test(props.name)) {
    throw new Error(`${owner}: name "${props.name}" is not a web ACL name; expected 1-114 letters, digits, - and _ (the log group aws-waf-logs-<name> allows no more).`);
  }
  if (!Token.isUnresolved(props.loadBalancerArn) && !/^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:loadbalancer\/app\//.test(props.loadBalancerArn)) {
    throw new Error(`${owner}: loadBalancerArn "${props.loadBalancerArn}" is not an Application Load Balancer ARN.`);
  }
  const groups = props.managedRuleGroups ?? DEFAULT_MANAGED_RULE_GROUPS;
  if (groups.length === 0) throw new Error(`${owner}: managedRuleGroups is empty; a web ACL without rule groups only costs money.`);
  for (const group of groups) if (!/^AWSManagedRules[A-Za-z0-9]+$/.test(group)) throw new Error(`${owner}: managedRuleGroups entry "${group}" is not an AWS managed rule group name (AWSManagedRules...).`);
  if (new Set(groups).size !== groups.length) throw new Error(`${owner}: managedRuleGroups lists a group twice.`);
  if (props.rateLimit) {
    const { hosts, requestsPerWindow, windowSeconds = 300 } = props.rateLimit;
    if (hosts.length === 0 || hosts.length > 10) throw new Error(`${owner}: rateLimit.hosts has ${hosts.length} entries; expected 1-10 host names.`);
    for (const host of hosts) if (!/^([a-z0-9-]+\.)+[a-z]{2,63}$/i.test(host)) throw new Error(`${owner}: rateLimit.hosts entry "${host}" is not a host name.`);
    if (!Number.isInteger(requestsPerWindow) || requestsPerWindow < 10 || requestsPerWindow > 2_000_000_000) {
      throw new Error(`${owner}: rateLimit.requestsPerWindow ${requestsPerWindow} is out of range; expected an integer from 10 to 2000000000.`);
    }
    if (![60, 120, 300, 600].includes(windowSeconds)) throw new Error(`${owner}: rateLimit.windowSeconds ${windowSeconds} is not one of 60, 120, 300, 600.`);
  }
  if (props.clientIpHeader !== undefined && !/^[A-Za-z0-9-]{1,255}$/.test(props.clientIpHeader)) throw new Error(`${owner}: clientIpHeader "${props.clientIpHeader}" is not a header name.`);
  if (props.logRetentionDays !== undefined && !LOG_RETENTION_DAYS.includes(props.logRetentionDays)) {
    throw new Error(`${owner}: logRetentionDays ${props.logRetentionDays} is not a CloudWatch Logs retention period (${LOG_RETENTION_DAYS.join(', ')}).`);
  }
  if (!Token.isUnresolved(props.logKmsKeyArn) && !/^arn:aws[a-z-]*:kms:/.test(props.logKmsKeyArn)) throw new Error(`${owner}: logKmsKeyArn "${props.logKmsKeyArn}" is not a KMS key ARN.`);
}
