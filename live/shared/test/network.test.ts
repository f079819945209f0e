/** VPC ranges are private (RFC 1918), /16 to /24, disjoint within an account; pinned AZs belong to the region. */
import { baseEnv, envFile, type Config } from './helpers';
import { testRefusals } from './refusals';

const network = (value: Config) => ({ a: envFile({ alpha: baseEnv('alpha', (env) => (env.network = value)) }) });
const CIDR = 'live/a/env.yaml: environments.alpha.network.cidr: ';

describe('network', () => {
  testRefusals([
    {
      name: 'a public range',
      files: network({ cidr: '8.8.0.0/16' }),
      project: 'a',
      prefix: CIDR,
      message: '"8.8.0.0/16" is not a private (RFC 1918) range; use one inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16',
      subprocess: true,
    },
    { name: 'the carrier-grade NAT range', files: network({ cidr: '100.64.0.0/16' }), project: 'a', prefix: CIDR, message: /^"100\.64\.0\.0\/16" is not a private \(RFC 1918\) range/ },
    { name: 'a range just past 172.16.0.0/12', files: network({ cidr: '172.32.0.0/16' }), project: 'a', prefix: CIDR, message: /^"172\.32\.0\.0\/16" is not a private \(RFC 1918\) range/ },
    { name: 'a /8', files: network({ cidr: '10.0.0.0/8' }), project: 'a', prefix: CIDR, message: '"10.0.0.0/8" is larger than AWS allows; expected a prefix from /16 to /24.' },
    { name: 'a /25', files: network({ cidr: '10.0.0.0/25' }), project: 'a', prefix: CIDR, message: /^"10\.0\.0\.0\/25" is too small for three tiers/ },
    { name: 'host bits', files: network({ cidr: '10.10.0.1/16' }), project: 'a', prefix: CIDR, message: '"10.10.0.1/16" has host bits set; expected the network address "10.10.0.0/16".' },
    { name: 'not a CIDR', files: network({ cidr: '10.10.0.0' }), project: 'a', prefix: CIDR, message: /^"10\.10\.0\.0" is not a valid IPv4 CIDR block/ },
    {
      name: 'an overlap with another env of the account',
      files: { a: envFile({ alpha: baseEnv('alpha') }), b: envFile({ beta: baseEnv('beta', (env) => (env.network = { cidr: '10.10.128.0/17' })) }) },
      project: 'b',
      prefix: 'live/b/env.yaml: environments.beta.network.cidr: ',
      message: '10.10.128.0/17 overlaps 10.10.0.0/16 of environment alpha (live/a/env.yaml) in the same staging account; pick a disjoint range',
    },
    { name: 'an AZ twice', files: network({ cidr: '10.10.0.0/16', availabilityZones: ['eu-central-1a', 'eu-central-1a'] }), project: 'a', prefix: 'live/a/env.yaml: environments.alpha.network.availabilityZones.1: ', message: 'eu-central-1a is listed twice; each tier needs distinct AZs' },
    { name: 'fewer AZs than azCount', files: network({ cidr: '10.10.0.0/16', azCount: 3, availabilityZones: ['eu-central-1a', 'eu-central-1b'] }), project: 'a', prefix: 'live/a/env.yaml: environments.alpha.network.availabilityZones: ', message: 'must list exactly azCount (3) zones' },
    { name: 'both an own VPC and a reuse', files: network({ cidr: '10.10.0.0/16', reuse: 'beta' }), project: 'a', prefix: 'live/a/env.yaml: environments.alpha.network: ', message: 'must be either { cidr, azCount, availabilityZones, nat } for its own VPC or { reuse: <base env> }' },
    { name: 'a reuse of a missing env', files: network({ reuse: 'nowhere' }), project: 'a', prefix: 'live/a/env.yaml: environments.alpha.network.reuse: ', message: 'no environment named nowhere with its own VPC' },
  ]);
});
