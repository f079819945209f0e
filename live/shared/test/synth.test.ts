import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { envYaml, tempWorkspace } from './helpers';
import { previousOutput, SUBPROCESS_TIMEOUT_MS, synthSubprocess } from './refusals';

describe('synth of a live project', () => {
  it(
    'writes cdktf.out with one stack per unit and swaps out the previous output',
    () => {
      const root = tempWorkspace({ a: envYaml('alpha') });
      const project = join(root, 'live', 'a');
      previousOutput(project);
      const result = synthSubprocess(project);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(existsSync(join(project, 'cdktf.out', 'stacks', 'old-network'))).toBe(false);
      const manifest = JSON.parse(readFileSync(join(project, 'cdktf.out', 'manifest.json'), 'utf8'));
      expect(Object.keys(manifest.stacks)).toContain('alpha-network');
      expect(readdirSync(project).filter((name) => name.startsWith('cdktf.out.'))).toEqual([]);
    },
    SUBPROCESS_TIMEOUT_MS,
  );

  it(
    'prints the stack trace only when DEBUG is set',
    () => {
      const root = tempWorkspace({ a: envYaml('alpha', { account: 'dev' }) });
      const result = synthSubprocess(join(root, 'live', 'a'), { DEBUG: '1' });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/synth failed: .*\n.*\n\s+at /);
    },
    SUBPROCESS_TIMEOUT_MS,
  );
});
