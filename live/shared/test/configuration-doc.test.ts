import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ACCOUNT_CONFIGURATION_DOC, CONFIGURATION_DOC, renderAccountConfigurationDoc, renderConfigurationDoc } from '../src/configuration-doc';
import { WORKSPACE_ROOT } from './refusals';

describe('docs/configuration.md', () => {
  it('is what the schema renders (after a schema change: npm run docs:configuration)', () => {
    const committed = readFileSync(CONFIGURATION_DOC, 'utf8');
    const rendered = renderConfigurationDoc();
    if (committed !== rendered) throw new Error('docs/configuration.md is stale: run `npm run docs:configuration` and commit the result');
    expect(committed).toBe(rendered);
  });

  it('docs/account-configuration.md is what the accounts.yaml schema renders', () => {
    const committed = readFileSync(ACCOUNT_CONFIGURATION_DOC, 'utf8');
    if (committed !== renderAccountConfigurationDoc()) throw new Error('docs/account-configuration.md is stale: run `npm run docs:configuration` and commit the result');
    expect(committed).toContain('| `accounts.<account>.slack.channels.<channel>.receives` |');
  });

  it('documents every setting the real env files use', () => {
    const documented = new Set([...renderConfigurationDoc().matchAll(/^\| `([^`]+)` \|/gm)].map((match) => match[1]));
    const used = new Set<string>();
    const walk = (value: unknown, path: string): void => {
      if (typeof value !== 'object' || value === null || Array.isArray(value) || path.endsWith('.environment')) {
        used.add(path);
        return;
      }
      for (const [key, child] of Object.entries(value)) {
        const segment = { environments: '<env>', apps: '<app>', jobs: '<job>' }[path.split('.').pop() ?? ''] ?? key;
        walk(child, `${path}.${segment}`);
      }
    };
    for (const project of ['staging01', 'production01', 'parallel-front', 'parallel-back']) {
      const { environments } = parse(readFileSync(join(WORKSPACE_ROOT, 'live', project, 'env.yaml'), 'utf8')) as { environments: unknown };
      walk(environments, 'environments');
    }
    expect([...used].filter((path) => !documented.has(path))).toEqual([]);
  });
});
