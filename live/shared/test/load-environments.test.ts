import { join } from 'node:path';
import { ConfigErrors, loadProjectEnvironments } from '../src';
import { envYaml, tempWorkspace } from './helpers';

function loadError(files: Record<string, string>, project: string): string {
  const root = tempWorkspace(files);
  try {
    loadProjectEnvironments(join(root, 'live', project), root);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the env file to be refused');
}

describe('loadProjectEnvironments', () => {
  it('returns typed environments with defaults and the account resolved', () => {
    const root = tempWorkspace({ a: envYaml('alpha') });
    const [env] = loadProjectEnvironments(join(root, 'live', 'a'), root);
    expect(env.name).toBe('alpha');
    expect(env.sourceFile).toBe('live/a/env.yaml');
    expect(env.region).toBe('eu-central-1');
    expect(env.awsAccount).toEqual({
      name: 'staging',
      id: '111111111111',
      roleArn: 'arn:aws:iam::111111111111:role/lq3-terraform',
      stateBucket: 'lq3-terraform-state-111111111111',
      stateRegion: 'eu-central-1',
    });
    expect(env.network).toEqual({ cidr: '10.10.0.0/16', azCount: 2, nat: 'single' });
    expect(env.apps.get('web')).toMatchObject({ port: 8080, healthCheckPath: '/health', desiredCount: 1, origin: 'alb', environment: new Map() });
    expect(env.jobs).toEqual(new Map());
    expect(env.disposable).toEqual({ infrastructure: false, data: false });
    expect(env.role).toBe('base');
  });

  it('keeps apps and jobs in file order, as Maps', () => {
    const yaml = envYaml('alpha').replace('    apps:\n', '    apps:\n      zeta: { hostname: zeta.example.com, image: r.example.com/z, tag: "1.0.0" }\n');
    const root = tempWorkspace({ a: yaml });
    expect([...loadProjectEnvironments(join(root, 'live', 'a'), root)[0].apps.keys()]).toEqual(['zeta', 'web']);
  });

  it('reports the first of several problems in its message and keeps them all', () => {
    const root = tempWorkspace({ a: envYaml('alpha', { cidr: 'nope', account: 'sandbox' }) });
    let error: unknown;
    try {
      loadProjectEnvironments(join(root, 'live', 'a'), root);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigErrors);
    expect((error as ConfigErrors).message).toBe('live/a/env.yaml: environments.alpha.account: Invalid option: expected one of "staging"|"production" (got "sandbox")');
    expect((error as ConfigErrors).errors.map((e) => e.fieldPath)).toEqual(['environments.alpha.account', 'environments.alpha.network.cidr']);
  });

  it('ignores a broken sibling (it fails its own synth)', () => {
    const root = tempWorkspace({ a: envYaml('alpha'), b: 'environments: [\n' });
    expect(loadProjectEnvironments(join(root, 'live', 'a'), root)).toHaveLength(1);
  });

  it('refuses an unknown account', () => {
    expect(loadError({ a: envYaml('alpha', { account: 'sandbox' }) }, 'a')).toMatch(
      /^live\/a\/env\.yaml: environments\.alpha\.account: Invalid option: expected one of "staging"\|"production"/,
    );
  });

  it('refuses a missing DNS zone', () => {
    const yaml = envYaml('alpha').replace('    dnsZone: example.com\n', '');
    expect(loadError({ a: yaml }, 'a')).toMatch(/^live\/a\/env\.yaml: environments\.alpha\.dnsZone: Invalid input: expected string, received undefined$/);
  });

  it('allows the same CIDR in different accounts', () => {
    const root = tempWorkspace({ a: envYaml('alpha'), b: envYaml('beta', { account: 'production' }).replace('tag: "1.0.0"', 'tag: "1.0.0"\n        desiredCount: 2') });
    // beta is production: it fails production rules, but not on the CIDR.
    expect(() => loadProjectEnvironments(join(root, 'live', 'b'), root)).toThrow(/deployment\.strategy/);
    expect(() => loadProjectEnvironments(join(root, 'live', 'b'), root)).not.toThrow(/overlaps/);
  });

  it('reports a YAML syntax error with its line', () => {
    expect(loadError({ a: 'environments:\n  alpha: [\n' }, 'a')).toMatch(/^live\/a\/env\.yaml: YAML syntax error at line \d+/);
  });

  it('refuses unknown keys so typos do not pass silently', () => {
    const yaml = envYaml('alpha').replace('    dnsZone:', '    dnsZon: x\n    dnsZone:');
    expect(loadError({ a: yaml }, 'a')).toMatch(/environments\.alpha: Unrecognized key: "dnsZon"/);
  });
});
