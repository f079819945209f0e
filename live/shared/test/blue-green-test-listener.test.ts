/**
 * Blue/green envs with `alb.testListener`: a second HTTPS port on the env's ALB, reachable only
 * from the check sources (the VPC's NAT addresses and allowedCidrs), wired to every service's
 * test_listener_rule; the rollback alarm covers both target groups.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resourcesOf, synthesizeProject, type StackJson } from '../src/testing';
import { copyEnv, envFile, productionEnv, promotedEnvYaml, tempWorkspace, type Config } from './helpers';
import { testRefusals, WORKSPACE_ROOT } from './refusals';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- synthesized Terraform JSON

const withListener = (listener: Config) => (env: Config) => ((env.alb as Config).testListener = listener);
const synthProd = (patch: (env: Config) => void = () => {}) =>
  synthesizeProject(join(tempWorkspace({ p: envFile({ prod: productionEnv('prod', patch) }) }), 'live', 'p')).stacks;
const listenerOn = (edge: StackJson, port: number): Json | undefined => resourcesOf(edge, 'aws_lb_listener').find((listener) => listener.port === port);
const ingressOn = (edge: StackJson, port: number): Json[] => resourcesOf(edge, 'aws_vpc_security_group_ingress_rule').filter((rule) => rule.from_port === port);
const outputs = (stack: StackJson): Record<string, Json> => (stack as { output?: Record<string, Json> }).output ?? {};

describe('a blue/green env without alb.testListener', () => {
  const stacks = synthProd();

  it('has no test listener and no test rules (the default is off)', () => {
    expect(listenerOn(stacks['prod-edge'], 8443)).toBeUndefined();
    for (const service of resourcesOf(stacks['prod-services'], 'aws_ecs_service') as Json[]) {
      expect(service.load_balancer[0].advanced_configuration).not.toHaveProperty('test_listener_rule');
    }
    expect(Object.keys(outputs(stacks['prod-services'])).filter((name) => name.endsWith('-test-listener-rule'))).toEqual([]);
  });
});

describe('a blue/green env with alb.testListener', () => {
  const stacks = synthProd(withListener({ allowedCidrs: ['198.51.100.0/24'] }));
  const edge = stacks['prod-edge'];
  const services = stacks['prod-services'];

  it('gets a second HTTPS listener on 8443 with the certificate of 443', () => {
    const https = listenerOn(edge, 443)!;
    expect(listenerOn(edge, 8443)).toMatchObject({ protocol: 'HTTPS', certificate_arn: https.certificate_arn, ssl_policy: https.ssl_policy, load_balancer_arn: https.load_balancer_arn });
  });

  it('admits only the NAT gateways of the VPC and allowedCidrs on the test port, not Cloudflare', () => {
    const rules = ingressOn(edge, 8443);
    expect(rules).toHaveLength(1);
    expect(rules[0].for_each).toMatch(/^\$\{toset\(concat\(formatlist\("%s\/32", \[.*nat.*\]\), \["198\.51\.100\.0\/24"\]\)\)\}$/);
    expect(rules[0].for_each).not.toMatch(/cloudflare/i);
    expect(ingressOn(edge, 443)[0].for_each).toMatch(/cloudflare/i);
  });

  it('adds each app\'s host rule to the test listener and passes it to ECS as test_listener_rule', () => {
    const rules = Object.entries(services.resource?.['aws_lb_listener_rule'] ?? {}) as [string, Json][];
    const testRules = rules.filter(([key]) => key.includes('_test-listener-rule_')).map(([, rule]) => rule);
    const productionRules = rules.filter(([key]) => !key.includes('_test-listener-rule_')).map(([, rule]) => rule);
    expect(testRules).toHaveLength(2);
    for (const rule of testRules) expect(rule.listener_arn).toMatch(/prod-edge\.outputs\.cross-stack-output-aws_lb_listeneralb_test_/);
    for (const rule of productionRules) expect(rule.listener_arn).toMatch(/prod-edge\.outputs\.cross-stack-output-aws_lb_listeneralb_https_/);
    expect(testRules.map((rule) => rule.condition)).toEqual(productionRules.map((rule) => rule.condition));
    for (const service of resourcesOf(services, 'aws_ecs_service') as Json[]) {
      expect(service.load_balancer[0].advanced_configuration.test_listener_rule).toMatch(/^\$\{aws_lb_listener_rule\.[a-z]+_test-listener-rule_[A-F0-9]+\.arn\}$/);
    }
  });

  it('outputs each app\'s test rule for the release step that adds it to an existing service', () => {
    expect(Object.keys(outputs(services)).filter((name) => name.endsWith('-test-listener-rule')).sort()).toEqual(['api-test-listener-rule', 'web-test-listener-rule']);
  });

  it('rolls a deployment back on errors of either target group, so the green one is covered whichever it is', () => {
    for (const alarm of resourcesOf(services, 'aws_cloudwatch_metric_alarm').filter((a) => String(a.alarm_name).endsWith('-deployment-5xx')) as Json[]) {
      const groups = new Set(alarm.metric_query.filter((query: Json) => query.metric).map((query: Json) => query.metric.dimensions.TargetGroup));
      expect([...groups].sort()).toEqual([expect.stringMatching(/target-group-1_/), expect.stringMatching(/target-group-2_/)]);
    }
    expect(resourcesOf(services, 'aws_cloudwatch_metric_alarm').filter((a) => String(a.alarm_name).endsWith('-deployment-5xx'))).toHaveLength(2);
  });
});

describe('production01 once promoted with alb.testListener', () => {
  // The promotion PR uncomments `testListener: {}` under alb (docs/operations.md, "Test listener and rollback alarm").
  const yaml = promotedEnvYaml(readFileSync(join(WORKSPACE_ROOT, 'live', 'production01', 'env.yaml'), 'utf8')).replace('      # testListener: {}\n', '      testListener: {}\n');
  const stacks = synthesizeProject(join(tempWorkspace({ production01: yaml }), 'live', 'production01')).stacks;

  it('gets the test listener on 8443, reachable from its three NAT gateways only', () => {
    expect(yaml).toMatch(/^ {6}testListener: \{\}$/m);
    expect(listenerOn(stacks['production01-edge'], 8443)).toMatchObject({ protocol: 'HTTPS' });
    expect(ingressOn(stacks['production01-edge'], 8443)[0].for_each).toMatch(/^\$\{toset\(concat\(formatlist\("%s\/32", \[[^\]]*\]\), \[\]\)\)\}$/);
    for (const service of resourcesOf(stacks['production01-services'], 'aws_ecs_service') as Json[]) {
      expect(service.load_balancer[0].advanced_configuration).toHaveProperty('test_listener_rule');
      expect(service.alarms).toEqual({ alarm_names: [expect.stringMatching(/deployment-5xx/)], enable: true, rollback: true });
    }
  });
});

const PROD = 'live/p/env.yaml: environments.prod.';
const prod = (patch: (env: Config) => void) => ({ p: envFile({ prod: productionEnv('prod', patch) }) });

describe('alb.testListener and the bake time are refused where they cannot work', () => {
  testRefusals([
    {
      name: 'a test listener on a rolling env',
      files: { s: envFile({ stage: productionEnv('stage', (env) => ((env.account = 'staging'), (env.deployment = { strategy: 'rolling' }), withListener({})(env))) }) },
      project: 's',
      prefix: 'live/s/env.yaml: environments.stage.alb.testListener: ',
      message: /^only applies with deployment\.strategy blueGreen/,
    },
    { name: 'the production port', files: prod(withListener({ port: 443 })), project: 'p', prefix: `${PROD}alb.testListener.port: `, message: 'must not be 80 or 443, the production listeners' },
    {
      name: 'the whole internet on the test port',
      files: prod(withListener({ allowedCidrs: ['0.0.0.0/0'] })),
      project: 'p',
      prefix: `${PROD}alb.testListener.allowedCidrs.0: `,
      message: /^admits the whole internet/,
      subprocess: true,
    },
    { name: 'a malformed check source', files: prod(withListener({ allowedCidrs: ['198.51.100.7/24'] })), project: 'p', prefix: `${PROD}alb.testListener.allowedCidrs.0: `, message: /^has host bits set/ },
    {
      name: 'a bake time the rollback alarm cannot fire in',
      files: prod((env) => (env.deployment = { strategy: 'blueGreen', bakeTimeMinutes: 3 })),
      project: 'p',
      prefix: `${PROD}deployment.bakeTimeMinutes: `,
      message: /^must be at least 5 with blueGreen: the rollback alarm needs that long/,
    },
    {
      name: 'a test listener on a copy that shares its base\'s load balancer',
      files: {
        p: envFile({ prod: productionEnv('prod') }),
        c: envFile({ copy: copyEnv('copy', 'prod', (env) => ((env.account = 'production'), (env.deployment = { strategy: 'blueGreen' }), (env.alb = { testListener: {} }))) }),
      },
      project: 'c',
      prefix: 'live/c/env.yaml: environments.copy.alb.testListener: ',
      message: /^a copy on its base env's load balancer \(prod, ADR 0013\) has no listener of its own/,
    },
  ]);
});
