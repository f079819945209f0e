/** Images are a repository plus an immutable tag or a digest. */
import { join } from 'node:path';
import { loadProjectEnvironments } from '../src';
import { baseEnv, envFile, tempWorkspace, type Config } from './helpers';
import { testRefusals } from './refusals';

const web = (patch: (app: Config) => void) => ({ a: envFile({ alpha: baseEnv('alpha', (env) => patch((env.apps as Record<string, Config>).web)) }) });
const TAG = 'live/a/env.yaml: environments.alpha.apps.web.tag: ';
const IMAGE = 'live/a/env.yaml: environments.alpha.apps.web.image: ';
const mutable = (tag: string) =>
  `"${tag}" is a mutable tag: the image behind it can change without a config change; use an immutable version tag (e.g. "2026.11.3", with ECR tag immutability on) or a digest (sha256:...)`;

describe('image references', () => {
  testRefusals([
    { name: 'latest', files: web((app) => (app.tag = 'latest')), project: 'a', prefix: TAG, message: mutable('latest'), subprocess: true },
    { name: 'a channel name', files: web((app) => (app.tag = 'stable')), project: 'a', prefix: TAG, message: mutable('stable') },
    { name: 'a branch name', files: web((app) => (app.tag = 'main')), project: 'a', prefix: TAG, message: mutable('main') },
    { name: 'a bare major version', files: web((app) => (app.tag = '8')), project: 'a', prefix: TAG, message: mutable('8') },
    { name: 'a major.minor version', files: web((app) => (app.tag = 'v8.4')), project: 'a', prefix: TAG, message: mutable('v8.4') },
    { name: 'a floating variant', files: web((app) => (app.tag = '20-alpine')), project: 'a', prefix: TAG, message: mutable('20-alpine') },
    { name: 'a versioned latest', files: web((app) => (app.tag = '2026.11-latest')), project: 'a', prefix: TAG, message: mutable('2026.11-latest') },
    {
      name: 'a malformed tag',
      files: web((app) => (app.tag = '-1.0.0')),
      project: 'a',
      prefix: TAG,
      message: 'must be an image tag (letters, digits, _ . -, up to 128, not starting with . or -) or a digest sha256:<64 hex digits> (got "-1.0.0")',
    },
    { name: 'a short digest', files: web((app) => (app.tag = 'sha256:abc123')), project: 'a', prefix: TAG, message: /^must be an image tag .* or a digest sha256:<64 hex digits>/ },
    { name: 'an unquoted number', files: { a: envFile({ alpha: baseEnv('alpha') }).replace('tag: 1.0.0', 'tag: 2026.10') }, project: 'a', prefix: TAG, message: 'must be a string; quote it (YAML reads 2026.1 unquoted as a number)' },
    {
      name: 'a tag inside image',
      files: web((app) => (app.image = 'registry.example.com/web:2026.11.3')),
      project: 'a',
      prefix: IMAGE,
      message: 'carries a tag; put the repository in image and the version in tag (got "registry.example.com/web:2026.11.3")',
      subprocess: true,
    },
    { name: 'a digest inside image', files: web((app) => (app.image = `registry.example.com/web@sha256:${'a'.repeat(64)}`)), project: 'a', prefix: IMAGE, message: /^carries a digest; put the repository in image and the digest in tag/ },
    { name: 'upper case', files: web((app) => (app.image = 'Registry.example.com/Web')), project: 'a', prefix: IMAGE, message: /^must be an image repository like 111111111111\.dkr\.ecr\.eu-central-1\.amazonaws\.com\/lq3\/web/ },
    { name: 'a space', files: web((app) => (app.image = 'registry.example.com/my web')), project: 'a', prefix: IMAGE, message: /^must be an image repository/ },
  ]);

  it.each(['2026.11.3', '2026.12.0-angular20', 'main-4f2a9c1', '20261103', `sha256:${'0123456789abcdef'.repeat(4)}`])('accepts the immutable reference %s', (tag) => {
    const root = tempWorkspace(web((app) => ((app.tag = tag), (app.image = '111111111111.dkr.ecr.eu-central-1.amazonaws.com/lq3/web'))));
    expect(loadProjectEnvironments(join(root, 'live', 'a'), root)[0].apps.get('web')?.tag).toBe(tag);
  });
});
