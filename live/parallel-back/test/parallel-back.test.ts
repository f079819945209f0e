import { join } from 'node:path';
import { synthesizeProject, testParallelEnvironment } from '@lq3/live-shared/src/testing';

const { stacks } = synthesizeProject(join(__dirname, '..'));
const newApi = { web: '2026.11.3', admin: '2026.11.3', api: '2026.12.0-symfony7-php84' };

describe('staging-back: new Symfony/PHP API, current front ends', () => {
  testParallelEnvironment(stacks, { env: 'staging-back', accountId: '111111111111', base: 'staging01', hostPrefix: 'back-next-staging', imageTags: newApi });
});

describe('production-back: new Symfony/PHP API, current front ends', () => {
  testParallelEnvironment(stacks, { env: 'production-back', accountId: '222222222222', base: 'production01', hostPrefix: 'back-next', imageTags: newApi });
});
