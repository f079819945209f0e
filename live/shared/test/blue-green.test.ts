/** Blue/green envs: the bake time watches target errors, and each app's revision is an output for the release step. */
import { join } from 'node:path';
import { resourcesOf, synthesizeProject } from '../src/testing';
import { envFile, productionEnv, tempWorkspace } from './helpers';

describe('services unit of a blue/green env', () => {
  const services = synthesizeProject(join(tempWorkspace({ p: envFile({ prod: productionEnv('prod') }) }), 'live', 'p')).stacks['prod-services'];

  it('rolls a deployment back on target 5xx, and leaves the swapped target groups and revisions to ECS', () => {
    for (const service of resourcesOf(services, 'aws_ecs_service')) {
      expect(service.alarms).toEqual({ alarm_names: [expect.stringMatching(/deployment-5xx/)], enable: true, rollback: true });
      expect((service.lifecycle as { ignore_changes: string[] }).ignore_changes).toEqual(expect.arrayContaining(['task_definition', 'load_balancer']));
    }
  });

  it('outputs the task definition revision of each app for the release step', () => {
    const outputs = (services as { output?: Record<string, { value: string }> }).output ?? {};
    expect(Object.keys(outputs).filter((name) => name.endsWith('-task-definition')).sort()).toEqual(['api-task-definition', 'web-task-definition']);
  });
});
