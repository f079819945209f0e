/**
 * The CLI against moto server on 127.0.0.1 (the iam-cleanup tests' emulator helper):
 * role assumption into the production account, DescribeDBInstances, the automated
 * backups, DescribeDBSnapshots, both restores and the wait. moto keeps no restore
 * window on automated backups, so the window is the instance's creation to
 * LatestRestorableTime (now) — the tool's documented fallback.
 */
import { CreateDBInstanceCommand, CreateDBSnapshotCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { ACCOUNTS } from '@lq3/live-shared/src/accounts';
import { REGION, START_TIMEOUT_MS, startEmulator, TEST_CREDENTIALS, type Emulator } from '@lq3/iam-cleanup/test/emulator';
import { main } from '../src/cli';
import { PROJECT, run } from './run';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';
const SOURCE = 'lq3-prod-mysql';

describe('restore against moto', () => {
  let emulator: Emulator;
  let rds: RDSClient;
  let created: Date;

  beforeAll(async () => {
    emulator = await startEmulator();
    const common = { region: REGION, endpoint: emulator.url };
    rds = new RDSClient({
      ...common,
      credentials: fromTemporaryCredentials({ params: { RoleArn: ACCOUNTS.production.roleArn, RoleSessionName: 'restore-test-setup' }, masterCredentials: TEST_CREDENTIALS, clientConfig: common }),
    });
    await rds.send(
      new CreateDBInstanceCommand({ DBInstanceIdentifier: SOURCE, Engine: 'mysql', DBInstanceClass: 'db.t4g.small', AllocatedStorage: 20, MasterUsername: 'admin', MasterUserPassword: 'not-a-secret-1', BackupRetentionPeriod: 7 }),
    );
    created = (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: SOURCE }))).DBInstances![0].InstanceCreateTime!;
    await rds.send(new CreateDBSnapshotCommand({ DBInstanceIdentifier: SOURCE, DBSnapshotIdentifier: 'before-the-migration' }));
    await new Promise((resolve) => setTimeout(resolve, 1500));
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    rds?.destroy();
    await emulator?.stop();
  });

  const cli = (args: string[]) => run(main, [PROJECT, '--database', 'prod', '--endpoint-url', emulator.url, '--poll-seconds', '1', ...args], { credentials: TEST_CREDENTIALS });

  test('a dry run prints the plan from the source and changes nothing', async () => {
    const result = await cli(['--latest', '--target', 'lq3-prod-mysql-dry']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('source             lq3-prod-mysql');
    expect(result.stdout).toContain('instance class     db.t4g.small  (from the source)');
    expect(result.stdout).toContain('Dry run: nothing was changed.');
    const all = (await rds.send(new DescribeDBInstancesCommand({}))).DBInstances!.map((db) => db.DBInstanceIdentifier);
    expect(all).toEqual([SOURCE]);
  });

  test('refuses a time before the instance existed, with the window', async () => {
    const result = await cli(['--to-time', '2020-01-01T00:00:00Z', '--yes']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/restore: --to-time 2020-01-01T00:00:00Z is outside the recovery window of lq3-prod-mysql: \S+Z to \S+Z\n$/);
  });

  test('restores to a point in time as a new instance and waits until it is available', async () => {
    const time = new Date(created.getTime() + 1000).toISOString();
    const result = await cli(['--to-time', time, '--target', 'lq3-prod-mysql-pitr', '--yes']);
    expect(result.stderr).toBe('restore: prod in production (222222222222), eu-central-1\n');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/lq3-prod-mysql-pitr: available/);
    expect(result.stdout).toContain('Next steps');
    const restored = (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'lq3-prod-mysql-pitr' }))).DBInstances![0];
    expect(restored).toMatchObject({ DBInstanceClass: 'db.t4g.small', DeletionProtection: true });
  });

  test('restores from a snapshot as a new instance', async () => {
    const result = await cli(['--snapshot', 'before-the-migration', '--target', 'lq3-prod-mysql-snap', '--yes']);
    expect(result.stderr).toBe('restore: prod in production (222222222222), eu-central-1\n');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('restore to         snapshot before-the-migration of lq3-prod-mysql');
    expect(result.stdout).toMatch(/lq3-prod-mysql-snap: available/);
  });

  test('refuses a missing snapshot and an existing target, naming the flag', async () => {
    expect((await cli(['--snapshot', 'no-such-snapshot'])).stderr).toBe('restore: prod in production (222222222222), eu-central-1\nrestore: --snapshot: no snapshot no-such-snapshot in this account and region\n');
    expect((await cli(['--latest', '--target', SOURCE])).stderr).toContain(`restore: --target: a DB instance ${SOURCE} exists already; choose another --target`);
  });
});
