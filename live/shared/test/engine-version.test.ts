/** Engine versions that survive RDS's minor upgrades, and extended support only when accepted. */
import { extendedSupportOf } from '../src/environment-rules';
import { baseEnv, envFile, type Config } from './helpers';
import { testRefusals } from './refusals';

const database = (patch: (db: Config) => void) => ({ a: envFile({ alpha: baseEnv('alpha', (env) => patch(env.database as Config)) }) });
const FIELD = 'live/a/env.yaml: environments.alpha.database.';

describe('database engine version', () => {
  testRefusals([
    {
      name: 'a full version with automatic minor upgrades',
      files: database((db) => (db.engineVersion = '8.0.40')),
      project: 'a',
      prefix: `${FIELD}engineVersion: `,
      message:
        "engineVersion '8.0.40' pins a minor version while automatic minor upgrades are on, so the plan after RDS's next upgrade would try to downgrade; use '8.0' (RDS picks and upgrades the minor version) or turn autoMinorVersionUpgrade off",
    },
    {
      name: 'MySQL 8.0 with extended support turned off',
      files: database((db) => (db.extendedSupport = false)),
      project: 'a',
      prefix: `${FIELD}extendedSupport: `,
      message: 'MySQL 8.0 is past RDS standard support (ended 2026-07-31), so RDS Extended Support is billed per vCPU-hour; set it to true to accept it, or upgrade to 8.4',
    },
  ]);

  it('defaults extended support to on for 8.0, which cannot run without it, and off for 8.4', () => {
    expect(extendedSupportOf({ engineVersion: '8.0' })).toBe(true);
    expect(extendedSupportOf({ engineVersion: '8.4' })).toBe(false);
    expect(extendedSupportOf({ engineVersion: '8.4', extendedSupport: true })).toBe(true);
  });
});
