import { readFileSync } from 'node:fs';
import { OPERATIONS_DOC, renderOperationsDoc } from '../src/alarm-doc';
import { WORKSPACE_ROOT } from './refusals';

describe('docs/operations.md, "Alarms and notifications"', () => {
  it('is what the alarm catalogue and accounts.yaml render (after a change: npm run docs:operations)', () => {
    const committed = readFileSync(OPERATIONS_DOC, 'utf8');
    if (renderOperationsDoc(committed, WORKSPACE_ROOT) !== committed) throw new Error('docs/operations.md is stale: run `npm run docs:operations` and commit the result');
    expect(committed).toContain('| Service CPU | `lq3-<env>-<app>-cpu` | average CPU of the service above 85 % in three consecutive 5-minute periods |');
    expect(committed).toMatch(/\| production \| `alerts` \(default\), `C0LQ3PRODUCTION` \| alarms, job failures and deployments of `production-back`, `production-front`, `production01` \|/);
  });

  it('refuses a document without the generated section', () => {
    expect(() => renderOperationsDoc('# Operations\n', WORKSPACE_ROOT)).toThrow('has no generated alarms section');
  });
});
