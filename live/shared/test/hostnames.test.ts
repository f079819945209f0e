/** Hostnames sit exactly one label below the env's zone (docs/environments.md) and are unique. */
import { baseEnv, envFile, type Config } from './helpers';
import { testRefusals } from './refusals';

const host = (hostname: string, patch: (env: Config) => void = () => {}) => ({
  a: envFile({ alpha: baseEnv('alpha', (env) => (((env.apps as Record<string, Config>).web.hostname = hostname), patch(env))) }),
});
const HOST = 'live/a/env.yaml: environments.alpha.apps.web.hostname: ';

describe('hostnames', () => {
  testRefusals([
    {
      name: 'two labels below the zone',
      files: host('admin.front.example.com'),
      project: 'a',
      prefix: HOST,
      message: "admin.front.example.com is more than one label below example.com; Cloudflare's universal certificate covers *.example.com only, so use e.g. admin-front.example.com",
      subprocess: true,
    },
    { name: 'the zone apex', files: host('example.com'), project: 'a', prefix: HOST, message: 'example.com is not inside the dnsZone example.com' },
    { name: 'a name outside the zone', files: host('alpha.example.org'), project: 'a', prefix: HOST, message: 'alpha.example.org is not inside the dnsZone example.com' },
    { name: 'a suffix that is not the zone', files: host('alpha.notexample.com'), project: 'a', prefix: HOST, message: 'alpha.notexample.com is not inside the dnsZone example.com' },
    { name: 'upper case', files: host('Alpha.example.com'), project: 'a', prefix: HOST, message: 'must be a lower-case DNS name like app.example.com (got "Alpha.example.com")' },
    { name: 'the API hostname twice', files: host('alpha-api.example.com'), project: 'a', prefix: 'live/a/env.yaml: environments.alpha.apps.api.hostname: ', message: 'alpha-api.example.com is also the hostname of app web' },
    {
      name: "another env's hostname",
      files: { a: envFile({ alpha: baseEnv('alpha') }), b: envFile({ beta: baseEnv('beta', (env) => (((env.network as Config).cidr = '10.20.0.0/16'), ((env.apps as Record<string, Config>).web.hostname = 'alpha.example.com'))) }) },
      project: 'b',
      prefix: 'live/b/env.yaml: environments.beta.apps: ',
      message: 'hostname alpha.example.com is already used by alpha (live/a/env.yaml)',
    },
    { name: 'a legacy origin that is an app hostname', files: host('alpha.example.com', (env) => (env.legacyOrigin = 'alpha-api.example.com')), project: 'a', prefix: 'live/a/env.yaml: environments.alpha.legacyOrigin: ', message: 'alpha-api.example.com is the hostname of app api; a record pointing at itself would loop' },
    { name: 'legacy origin unset', files: host('alpha.example.com', (env) => ((env.apps as Record<string, Config>).web.origin = 'legacy')), project: 'a', prefix: 'live/a/env.yaml: environments.alpha.apps.web.origin: ', message: 'origin legacy needs legacyOrigin set on the environment' },
  ]);
});
