/**
 * Every bad input gets one line naming the flag and exit 2; the window, the plan, the
 * bounded wait and a failed restore through aws-sdk-client-mock (what moto cannot do:
 * a real RestoreWindow, statuses that take time, a restore that fails).
 */
import {
  DescribeDBInstanceAutomatedBackupsCommand,
  DescribeDBInstancesCommand,
  RDSClient,
  RestoreDBInstanceToPointInTimeCommand,
  type DBInstance,
} from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { main } from '../src/cli';
import { PROJECT, run } from './run';

const NOW = new Date('2026-12-03T12:00:00Z');
const SOURCE: DBInstance = {
  DBInstanceIdentifier: 'lq3-prod-mysql',
  DBInstanceClass: 'db.r6g.large',
  DBSubnetGroup: { DBSubnetGroupName: 'lq3-prod-db' },
  VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-0123' }],
  DBParameterGroups: [{ DBParameterGroupName: 'lq3-prod-mysql80' }],
  MultiAZ: true,
  BackupRetentionPeriod: 35,
  InstanceCreateTime: new Date('2026-01-01T00:00:00Z'),
  LatestRestorableTime: new Date('2026-12-03T11:55:00Z'),
  DBInstanceStatus: 'available',
};
const notFound = Object.assign(new Error('not found'), { name: 'DBInstanceNotFoundFault' });

function mocked(statuses: string[] = ['creating', 'creating', 'backing-up', 'available']) {
  const client = new RDSClient({ region: 'eu-central-1' });
  const rds = mockClient(client);
  rds.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: 'lq3-prod-mysql' }).resolves({ DBInstances: [SOURCE] });
  const target = rds.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: 'lq3-prod-mysql-r202612031200' }).rejectsOnce(notFound);
  for (const status of statuses) target.resolvesOnce({ DBInstances: [{ DBInstanceStatus: status, Endpoint: { Address: 'restored.example', Port: 3306 } }] });
  rds.on(DescribeDBInstanceAutomatedBackupsCommand).resolves({ DBInstanceAutomatedBackups: [{ RestoreWindow: { EarliestTime: new Date('2026-10-29T12:00:00Z'), LatestTime: SOURCE.LatestRestorableTime } }] });
  rds.on(RestoreDBInstanceToPointInTimeCommand).resolves({});
  return { rds, deps: { rds: () => client, now: () => NOW } };
}

describe('usage errors: one line naming the flag, exit 2', () => {
  test.each<[string[], string]>([
    [['--database', 'prod', '--latest'], 'needs exactly one live project directory, e.g. live/production01 (got 0)'],
    [[PROJECT, '--latest'], '--database is required: the env whose database to restore'],
    [[PROJECT, '--database', 'prod'], 'say what to restore to: --to-time <time>, --latest or --snapshot <id>'],
    [[PROJECT, '--database', 'prod', '--latest', '--snapshot', 'x'], '--latest and --snapshot contradict each other; give one'],
    [[PROJECT, '--database', 'prod', '--to-time', 'yesterday'], '--to-time "yesterday" is not an ISO 8601 time with a zone, e.g. 2026-12-01T10:00:00Z'],
    [[PROJECT, '--database', 'prod', '--to-time', '2026-12-01T10:00:00'], '--to-time "2026-12-01T10:00:00" is not an ISO 8601 time with a zone, e.g. 2026-12-01T10:00:00Z'],
    [[PROJECT, '--database', 'prod', '--snapshot', '1bad'], '--snapshot "1bad" is not a DB snapshot identifier or ARN'],
    [[PROJECT, '--database', 'prod', '--latest', '--target', 'Bad_Name'], '--target "Bad_Name" is not a DB instance identifier (1-63 lower-case letters, digits, single hyphens, starting with a letter)'],
    [[PROJECT, '--database', 'prod', '--latest', '--wait-minutes', '0'], '--wait-minutes takes a whole number from 1 to 1440 (got "0")'],
    [[PROJECT, '--database', 'prod', '--latest', '--poll-seconds', 'often'], '--poll-seconds takes a whole number from 1 to 3600 (got "often")'],
    [[PROJECT, '--database', 'prod', '--latest', '--endpoint-url', 'localhost'], '--endpoint-url "localhost" is no http(s) URL'],
    [[PROJECT, '--database', 'staging01', '--latest'], '--database "staging01" is not an env of ' + PROJECT + ' (prod)'],
    [[PROJECT, '--database', 'prod', '--latest', '--force'], "Unknown option '--force'."],
  ])('%j', async (argv, message) => {
    const result = await run(main, argv, mocked().deps);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    // Node words the rest of its own parser's messages differently across versions.
    expect(result.stderr.split('\n')[0].slice(0, `restore: ${message}`.length)).toBe(`restore: ${message}`);
  });
});

describe('the recovery window', () => {
  test('a time outside it is refused with the window from the automated backups', async () => {
    const { deps, rds } = mocked();
    const result = await run(main, [PROJECT, '--database', 'prod', '--to-time', '2026-10-01T00:00:00Z', '--yes'], deps);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('restore: --to-time 2026-10-01T00:00:00Z is outside the recovery window of lq3-prod-mysql: 2026-10-29T12:00:00Z to 2026-12-03T11:55:00Z\n');
    expect(rds.commandCalls(RestoreDBInstanceToPointInTimeCommand)).toHaveLength(0);
  });

  test('a time after the latest restorable time is refused too', async () => {
    const result = await run(main, [PROJECT, '--database', 'lq3-prod-mysql', '--to-time', '2026-12-03T11:59:00Z'], mocked().deps);
    expect(result.stderr).toContain('is outside the recovery window of lq3-prod-mysql: 2026-10-29T12:00:00Z to 2026-12-03T11:55:00Z');
  });
});

describe('a restore to a point in time', () => {
  test('plans with the source settings, restores a new instance, waits with progress, prints the next steps', async () => {
    const { deps, rds } = mocked();
    const result = await run(main, [PROJECT, '--database', 'prod', '--to-time', '2026-12-01T10:00:00Z', '--yes'], deps);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('new instance       lq3-prod-mysql-r202612031200');
    expect(result.stdout).toContain('security groups    sg-0123  (from the source)');
    expect(result.stdout.match(/lq3-prod-mysql-r202612031200: (\S+)/g)).toEqual([
      'lq3-prod-mysql-r202612031200: creating',
      'lq3-prod-mysql-r202612031200: backing-up',
      'lq3-prod-mysql-r202612031200: available',
    ]);
    expect(result.stdout).toContain('is available at restored.example:3306');
    expect(rds.commandCalls(RestoreDBInstanceToPointInTimeCommand)[0].args[0].input).toMatchObject({
      SourceDBInstanceIdentifier: 'lq3-prod-mysql',
      TargetDBInstanceIdentifier: 'lq3-prod-mysql-r202612031200',
      RestoreTime: new Date('2026-12-01T10:00:00Z'),
      DBInstanceClass: 'db.r6g.large',
      DBSubnetGroupName: 'lq3-prod-db',
      VpcSecurityGroupIds: ['sg-0123'],
      DBParameterGroupName: 'lq3-prod-mysql80',
      MultiAZ: true,
      DeletionProtection: true,
      PubliclyAccessible: false,
    });
  });

  test('gives up waiting after --wait-minutes, exit 1, saying the restore goes on', async () => {
    let clock = NOW.getTime();
    const { deps } = mocked(Array(20).fill('creating'));
    const result = await run(main, [PROJECT, '--database', 'prod', '--latest', '--yes', '--wait-minutes', '2', '--poll-seconds', '30'], {
      ...deps,
      now: () => new Date(clock),
      sleep: async (ms) => void (clock += ms),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('restore: lq3-prod-mysql-r202612031200 is still creating after 2 minutes (--wait-minutes); it keeps restoring');
  });

  test('a restore that fails ends with its status, exit 1', async () => {
    const result = await run(main, [PROJECT, '--database', 'prod', '--latest', '--yes'], mocked(['creating', 'incompatible-parameters']).deps);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ended in status incompatible-parameters');
  });

  test('an AWS error names itself, exit 1', async () => {
    const { deps, rds } = mocked();
    rds.on(RestoreDBInstanceToPointInTimeCommand).rejects(Object.assign(new Error('quota reached'), { name: 'InstanceQuotaExceededFault' }));
    const result = await run(main, [PROJECT, '--database', 'prod', '--latest', '--yes'], deps);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('restore: InstanceQuotaExceededFault: quota reached');
  });
});
