/** A major upgrade replaces the parameter group in the same apply, so it cannot wait for the maintenance window. */
import { TerraformStack, Testing } from 'cdktf';
import { RdsReplicaPair } from '../src';
import { BASE, only, synth } from './helpers';

describe('RdsReplicaPair major upgrades', () => {
  test('are refused without applyImmediately, saying why', () => {
    expect(() => new RdsReplicaPair(new TerraformStack(Testing.app(), 'test'), 'db', { ...BASE, engineVersion: '8.4', allowMajorVersionUpgrade: true })).toThrow(
      /allowMajorVersionUpgrade needs applyImmediately: a major upgrade switches to a new parameter group and deletes the old one in the same apply/,
    );
  });

  test('apply immediately with it', () => {
    expect(only(synth({ engineVersion: '8.4', allowMajorVersionUpgrade: true, applyImmediately: true }).resource, 'aws_db_instance')).toMatchObject({ allow_major_version_upgrade: true, apply_immediately: true });
  });
});
