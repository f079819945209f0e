import { mkdirSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { compareVersions, MINIMUM_TERRAFORM_VERSION, resolveTerraform } from '../src/binary';
import { FAKE_TERRAFORM, Sandbox } from './helpers';

describe('resolveTerraform', () => {
  let sandbox: Sandbox;
  let binDir: string;
  // node itself must stay reachable for the fake's `#!/usr/bin/env node`.
  const nodeDir = dirname(process.execPath);
  beforeEach(() => {
    sandbox = new Sandbox();
    binDir = join(sandbox.root, 'bin');
    mkdirSync(binDir);
  });
  afterEach(() => sandbox.cleanup());

  it('uses TF_BINARY and reads its version from `version -json`', () => {
    expect(resolveTerraform(sandbox.env())).toEqual({ path: FAKE_TERRAFORM, version: '1.10.3' });
  });

  it('falls back to `-version` when `version -json` is unsupported', () => {
    sandbox.setScenario({ versionJson: false, version: '1.11.0' });
    expect(resolveTerraform(sandbox.env()).version).toBe('1.11.0');
  });

  it('prefers tofu over terraform on PATH', () => {
    symlinkSync(FAKE_TERRAFORM, join(binDir, 'terraform'));
    expect(resolveTerraform(sandbox.env({ TF_BINARY: undefined, PATH: `${binDir}:${nodeDir}` })).path).toBe(join(binDir, 'terraform'));
    symlinkSync(FAKE_TERRAFORM, join(binDir, 'tofu'));
    expect(resolveTerraform(sandbox.env({ TF_BINARY: undefined, PATH: `${binDir}:${nodeDir}` })).path).toBe(join(binDir, 'tofu'));
  });

  it('says what to install when no binary is found', () => {
    expect(() => resolveTerraform(sandbox.env({ TF_BINARY: undefined, PATH: binDir }))).toThrow(
      `Neither tofu nor terraform was found on PATH; install Terraform or OpenTofu ${MINIMUM_TERRAFORM_VERSION} or newer, or set TF_BINARY to its path.`,
    );
  });

  it('refuses a TF_BINARY that does not exist', () => {
    expect(() => resolveTerraform(sandbox.env({ TF_BINARY: join(binDir, 'nope') }))).toThrow(/^TF_BINARY is set to .*nope, but no executable exists there/);
  });

  it('refuses a binary older than 1.10 in one sentence', () => {
    sandbox.setScenario({ version: '1.9.8' });
    expect(() => resolveTerraform(sandbox.env())).toThrow(
      `${FAKE_TERRAFORM} is version 1.9.8, but LQ3 needs Terraform or OpenTofu 1.10 or newer (S3 state locking); install a newer one or point TF_BINARY at it.`,
    );
  });
});

describe('compareVersions', () => {
  it('compares numerically and puts pre-releases before their release', () => {
    expect(compareVersions('1.10.0', '1.9.9')).toBeGreaterThan(0);
    expect(compareVersions('1.10', '1.10.0')).toBe(0);
    expect(compareVersions('1.10.0-beta1', '1.10.0')).toBeLessThan(0);
    expect(compareVersions('2.0.0', '1.99.0')).toBeGreaterThan(0);
  });
});
