import { CloudflareZone } from '@lq3/cloudflare-dns';
import { AccessProtectedHostnames, type AccessProtectedHostnamesProps } from '../src';
import pkg from '../package.json';
import { type Json, moduleMetadata, newStack, ofType, synth } from './helpers';

const ACCOUNT = '0123456789abcdef0123456789abcdef';
const GROUP = '2458ce5a-0c35-4c7f-82c7-8e9487d3ff60';

function props(overrides: Partial<AccessProtectedHostnamesProps> = {}): AccessProtectedHostnamesProps {
  return {
    accountId: ACCOUNT,
    name: 'lq3 staging01',
    hostnames: ['staging.example.com', 'Staging-API.example.com'],
    allow: { emailDomains: ['example.com'], emails: ['tester@agency.example'], groupIds: [GROUP] },
    ...overrides,
  };
}

function build(overrides: Partial<AccessProtectedHostnamesProps> = {}): Json {
  const stack = newStack();
  new AccessProtectedHostnames(stack, 'access', props(overrides));
  return synth(stack);
}

const policyNamed = (json: Json, name: string): Json => ofType(json, 'cloudflare_zero_trust_access_policy').find((p) => p.name === name);

describe('AccessProtectedHostnames', () => {
  const json = build();

  it('puts every hostname behind one self-hosted application', () => {
    const [application] = ofType(json, 'cloudflare_zero_trust_access_application');
    expect(application).toMatchObject({
      account_id: ACCOUNT,
      name: 'lq3 staging01',
      type: 'self_hosted',
      destinations: [
        { type: 'public', uri: 'staging.example.com' },
        { type: 'public', uri: 'staging-api.example.com' },
      ],
      session_duration: '24h',
      options_preflight_bypass: true,
      service_auth_401_redirect: true,
      http_only_cookie_attribute: true,
      same_site_cookie_attribute: 'lax',
    });
  });

  it('lets people in by email domain, address or Access group, and nobody else', () => {
    expect(policyNamed(json, 'lq3 staging01 people')).toMatchObject({
      account_id: ACCOUNT,
      decision: 'allow',
      include: [{ email_domain: { domain: 'example.com' } }, { email: { email: 'tester@agency.example' } }, { group: { id: GROUP } }],
    });
    const policies = ofType(json, 'cloudflare_zero_trust_access_policy');
    expect(policies.map((p) => p.decision).sort()).toEqual(['allow', 'non_identity']);
    expect(JSON.stringify(policies)).not.toMatch(/everyone|any_valid_service_token/);
  });

  it('admits automated checks with the service token only, as a non-identity policy', () => {
    const [token] = ofType(json, 'cloudflare_zero_trust_access_service_token');
    expect(token).toEqual({ account_id: ACCOUNT, name: 'lq3 staging01 checks', duration: '8760h' });
    expect(policyNamed(json, 'lq3 staging01 checks')).toMatchObject({
      decision: 'non_identity',
      include: [{ service_token: { token_id: expect.stringMatching(/^\$\{cloudflare_zero_trust_access_service_token\..+\.id\}$/) } }],
    });
  });

  it('references both policies from the application, people first', () => {
    const [application] = ofType(json, 'cloudflare_zero_trust_access_application');
    expect(application.policies).toEqual([
      { id: expect.stringMatching(/^\$\{cloudflare_zero_trust_access_policy\.access_people_.+\.id\}$/), precedence: 1 },
      { id: expect.stringMatching(/^\$\{cloudflare_zero_trust_access_policy\.access_service-token-policy_.+\.id\}$/), precedence: 2 },
    ]);
  });

  it('exposes ids, the audience tag and the token credentials; none without a token', () => {
    const stack = newStack();
    const zone = new CloudflareZone(stack, 'zone', { name: 'example.com' });
    const access = new AccessProtectedHostnames(stack, 'access', props({ accountId: zone.accountId }));
    for (const value of [access.applicationId, access.aud, access.peoplePolicyId, access.serviceTokenClientId, access.serviceTokenClientSecret]) expect(value).toMatch(/TOKEN/);
    expect(moduleMetadata(access)).toEqual([{ name: '@lq3/cloudflare-access', version: pkg.version }]);
    const tokenless = new AccessProtectedHostnames(stack, 'tokenless', props({ name: 'other', serviceToken: false }));
    expect(tokenless.serviceTokenClientSecret).toBeUndefined();
    const synthesized = synth(stack);
    expect(ofType(synthesized, 'cloudflare_zero_trust_access_service_token')).toHaveLength(1);
    const tokenlessApp = ofType(synthesized, 'cloudflare_zero_trust_access_application').find((a) => a.name === 'other');
    expect(tokenlessApp.policies).toHaveLength(1);
  });

  it('takes the session length and the token lifetime', () => {
    const custom = build({ sessionDuration: '8h', serviceToken: { duration: '720h' } });
    expect(ofType(custom, 'cloudflare_zero_trust_access_application')[0].session_duration).toBe('8h');
    expect(ofType(custom, 'cloudflare_zero_trust_access_service_token')[0].duration).toBe('720h');
  });

  it.each<[string, Partial<AccessProtectedHostnamesProps>, RegExp]>([
    ['an account id that is not one', { accountId: 'acme' }, /accountId "acme" is not a Cloudflare account id/],
    ['no hostnames', { hostnames: [] }, /hostnames has 0 entries/],
    ['a hostname twice', { hostnames: ['a.example.com', 'A.example.com'] }, /lists a name twice/],
    ['a bad hostname', { hostnames: ['not a host'] }, /hostname "not a host" is not a fully qualified host name/],
    ['nobody allowed', { allow: {} }, /allow names nobody/],
    ['a bad email domain', { allow: { emailDomains: ['@example.com'] } }, /emailDomains entry "@example.com"/],
    ['a bad email', { allow: { emails: ['tester'] } }, /emails entry "tester" is not an email address/],
    ['a bad group id', { allow: { groupIds: ['developers'] } }, /groupIds entry "developers" is not an Access group id/],
    ['a bad session duration', { sessionDuration: '1 day' }, /sessionDuration "1 day" is not a duration/],
    ['a bad token duration', { serviceToken: { duration: '1y' } }, /serviceToken.duration "1y" is not a duration/],
  ])('refuses %s', (_what, overrides, message) => {
    expect(() => new AccessProtectedHostnames(newStack(), 'access', props(overrides))).toThrow(message);
  });
});
