/** Apps never log in as the master user: their own user, IAM tokens, verified TLS. */
import { join } from 'node:path';
import { resourcesOf, synthesizeProject } from '../src/testing';
import { baseEnv, envFile, tempWorkspace } from './helpers';

describe('database access of apps', () => {
  const root = tempWorkspace({ s: envFile({ stage: baseEnv('stage') }) });
  const services = synthesizeProject(join(root, 'live', 's')).stacks['stage-services'];
  const container = (family: string) => JSON.parse(resourcesOf(services, 'aws_ecs_task_definition').find((task) => task.family === family)!.container_definitions as string)[0];
  const api = container('lq3-stage-api');
  const environment = Object.fromEntries(api.environment.map(({ name, value }: { name: string; value: string }) => [name, value]));

  it('inject no credentials: no master secret, no password, nothing that rotation could leave stale', () => {
    expect(api).not.toHaveProperty('secrets');
    expect(JSON.stringify(resourcesOf(services, 'aws_iam_role_policy'))).not.toMatch(/secretsmanager|master_user_secret/);
  });

  it('connect as their own user with IAM authentication over verified TLS', () => {
    expect(environment).toMatchObject({ DATABASE_USER: 'app_api', DATABASE_AUTH: 'iam', DATABASE_SSL_MODE: 'VERIFY_IDENTITY', DATABASE_SSL_CA: '/etc/ssl/certs/rds-global-bundle.pem' });
  });

  it('may connect as that user only, through the task role', () => {
    const policy = resourcesOf(services, 'aws_iam_role_policy').find((p) => p.name === 'application' && String(p.role).includes('api_task-role'))!;
    const statements = JSON.parse(policy.policy as string).Statement;
    expect(statements).toContainEqual({ Effect: 'Allow', Action: ['rds-db:connect'], Resource: [expect.stringMatching(/:rds-db:.*:dbuser:\$\{data\.terraform_remote_state\.\S+\.outputs\.\S+}\/app_api$/)] });
  });
});
