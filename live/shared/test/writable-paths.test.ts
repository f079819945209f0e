/** nginx and Symfony need more than /tmp writable on a read-only root filesystem. */
import { join } from 'node:path';
import { resourcesOf, synthesizeProject } from '../src/testing';
import { baseEnv, envFile, tempWorkspace, type Config } from './helpers';

function mountsByFamily(patch: (apps: Record<string, Config>) => void = () => {}): Record<string, string[]> {
  const root = tempWorkspace({ s: envFile({ stage: baseEnv('stage', (env) => patch(env.apps as Record<string, Config>)) }) });
  const tasks = resourcesOf(synthesizeProject(join(root, 'live', 's')).stacks['stage-services'], 'aws_ecs_task_definition');
  return Object.fromEntries(
    tasks.map((task) => {
      const [container] = JSON.parse(task.container_definitions as string);
      expect(container.readonlyRootFilesystem).toBe(true);
      return [task.family, container.mountPoints.map((mount: { containerPath: string }) => mount.containerPath)];
    }),
  );
}

describe('writable paths of apps', () => {
  it('default to nginx\'s cache and pid directories for front ends and Symfony\'s var/ for the API', () => {
    expect(mountsByFamily()).toEqual({ 'lq3-stage-web': ['/tmp', '/var/cache/nginx', '/var/run'], 'lq3-stage-api': ['/tmp', '/var/www/html/var'] });
  });

  it('come from env.yaml when set', () => {
    expect(mountsByFamily((apps) => (apps.api.writablePaths = ['/tmp', '/app/var/cache', '/app/var/log']))['lq3-stage-api']).toEqual(['/tmp', '/app/var/cache', '/app/var/log']);
  });
});
