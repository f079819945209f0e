/**
 * The closed origin (ADR 0015): only Cloudflare's Authenticated Origin Pulls reach an ALB,
 * Access in front of staging and copies, AWS WAF and the zone's settings with the production
 * base env.
 */
import { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import { CLOUDFLARE_ORIGIN_PULL_CA_PEM } from '@lq3/cloudflare-zone';
import { ORGANISATION } from '../src';
import { resourcesOf, synthesizeProject, type StackJson } from '../src/testing';
import { baseEnv, copyEnv, envFile, productionEnv, type Config, tempWorkspace } from './helpers';
import { testRefusals } from './refusals';

type Json = Record<string, unknown>;

/** Stacks of a workspace with a staging base, a production base and a copy of each. */
let dependencies: Record<string, string[]> = {};

function synthAll(patch: { stage?: (env: Config) => void; prod?: (env: Config) => void } = {}): Record<string, StackJson> {
  const root = tempWorkspace({
    s: envFile({ stage: baseEnv('stage', patch.stage) }),
    p: envFile({ prod: productionEnv('prod', patch.prod) }),
    c: envFile({
      copy: copyEnv('copy', 'stage'),
      'pcopy': copyEnv('pcopy', 'prod', (env) => {
        env.account = 'production';
        env.officeHours = undefined;
      }),
    }),
  });
  const projects = ['s', 'p', 'c'].map((project) => synthesizeProject(join(root, 'live', project)));
  dependencies = Object.assign({}, ...projects.map((project) => project.dependencies));
  return Object.assign({}, ...projects.map((project) => project.stacks));
}

const only = (stack: StackJson, type: string): Json => {
  const all = resourcesOf(stack, type);
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0];
};
const listener = (stack: StackJson, port: number): Json => resourcesOf(stack, 'aws_lb_listener').find((l) => l.port === port)!;
const FORBIDDEN = [{ type: 'fixed-response', fixed_response: { status_code: '403', content_type: 'text/plain', message_body: 'Forbidden' } }];

describe('the closed origin', () => {
  const stacks = synthAll();

  describe.each(['stage', 'prod'])('an ALB of its own (%s)', (env) => {
    const edge = stacks[`${env}-edge`];

    it("completes TLS only with Cloudflare's origin-pull certificate, checked against the real CA", () => {
      expect(listener(edge, 443).mutual_authentication).toMatchObject({ mode: 'verify', ignore_client_certificate_expiry: false });
      expect(String((listener(edge, 443).mutual_authentication as Json).trust_store_arn)).toMatch(/aws_lb_trust_store/);
      const bundle = String(only(edge, 'aws_s3_object').content);
      expect(bundle).toBe(CLOUDFLARE_ORIGIN_PULL_CA_PEM);
      expect(new X509Certificate(bundle).subject).toContain('CN=origin-pull.cloudflare.net');
    });

    // The negative case: what the handshake lets through but no host rule takes, and every plain
    // HTTP request, is answered by the load balancer itself; nothing unauthenticated is forwarded.
    it('answers unauthenticated requests with a fixed 403 from the ALB, never a forward to an app', () => {
      expect(listener(edge, 443).default_action).toEqual(FORBIDDEN);
      // Plain HTTP carries no client certificate: no listener, port 80 closed.
      expect(listener(edge, 80)).toBeUndefined();
      expect(resourcesOf(edge, 'aws_vpc_security_group_ingress_rule').filter((rule) => rule.from_port === 80)).toEqual([]);
      const rules = resourcesOf(stacks[`${env}-services`], 'aws_lb_listener_rule');
      expect(rules.length).toBeGreaterThan(0);
      for (const rule of rules) expect(JSON.stringify(rule.condition)).toMatch(/host_header/);
    });

    it('turns Authenticated Origin Pulls on for the zone before the listener verifies', () => {
      const pulls = only(edge, 'cloudflare_authenticated_origin_pulls_settings');
      expect(pulls).toMatchObject({ enabled: true, zone_id: expect.stringMatching(/data\.cloudflare_zone/) });
      expect(listener(edge, 443).depends_on).toEqual([expect.stringMatching(/^cloudflare_authenticated_origin_pulls_settings\./)]);
    });

    it("still admits only Cloudflare's ranges", () => {
      const ingress = resourcesOf(edge, 'aws_vpc_security_group_ingress_rule').filter((rule) => [80, 443].includes(Number(rule.from_port)));
      for (const rule of ingress) expect(String(rule.for_each)).toMatch(/cloudflare_ip_ranges/);
    });
  });

  it("puts a copy's hostnames on its base's verifying listener, adding no listener of its own", () => {
    expect(resourcesOf(stacks['copy-edge'], 'aws_lb_listener')).toEqual([]);
    expect(resourcesOf(stacks['copy-edge'], 'cloudflare_authenticated_origin_pulls_settings')).toEqual([]);
  });
});

describe('Access', () => {
  const stacks = synthAll({ stage: (env) => (env.access = { emails: ['tester@agency.example'], groups: ['2458ce5a-0c35-4c7f-82c7-8e9487d3ff60'] }) });

  it.each(['stage', 'copy', 'pcopy'])('guards every hostname of %s, before the dns unit publishes them', (env) => {
    const application = only(stacks[`${env}-edge`], 'cloudflare_zero_trust_access_application');
    const published = resourcesOf(stacks[`${env}-dns`], 'cloudflare_dns_record').map((record) => record.name);
    expect(application).toMatchObject({ type: 'self_hosted', name: `lq3-${env}` });
    expect((application.destinations as Json[]).map((destination) => destination.uri).sort()).toEqual([...published].sort());
    // The dns unit is applied after edge (through services): a record never exists without its application.
    expect(dependencies[`${env}-dns`]).toContain(`${env}-services`);
    expect(dependencies[`${env}-services`]).toContain(`${env}-edge`);
  });

  it('leaves a production base env public', () => {
    expect(resourcesOf(stacks['prod-edge'], 'cloudflare_zero_trust_access_application')).toEqual([]);
  });

  it("lets in the staff domain by default and whoever env.yaml's access adds", () => {
    const people = (env: string) => resourcesOf(stacks[`${env}-edge`], 'cloudflare_zero_trust_access_policy').find((policy) => policy.decision === 'allow')!;
    expect(people('copy').include).toEqual([{ email_domain: { domain: ORGANISATION.staffEmailDomain } }]);
    expect(people('stage').include).toEqual([
      { email_domain: { domain: ORGANISATION.staffEmailDomain } },
      { email: { email: 'tester@agency.example' } },
      { group: { id: '2458ce5a-0c35-4c7f-82c7-8e9487d3ff60' } },
    ]);
  });

  it('keeps the service token for checks in an encrypted SSM parameter, never as a literal', () => {
    const parameter = only(stacks['copy-edge'], 'aws_ssm_parameter');
    expect(parameter).toMatchObject({ name: '/lq3/copy/access-service-token', type: 'SecureString', key_id: expect.stringMatching(/aws_kms_key/) });
    expect(String(parameter.value)).toMatch(/^\$\{jsonencode\(\{"client_id" = cloudflare_zero_trust_access_service_token\.[^}]+\.client_id, "client_secret" = cloudflare_zero_trust_access_service_token\.[^}]+\.client_secret\}\)\}$/);
    const automation = resourcesOf(stacks['copy-edge'], 'cloudflare_zero_trust_access_policy').find((policy) => policy.decision === 'non_identity')!;
    expect(JSON.stringify(automation.include)).toMatch(/service_token/);
  });
});

describe('WAF and zone settings', () => {
  const stacks = synthAll();

  it('protects the production base ALB with AWS WAF: managed rules, a rate limit on the API by Cloudflare client address, logs', () => {
    const acl = only(stacks['prod-edge'], 'aws_wafv2_web_acl');
    const rules = acl.rule as Json[];
    expect(rules.map((rule) => rule.name)).toEqual(['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesSQLiRuleSet', 'rate-limit']);
    const rate = (rules[3].statement as Json).rate_based_statement as Json;
    expect(rate).toMatchObject({ limit: 2000, aggregate_key_type: 'FORWARDED_IP', forwarded_ip_config: { header_name: 'CF-Connecting-IP', fallback_behavior: 'MATCH' } });
    expect(JSON.stringify(rate.scope_down_statement)).toContain('"search_string":"prod-api.example.com"');
    expect(String(only(stacks['prod-edge'], 'aws_wafv2_web_acl_association').resource_arn)).toMatch(/aws_lb\.alb_load-balancer/);
    expect(only(stacks['prod-edge'], 'aws_wafv2_web_acl_logging_configuration').redacted_fields).toEqual([
      { single_header: { name: 'authorization' } },
      { single_header: { name: 'cookie' } },
    ]);
  });

  it('has no WAF on staging or on copies (their base ALB has it, or Access stands in front)', () => {
    for (const env of ['stage', 'copy', 'pcopy']) expect(resourcesOf(stacks[`${env}-edge`], 'aws_wafv2_web_acl')).toEqual([]);
  });

  it('lets staging opt in, with its own rate-limited apps', () => {
    const opted = synthAll({ stage: (env) => (env.waf = { enabled: true, rateLimitedApps: ['web'], requestsPerFiveMinutes: 500 }) });
    const rate = ((only(opted['stage-edge'], 'aws_wafv2_web_acl').rule as Json[]).at(-1)!.statement as Json).rate_based_statement as Json;
    expect(rate.limit).toBe(500);
    expect(JSON.stringify(rate.scope_down_statement)).toContain('"search_string":"stage.example.com"');
  });

  it("sets the zone's SSL Full (strict), TLS 1.2, Always Use HTTPS and HSTS from the production base env only", () => {
    const settings = Object.fromEntries(resourcesOf(stacks['prod-edge'], 'cloudflare_zone_setting').map((setting) => [setting.setting_id, setting.value]));
    expect(settings).toEqual({
      ssl: 'strict',
      min_tls_version: '1.2',
      always_use_https: 'on',
      security_header: { strict_transport_security: { enabled: true, max_age: 31536000, include_subdomains: false, preload: false, nosniff: true } },
    });
    for (const env of ['stage', 'copy', 'pcopy']) expect(resourcesOf(stacks[`${env}-edge`], 'cloudflare_zone_setting')).toEqual([]);
  });
});

describe('refusals', () => {
  const stage = { s: envFile({ stage: baseEnv('stage') }) };
  testRefusals([
    {
      name: 'Access on a production base env',
      files: { p: envFile({ prod: productionEnv('prod', (env) => (env.access = { emails: ['a@example.com'] })) }) },
      project: 'p',
      prefix: 'live/p/env.yaml: environments.prod.access: ',
      message: 'a production base env is public (ADR 0015); Access would lock its users out. Remove access here; copies and staging envs get it',
    },
    {
      name: 'Access that lets nobody in',
      files: { s: envFile({ stage: baseEnv('stage', (env) => (env.access = { emailDomains: [] })) }) },
      project: 's',
      prefix: 'live/s/env.yaml: environments.stage.access: ',
      message: 'lets nobody in; list at least one of emailDomains, emails or groups',
      subprocess: true,
    },
    {
      name: 'an email that is not an address',
      files: { s: envFile({ stage: baseEnv('stage', (env) => (env.access = { emails: ['Tester'] })) }) },
      project: 's',
      prefix: 'live/s/env.yaml: environments.stage.access.emails.0: ',
      message: /must be a lower-case email address/,
    },
    {
      name: 'switching WAF off on a production base env',
      files: { p: envFile({ prod: productionEnv('prod', (env) => (env.waf = { enabled: false })) }) },
      project: 'p',
      prefix: 'live/p/env.yaml: environments.prod.waf.enabled: ',
      message: 'must stay true on a production base env (ADR 0015)',
    },
    {
      name: "a WAF on a copy that uses its base's ALB",
      files: { ...stage, c: envFile({ copy: copyEnv('copy', 'stage', (env) => (env.waf = { enabled: true })) }) },
      project: 'c',
      prefix: 'live/c/env.yaml: environments.copy.waf.enabled: ',
      message: "a copy in its base env's VPC uses the base's ALB and the base's WAF; remove waf here",
    },
    {
      name: 'a rate limit on an app the env does not have',
      files: { s: envFile({ stage: baseEnv('stage', (env) => (env.waf = { enabled: true, rateLimitedApps: ['admin'] })) }) },
      project: 's',
      prefix: 'live/s/env.yaml: environments.stage.waf.rateLimitedApps.0: ',
      message: 'names no app of this env (web, api)',
    },
    {
      name: 'two production base envs in one zone',
      files: { p: envFile({ prod: productionEnv('prod') }), q: envFile({ other: productionEnv('other', (env) => ((env.network as Config).cidr = '10.30.0.0/16')) }) },
      project: 'q',
      prefix: 'live/q/env.yaml: environments.other.dnsZone: ',
      message: /^prod \(live\/p\/env\.yaml\) is already the production base env of zone example\.com and owns its settings/,
    },
  ]);
});
