import { DeploymentNotifications, type DeploymentNotificationsProps } from '../src';
import { all, byName, SERVICE_ARN, synthResources, TOPIC } from './helpers';

const PROPS: DeploymentNotificationsProps = {
  name: 'lq3-staging01-api',
  serviceArn: SERVICE_ARN,
  topicArn: TOPIC,
  subject: { environment: 'staging01', app: 'api', imageTag: '2026.11.3' },
};

const synth = (overrides: Partial<DeploymentNotificationsProps> = {}) =>
  synthResources((stack) => new DeploymentNotifications(stack, 'deployments', { ...PROPS, ...overrides }));

describe('DeploymentNotifications', () => {
  const resources = synth();
  const rules = byName(resources, 'aws_cloudwatch_event_rule', 'name');
  const pattern = (state: string) => JSON.parse(rules[`lq3-staging01-api-deploy-${state}`].event_pattern as string);
  const message = (state: string) => {
    const target = all(resources, 'aws_cloudwatch_event_target').find((t) => String(t.rule).includes(`${state}-rule`)) as {
      arn: string;
      input_transformer: { input_paths: Record<string, string>; input_template: string };
    };
    return { target, body: JSON.parse(target.input_transformer.input_template) as { version: string; source: string; content: { title: string; description: string } } };
  };

  test('one rule per deployment state of this service only', () => {
    expect(Object.keys(rules).sort()).toEqual(['completed', 'failed', 'rollback', 'started'].map((state) => `lq3-staging01-api-deploy-${state}`));
    for (const state of ['started', 'rollback', 'failed', 'completed']) {
      expect(pattern(state)).toMatchObject({ source: ['aws.ecs'], 'detail-type': ['ECS Deployment State Change'], resources: [SERVICE_ARN] });
    }
    expect(pattern('failed').detail).toEqual({ eventName: ['SERVICE_DEPLOYMENT_FAILED'] });
    expect(pattern('completed').detail).toEqual({ eventName: ['SERVICE_DEPLOYMENT_COMPLETED'] });
  });

  test('a rollback is told apart from a deployment start by the circuit breaker reason', () => {
    expect(pattern('started').detail).toEqual({ eventName: ['SERVICE_DEPLOYMENT_IN_PROGRESS'], reason: [{ 'anything-but': { prefix: 'ECS deployment circuit breaker' } }] });
    expect(pattern('rollback').detail).toEqual({ eventName: ['SERVICE_DEPLOYMENT_IN_PROGRESS'], reason: [{ prefix: 'ECS deployment circuit breaker' }] });
  });

  test('messages are AWS Chatbot custom notifications naming env, app and image tag, to the topic', () => {
    const started = message('started');
    expect(started.target.arn).toBe(TOPIC);
    expect(started.target.input_transformer.input_paths).toEqual({ deployment: '$.detail.deploymentId', reason: '$.detail.reason', time: '$.time' });
    expect(started.body).toMatchObject({ version: '1.0', source: 'custom' });
    expect(started.body.content.title).toBe(':rocket: staging01 · api: deploying 2026.11.3');
    expect(message('rollback').body.content.title).toBe(':leftwards_arrow_with_hook: staging01 · api: rolling back from 2026.11.3');
    expect(message('failed').body.content.title).toBe(':x: staging01 · api: deployment of 2026.11.3 failed');
    expect(message('completed').body.content.description).toContain('Configured tag: 2026.11.3');
    for (const state of ['started', 'rollback', 'failed']) expect(message(state).body.content.description).toContain('<reason>');
  });

  test('rule names fit EventBridge\'s 64 characters, stably', () => {
    const long = byName(synth({ name: `lq3-${'e'.repeat(23)}-${'a'.repeat(23)}` }), 'aws_cloudwatch_event_rule', 'name');
    for (const name of Object.keys(long)) expect(name.length).toBeLessThanOrEqual(64);
    expect(Object.keys(long).every((name) => /-deploy-(started|rollback|failed|completed)$/.test(name))).toBe(true);
    expect(Object.keys(byName(synth({ name: `lq3-${'e'.repeat(23)}-${'a'.repeat(23)}` }), 'aws_cloudwatch_event_rule', 'name'))).toEqual(Object.keys(long));
  });

  test('refuses an empty subject', () => {
    expect(() => synth({ subject: { environment: 'staging01', app: 'api', imageTag: '' } })).toThrow('subject.imageTag must not be empty');
  });
});
