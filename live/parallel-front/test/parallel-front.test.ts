import { join } from 'node:path';
import { synthesizeProject, testParallelEnvironment } from '@lq3/live-shared/src/testing';

const { stacks } = synthesizeProject(join(__dirname, '..'));
const newAngular = { web: '2026.12.0-angular20', admin: '2026.12.0-angular20', api: '2026.11.3' };

describe('staging-front: new Angular front ends, current API', () => {
  testParallelEnvironment(stacks, { env: 'staging-front', accountId: '111111111111', base: 'staging01', hostPrefix: 'front-next-staging', imageTags: newAngular });
});

describe('production-front: new Angular front ends, current API', () => {
  testParallelEnvironment(stacks, { env: 'production-front', accountId: '222222222222', base: 'production01', hostPrefix: 'front-next', imageTags: newAngular });
});
