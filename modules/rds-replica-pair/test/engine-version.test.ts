/** Engine versions that survive RDS's own upgrades, and no silent extended-support charges. */
import { TerraformStack, Testing } from 'cdktf';
import { engineVersionProblem, RdsReplicaPair } from '../src';
import { BASE, only, synth } from './helpers';

const build = (overrides: object) => () => new RdsReplicaPair(new TerraformStack(Testing.app(), 'test'), 'db', { ...BASE, ...overrides });

describe('RdsReplicaPair engine version', () => {
  test('refuses a full version with automatic minor upgrades (the next plan would downgrade)', () => {
    expect(build({ engineVersion: '8.0.40' })).toThrow(/engineVersion '8.0.40' pins a minor version while automatic minor upgrades are on.*use '8.0'/);
    expect(build({ engineVersion: '8.0.40', autoMinorVersionUpgrade: false })).not.toThrow();
  });

  test('says whether the writer is enrolled in extended support', () => {
    expect(only(synth().resource, 'aws_db_instance').engine_lifecycle_support).toBe('open-source-rds-extended-support');
    expect(only(synth({ engineVersion: '8.4', extendedSupport: false }).resource, 'aws_db_instance').engine_lifecycle_support).toBe('open-source-rds-extended-support-disabled');
  });

  test('refuses MySQL 8.0 without extended support: it is past standard support and would be billed', () => {
    expect(build({ extendedSupport: false })).toThrow(/MySQL 8.0 is past RDS standard support \(ended 2026-07-31\), so RDS Extended Support is billed per vCPU-hour; set extendedSupport to accept it, or upgrade to 8.4/);
    expect(engineVersionProblem('8.4', true, false)).toBeUndefined();
  });

  test('replicas inherit the writer\'s lifecycle support', () => {
    const { resource } = synth({ readReplicas: 1 });
    const replica = Object.values(resource.aws_db_instance).find((instance) => instance.replicate_source_db)!;
    expect(replica).not.toHaveProperty('engine_lifecycle_support');
  });
});
