/** A live project without a readable env.yaml fails synth naming the file. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { envYaml } from './helpers';
import { testRefusals } from './refusals';

const NOT_FOUND = 'file not found; every live project needs one (copy the closest live/*/env.yaml)';

describe('a missing env.yaml', () => {
  testRefusals([
    { name: 'no env.yaml at all', files: { a: null }, project: 'a', prefix: 'live/a/env.yaml: ', message: NOT_FOUND, subprocess: true },
    { name: 'no env.yaml beside valid siblings', files: { a: null, b: envYaml('beta') }, project: 'a', prefix: 'live/a/env.yaml: ', message: NOT_FOUND },
    { name: 'an env.yml instead', files: { a: null }, prepare: (root) => writeFileSync(join(root, 'live', 'a', 'env.yml'), envYaml('alpha')), project: 'a', prefix: 'live/a/env.yaml: ', message: NOT_FOUND },
    { name: 'a folder named env.yaml', files: { a: null }, prepare: (root) => mkdirSync(join(root, 'live', 'a', 'env.yaml')), project: 'a', prefix: 'live/a/env.yaml: ', message: 'is not a file; expected the environments of this project as YAML' },
    { name: 'an empty env.yaml', files: { a: '' }, project: 'a', prefix: 'live/a/env.yaml: ', message: 'the file is empty; expected `environments:` with at least one environment' },
    { name: 'an env.yaml without environments', files: { a: 'environments: {}\n' }, project: 'a', prefix: 'live/a/env.yaml: environments: ', message: 'needs at least one environment' },
  ]);
});
