/** env.yaml is plain YAML 1.2 data; anything else is refused with its field and line. */
import { join } from 'node:path';
import { loadProjectEnvironments } from '../src';
import { readPlainYaml } from '../src/yaml-data';
import { envYaml, tempWorkspace } from './helpers';
import { testRefusals } from './refusals';

const ALPHA = envYaml('alpha');
const edit = (from: string, to: string) => ({ a: ALPHA.replace(from, to) });

describe('YAML that is not plain data', () => {
  testRefusals([
    {
      name: 'a custom tag',
      files: edit('tag: "1.0.0"', 'tag: !Ref WebTag'),
      project: 'a',
      prefix: 'live/a/env.yaml: environments.alpha.apps.web.tag: ',
      message: 'the YAML tag !Ref is not plain data; remove it (quote the value if it must be a string) (line 11)',
      subprocess: true,
    },
    { name: 'a core-schema tag', files: edit('tag: "1.0.0"', 'tag: !!str 1.0'), project: 'a', prefix: 'live/a/env.yaml: environments.alpha.apps.web.tag: ', message: /^the YAML tag !!str is not plain data.*\(line 11\)$/ },
    { name: 'a binary', files: edit('tag: "1.0.0"', 'tag: !!binary aGk='), project: 'a', prefix: 'live/a/env.yaml: environments.alpha.apps.web.tag: ', message: /^the YAML tag !!binary is not plain data/ },
    { name: 'a tagged mapping', files: edit('    database:\n', '    database: !Sub\n'), project: 'a', prefix: 'live/a/env.yaml: environments.alpha.database: ', message: /^the YAML tag !Sub is not plain data.*\(line 12\)$/ },
    {
      name: 'a merge key',
      files: { a: `defaults: &defaults\n  account: staging\n${ALPHA.replace('    account: staging\n', '    <<: *defaults\n')}` },
      project: 'a',
      prefix: 'live/a/env.yaml: environments.alpha: ',
      message: 'uses a merge key (<<), which env files do not support; write the keys out (anchors and aliases of whole values are fine) (line 5)',
    },
    { name: 'a YAML 1.1 directive', files: { a: `%YAML 1.1\n---\n${ALPHA}` }, project: 'a', prefix: 'live/a/env.yaml: ', message: 'YAML directive at line 1 is not supported; remove it (env files are YAML 1.2 plain data)' },
    { name: 'not a number', files: edit('      cidr: 10.10.0.0/16\n', '      cidr: 10.10.0.0/16\n      azCount: .nan\n'), project: 'a', prefix: 'live/a/env.yaml: environments.alpha.network.azCount: ', message: 'NaN is not a finite number (line 7)' },
    { name: 'an alias to its own container', files: edit('    apps:\n', '    extra: &loop [*loop]\n    apps:\n'), project: 'a', prefix: 'live/a/env.yaml: environments.alpha.extra.0: ', message: 'alias *loop refers to a value that contains it (line 7)' },
    { name: 'a number as key', files: edit('      web:\n', '      8080:\n'), project: 'a', prefix: 'live/a/env.yaml: environments.alpha.apps: ', message: /^has a key that is not a plain string; .*\(line 8\)$/ },
    { name: 'a null key', files: edit('      web:\n', '      ~:\n'), project: 'a', prefix: 'live/a/env.yaml: environments.alpha.apps: ', message: /^has a key that is not a plain string/ },
    { name: 'an empty file', files: { a: '# nothing yet\n' }, project: 'a', prefix: 'live/a/env.yaml: ', message: 'the file is empty; expected `environments:` with at least one environment' },
    { name: 'a duplicate key', files: edit('    dnsZone: example.com\n', '    dnsZone: example.com\n    dnsZone: example.org\n'), project: 'a', prefix: 'live/a/env.yaml: ', message: /^YAML syntax error at line 5: Map keys must be unique/ },
    { name: 'two documents', files: { a: `${ALPHA}---\n${ALPHA}` }, project: 'a', prefix: 'live/a/env.yaml: ', message: 'YAML syntax error at line 15: more than one YAML document (---); keep one' },
  ]);

  it('reads anchors and aliases of whole values as plain data', () => {
    const beta = '  beta:\n    account: staging\n    dnsZone: example.com\n    network: { cidr: 10.11.0.0/16 }\n    apps: { web: { hostname: beta.example.com, image: registry.example.com/web, tag: "1.0.0" } }\n    database: *db\n';
    const root = tempWorkspace({ a: `${ALPHA.replace('    database:\n', '    database: &db\n')}${beta}` });
    const [alpha, copied] = loadProjectEnvironments(join(root, 'live', 'a'), root);
    expect(copied.database).toEqual(alpha.database);
  });

  it('reads YAML 1.1 booleans and dates as the strings YAML 1.2 makes them', () => {
    expect(readPlainYaml('a: yes\nb: 2026-12-01\nc: on\nd: 0o17\n', 'env.yaml')).toEqual({ a: 'yes', b: '2026-12-01', c: 'on', d: 15 });
  });
});
