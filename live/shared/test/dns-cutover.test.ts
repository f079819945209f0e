/** DNS cut-over: existing hostnames are adopted, not duplicated, and move only once services exist. */
import { join } from 'node:path';
import { resourcesOf, synthesizeProject } from '../src/testing';
import { baseEnv, envFile, tempWorkspace, type Config } from './helpers';
import { testRefusals } from './refusals';

const RECORD_ID = '372e67954025e0ba6aaa6d586b9e0b59';
const withLegacyApi = (patch: (api: Config) => void = () => {}) =>
  baseEnv('stage', (env) => {
    env.legacyOrigin = 'legacy-ec2.example.com';
    const api = (env.apps as Record<string, Config>).api;
    Object.assign(api, { origin: 'legacy', dnsRecordId: RECORD_ID });
    patch(api);
  });

describe('dns unit cut-over', () => {
  const root = tempWorkspace({ s: envFile({ stage: withLegacyApi() }) });
  const { stacks, dependencies } = synthesizeProject(join(root, 'live', 's'));
  const dns = stacks['stage-dns'] as { import?: { to: string; id: string }[] } & (typeof stacks)[string];

  it('adopts an existing record with an import block of <zone id>/<record id>', () => {
    const api = Object.entries(dns.resource?.cloudflare_dns_record ?? {}).find(([, record]) => record.name === 'stage-api.example.com')!;
    expect(api[1]).toMatchObject({ type: 'CNAME', content: 'legacy-ec2.example.com', proxied: true });
    expect(dns.import).toEqual([{ to: `cloudflare_dns_record.${api[0]}`, id: expect.stringMatching(new RegExp(`^\\$\\{data\\.cloudflare_zone\\.\\S+\\.id}/${RECORD_ID}$`)) }]);
  });

  it('creates the records of hostnames without a record id', () => {
    expect(resourcesOf(dns, 'cloudflare_dns_record')).toHaveLength(2);
  });

  it('is applied after services, so a hostname reaches the ALB only once its service exists', () => {
    expect(dependencies['stage-dns'].sort()).toEqual(['stage-edge', 'stage-services']);
  });
});

describe('dnsRecordId', () => {
  testRefusals([
    {
      name: 'a record id that is not one',
      files: { s: envFile({ stage: withLegacyApi((api) => (api.dnsRecordId = 'api-record')) }) },
      project: 's',
      prefix: 'live/s/env.yaml: environments.stage.apps.api.dnsRecordId: ',
      message: 'must be a Cloudflare DNS record id (32 lower-case hex characters) (got "api-record")',
    },
  ]);
});
