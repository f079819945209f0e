/**
 * Per-environment monitoring (ADR 0014), on the synthesized JSON: the alarms with
 * their thresholds from env.yaml, the deployment and job messages naming env, app
 * and image tag, the dashboard, Container Insights — and production alarms that
 * cannot be switched off.
 */
import { join } from 'node:path';
import { resourcesOf, synthesizeProject, type StackJson } from '../src/testing';
import { baseEnv, copyEnv, envFile, productionEnv, tempWorkspace, type Config } from './helpers';
import { testRefusals } from './refusals';

type Body = Record<string, unknown>;
const byName = (stack: StackJson, type: string, attribute: string): Record<string, Body> =>
  Object.fromEntries(resourcesOf(stack, type).map((body) => [String(body[attribute]), body]));
const alarmsOf = (stack: StackJson) => byName(stack, 'aws_cloudwatch_metric_alarm', 'alarm_name');

function synth(environments: Record<string, Config>, project = 'a') {
  return synthesizeProject(join(tempWorkspace({ [project]: envFile(environments) }), 'live', project)).stacks;
}

/** The env topic, read from the network unit's state. */
const TOPIC = /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-alpha-network\.outputs\.cross-stack-output-aws_sns_topicalarms_topic_[0-9A-F]+arn\}$/;

describe('an environment\'s alarms', () => {
  const stacks = synth({ alpha: baseEnv('alpha') });
  const services = alarmsOf(stacks['alpha-services']);

  it('the ALB 5xx rate and, per app, CPU, memory, running below desired, p95 latency and unhealthy targets, all to the env topic', () => {
    expect(Object.keys(services).sort()).toEqual([
      'lq3-alpha-alb-5xx-rate',
      ...['api', 'web'].flatMap((app) => ['cpu', 'memory', 'p95-latency', 'running-tasks', 'unhealthy-targets'].map((alarm) => `lq3-alpha-${app}-${alarm}`)),
    ]);
    for (const alarm of Object.values(services)) {
      expect(alarm.alarm_actions).toEqual([expect.stringMatching(TOPIC)]);
      expect(alarm.ok_actions).toEqual(alarm.alarm_actions);
      expect(alarm.alarm_description).toContain('docs/operations.md');
    }
  });

  it('default thresholds: 5 % 5xx, 2 s p95, any unhealthy target, 85 % CPU and memory, one task missing', () => {
    expect(services['lq3-alpha-alb-5xx-rate']).toMatchObject({ threshold: 5 });
    expect(services['lq3-alpha-web-p95-latency']).toMatchObject({ threshold: 2, extended_statistic: 'p95' });
    expect(services['lq3-alpha-web-unhealthy-targets']).toMatchObject({ threshold: 0 });
    expect(services['lq3-alpha-web-cpu']).toMatchObject({ threshold: 85, dimensions: { ClusterName: 'lq3-alpha', ServiceName: 'lq3-alpha-web' } });
    expect(services['lq3-alpha-web-memory']).toMatchObject({ threshold: 85 });
    expect(services['lq3-alpha-web-running-tasks']).toMatchObject({ threshold: 1 });
  });

  it('the database alarms of the data unit and the job alarm of the jobs unit notify the same topic', () => {
    expect(Object.keys(alarmsOf(stacks['alpha-data'])).sort()).toEqual([
      'lq3-alpha-mysql-cpuutilization',
      'lq3-alpha-mysql-databaseconnections',
      'lq3-alpha-mysql-freestoragespace',
    ]);
    expect(alarmsOf(stacks['alpha-data'])['lq3-alpha-mysql-cpuutilization']).toMatchObject({ threshold: 80 });
    expect(Object.keys(alarmsOf(stacks['alpha-jobs']))).toEqual(['lq3-alpha-nightly-scheduler-dead-letters']);
    for (const alarm of [...Object.values(alarmsOf(stacks['alpha-data'])), ...Object.values(alarmsOf(stacks['alpha-jobs']))]) {
      expect(alarm.alarm_actions).toEqual([expect.stringMatching(TOPIC)]);
    }
  });

  it('thresholds come from env.yaml, alarms switch off outside production', () => {
    const tuned = synth({
      alpha: baseEnv('alpha', (env) => {
        env.monitoring = {
          alarms: {
            serverErrorRate: { threshold: 2 },
            serviceCpu: { threshold: 70 },
            serviceMemory: { enabled: false },
            databaseCpu: { threshold: 90 },
            databaseFreeStorage: { threshold: 5 },
            databaseConnections: { threshold: 40 },
          },
        };
      }),
    });
    const tunedServices = alarmsOf(tuned['alpha-services']);
    expect(tunedServices['lq3-alpha-alb-5xx-rate']).toMatchObject({ threshold: 2 });
    expect(tunedServices['lq3-alpha-api-cpu']).toMatchObject({ threshold: 70 });
    expect(tunedServices['lq3-alpha-api-memory']).toBeUndefined();
    const data = alarmsOf(tuned['alpha-data']);
    expect(data['lq3-alpha-mysql-cpuutilization']).toMatchObject({ threshold: 90 });
    expect(data['lq3-alpha-mysql-freestoragespace']).toMatchObject({ threshold: 5 * 1024 ** 3 });
    expect(data['lq3-alpha-mysql-databaseconnections']).toMatchObject({ threshold: 40 });
  });

  it('Container Insights is on for the cluster of a base env', () => {
    const [cluster] = resourcesOf(stacks['alpha-services'], 'aws_ecs_cluster');
    expect(cluster.setting).toEqual([{ name: 'containerInsights', value: 'enabled' }]);
  });
});

describe('deployment and job messages', () => {
  const stacks = synth({ alpha: baseEnv('alpha') });
  const services = stacks['alpha-services'];
  const rules = byName(services, 'aws_cloudwatch_event_rule', 'name');
  const template = (rulePart: string, stack = services) => {
    const target = resourcesOf(stack, 'aws_cloudwatch_event_target').find((body) => String(body.rule).includes(rulePart))!;
    return JSON.parse((target.input_transformer as { input_template: string }).input_template) as { content: { title: string; description: string } };
  };

  it('ECS deployments of every app: started, rolling back, failed, completed, each naming env, app and image tag', () => {
    expect(Object.keys(rules).sort()).toEqual(['api', 'web'].flatMap((app) => ['completed', 'failed', 'rollback', 'started'].map((state) => `lq3-alpha-${app}-deploy-${state}`)));
    expect(JSON.parse(rules['lq3-alpha-web-deploy-failed'].event_pattern as string)).toMatchObject({
      source: ['aws.ecs'],
      'detail-type': ['ECS Deployment State Change'],
      resources: ['arn:aws:ecs:eu-central-1:111111111111:service/lq3-alpha/lq3-alpha-web'],
    });
    expect(template('web-deployments_started').content.title).toBe(':rocket: alpha · web: deploying 1.0.0');
    expect(template('web-deployments_failed').content.title).toBe(':x: alpha · web: deployment of 1.0.0 failed');
  });

  it('a service deploys only after its messages name the new tag', () => {
    const service = resourcesOf(services, 'aws_ecs_service').find((body) => body.name === 'lq3-alpha-web')!;
    expect(service.depends_on).toEqual(expect.arrayContaining(['started', 'rollback', 'failed', 'completed'].map((state) => expect.stringMatching(new RegExp(`^aws_cloudwatch_event_target\\.monitoring_web-deployments_${state}-notification_`)))));
  });

  it('a failed job names env, job and app, and the image the run used', () => {
    const message = template('nightly_failure-rule', stacks['alpha-jobs']);
    expect(message.content.title).toBe(':x: alpha · job nightly (api) failed');
    expect(message.content.description).toContain('<image>');
  });
});

describe('the dashboard', () => {
  const stacks = synth({ alpha: baseEnv('alpha') });
  const [dashboard] = resourcesOf(stacks['alpha-services'], 'aws_cloudwatch_dashboard');
  const widgets = (JSON.parse(dashboard.dashboard_body as string) as { widgets: { type: string; properties: Record<string, unknown> }[] }).widgets;

  it('one per env, alarm states first: every alarm of every unit', () => {
    expect(dashboard.dashboard_name).toBe('lq3-alpha');
    const alarmWidget = widgets.find((widget) => widget.type === 'alarm')!;
    const names = (alarmWidget.properties.alarms as string[]).map((arn) => arn.split(':alarm:')[1]).sort();
    const synthesized = ['alpha-services', 'alpha-data', 'alpha-jobs'].flatMap((stack) => Object.keys(alarmsOf(stacks[stack]))).sort();
    expect(names).toEqual(synthesized);
    expect(alarmWidget.properties.alarms).toContainEqual('arn:aws:cloudwatch:eu-central-1:111111111111:alarm:lq3-alpha-mysql-cpuutilization');
  });

  it('rows for on call: what users see, services, database, jobs', () => {
    const headings = widgets.filter((widget) => widget.type === 'text' && String(widget.properties.markdown).startsWith('## ')).map((widget) => widget.properties.markdown);
    expect(headings).toEqual(['## Traffic: what users see', '## Services', '## Database', '## Scheduled jobs']);
    const titles = widgets.filter((widget) => widget.type === 'metric').map((widget) => widget.properties.title);
    expect(titles).toEqual(expect.arrayContaining(['ALB 5xx (% of requests)', 'p95 response time (s)', 'CPU (%)', 'Running tasks', 'Database CPU (%)', 'Failed job runs']));
  });
});

describe('a copy on its base env\'s load balancer', () => {
  const stacks = synthesizeProject(
    join(tempWorkspace({ base: envFile({ base: baseEnv('base') }), copy: envFile({ copy: copyEnv('copy', 'base') }) }), 'live', 'copy'),
  ).stacks;
  const services = alarmsOf(stacks['copy-services']);

  it('has no ALB 5xx alarm of its own (the base\'s covers the shared ALB) and no running-tasks alarm (no Container Insights)', () => {
    expect(Object.keys(services).some((name) => name.endsWith('alb-5xx-rate'))).toBe(false);
    expect(Object.keys(services).some((name) => name.endsWith('running-tasks'))).toBe(false);
    expect(services['lq3-copy-web-p95-latency']).toBeDefined();
    expect(resourcesOf(stacks['copy-services'], 'aws_ecs_cluster')[0].setting).toEqual([{ name: 'containerInsights', value: 'disabled' }]);
  });
});

describe('production alarms cannot be switched off', () => {
  testRefusals([
    {
      name: 'a production base env switching its memory alarm off',
      files: { p: envFile({ prod: productionEnv('prod', (env) => (env.monitoring = { alarms: { serviceMemory: { enabled: false } } })) }) },
      project: 'p',
      prefix: 'live/p/env.yaml: environments.prod.monitoring.alarms.serviceMemory.enabled: ',
      message: 'production base env: its alarms cannot be switched off; raise the threshold instead (within its bounds)',
    },
    {
      name: 'a threshold at which an alarm could never fire',
      files: { p: envFile({ prod: productionEnv('prod', (env) => (env.monitoring = { alarms: { serviceCpu: { threshold: 100 } } })) }) },
      project: 'p',
      prefix: 'live/p/env.yaml: environments.prod.monitoring.alarms.serviceCpu.threshold: ',
      message: /^Too big: expected number to be <=95/,
    },
    {
      name: 'an unknown alarm',
      files: { a: envFile({ alpha: baseEnv('alpha', (env) => (env.monitoring = { alarms: { diskSpace: { threshold: 1 } } })) }) },
      project: 'a',
      prefix: 'live/a/env.yaml: environments.alpha.monitoring.alarms: ',
      message: /^Unrecognized key: "diskSpace"/,
    },
  ]);

  it('a staging env and a production copy may switch alarms off', () => {
    expect(() => synth({ alpha: baseEnv('alpha', (env) => (env.monitoring = { alarms: { serviceMemory: { enabled: false } } })) })).not.toThrow();
    const files = {
      base: envFile({ prodbase: productionEnv('prodbase') }),
      copy: envFile({ prodcopy: copyEnv('prodcopy', 'prodbase', (env) => ((env.account = 'production'), (env.monitoring = { alarms: { latencyP95: { enabled: false } } }))) }),
    };
    const stacks = synthesizeProject(join(tempWorkspace(files), 'live', 'copy')).stacks;
    expect(Object.keys(alarmsOf(stacks['prodcopy-services'])).some((name) => name.includes('p95-latency'))).toBe(false);
  });
});
