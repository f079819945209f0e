import { synth, TEST_LISTENER_ARN, WEB, type Json } from './helpers';

const BLUE_GREEN = { ...WEB, deployment: { strategy: 'blueGreen' as const, bakeTimeMinutes: 15 } };

describe('EcsService with ECS native blue/green', () => {
  const synthesized = synth(BLUE_GREEN);
  const service = synthesized.only('aws_ecs_service');
  const targetGroups = synthesized.resources('aws_lb_target_group');
  const tgRef = (n: number) => {
    const key = Object.keys(targetGroups).find((k) => k.startsWith(`api_target-group-${n}_`));
    return `\${aws_lb_target_group.${key}.arn}`;
  };
  const ruleKey = Object.keys(synthesized.resources('aws_lb_listener_rule'))[0];
  const roleKey = Object.keys(synthesized.resources('aws_iam_role')).find((k) => k.startsWith('api_infrastructure-role_'));

  it('creates two identical ip target groups', () => {
    expect(Object.values(targetGroups).map((tg: Json) => tg.name)).toEqual(['api-8080-1', 'api-8080-2']);
    const [first, second] = Object.values(targetGroups) as Json[];
    expect({ ...first, name: undefined }).toEqual({ ...second, name: undefined });
    expect(first.target_type).toBe('ip');
  });

  it('uses the BLUE_GREEN strategy with the bake time and keeps the circuit breaker', () => {
    expect(service.deployment_configuration).toEqual({ strategy: 'BLUE_GREEN', bake_time_in_minutes: '15' });
    expect(service.deployment_controller).toEqual({ type: 'ECS' });
    expect(service.deployment_circuit_breaker).toEqual({ enable: true, rollback: true });
    expect(service).not.toHaveProperty('deployment_minimum_healthy_percent');
    expect(service).not.toHaveProperty('deployment_maximum_percent');
  });

  it('wires the alternate target group, production rule and infrastructure role into the load balancer block', () => {
    expect(service.load_balancer).toEqual([
      {
        target_group_arn: tgRef(1),
        container_name: 'app',
        container_port: 8080,
        advanced_configuration: {
          alternate_target_group_arn: tgRef(2),
          production_listener_rule: `\${aws_lb_listener_rule.${ruleKey}.arn}`,
          role_arn: `\${aws_iam_role.${roleKey}.arn}`,
        },
      },
    ]);
  });

  it('forwards the production rule to both groups, all weight on the first, and ignores the action after create', () => {
    expect(synthesized.only('aws_lb_listener_rule')).toEqual({
      listener_arn: WEB.loadBalancer?.listenerArn,
      priority: 100,
      condition: [{ host_header: { values: ['api.example.com'] } }],
      action: [
        {
          type: 'forward',
          forward: {
            target_group: [
              { arn: tgRef(1), weight: 100 },
              { arn: tgRef(2), weight: 0 },
            ],
          },
        },
      ],
      lifecycle: { ignore_changes: ['action'] },
    });
  });

  it('creates the infrastructure role trusted by ECS with the AWS load balancer policy', () => {
    const role = synthesized.resources('aws_iam_role')[roleKey as string];
    expect(role.name).toBe('api-ecs-infra');
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      { Effect: 'Allow', Principal: { Service: 'ecs.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ]);
    expect(synthesized.only('aws_iam_role_policy_attachment')).toEqual({
      role: `\${aws_iam_role.${roleKey}.name}`,
      policy_arn: expect.stringMatching(/^arn:\$\{data\.aws_partition\.[\w-]+\.partition}:iam::aws:policy\/AmazonECSInfrastructureRolePolicyForLoadBalancers$/),
    });
  });

  it('creates the service only after the rule and the role policy exist', () => {
    expect(service.depends_on).toEqual([
      `aws_lb_listener_rule.${ruleKey}`,
      expect.stringMatching(/^aws_iam_role_policy_attachment\.api_infrastructure-role-load-balancers_/),
    ]);
  });

  it('exposes both target groups and the infrastructure role', () => {
    expect(synthesized.service.targetGroupArns).toHaveLength(2);
    expect(synthesized.service.targetGroupArnSuffixes).toHaveLength(2);
    expect(synthesized.service.infrastructureRole).toBeDefined();
    expect(synthesized.service.testListenerRuleArn).toBeUndefined();
  });

  it('defaults the bake time to 10 minutes', () => {
    const defaulted = synth({ ...WEB, deployment: { strategy: 'blueGreen' } }).only('aws_ecs_service');
    expect(defaulted.deployment_configuration.bake_time_in_minutes).toBe('10');
  });
});

describe('EcsService blue/green with a test listener', () => {
  const synthesized = synth({ ...BLUE_GREEN, loadBalancer: { ...WEB.loadBalancer!, testListenerArn: TEST_LISTENER_ARN } });
  const rules = synthesized.resources('aws_lb_listener_rule');
  const testKey = Object.keys(rules).find((k) => k.startsWith('api_test-listener-rule_')) as string;

  it('adds a weighted host-header rule on the test listener whose action ECS owns too', () => {
    expect(Object.keys(rules)).toHaveLength(2);
    const testRule = rules[testKey];
    expect(testRule.listener_arn).toBe(TEST_LISTENER_ARN);
    expect(testRule.condition).toEqual([{ host_header: { values: ['api.example.com'] } }]);
    expect(testRule.action[0].forward.target_group.map((tg: Json) => tg.weight)).toEqual([100, 0]);
    expect(testRule.lifecycle).toEqual({ ignore_changes: ['action'] });
  });

  it('passes it as the test listener rule and waits for it', () => {
    const service = synthesized.only('aws_ecs_service');
    expect(service.load_balancer[0].advanced_configuration.test_listener_rule).toBe(`\${aws_lb_listener_rule.${testKey}.arn}`);
    expect(service.depends_on).toContain(`aws_lb_listener_rule.${testKey}`);
  });
});
