/**
 * The CLI against moto server on 127.0.0.1: role assumption into both accounts,
 * the credential report, GetAccessKeyLastUsed, and every disable/delete call.
 *
 * moto dates everything with the real clock (users are created, keys used
 * "now"); the tool's injected clock is moved forward instead, e.g. 200 days,
 * so that those users are idle. ListServiceSpecificCredentials and
 * DeleteServiceSpecificCredential are the only calls moto does not implement:
 * aws-sdk-client-mock answers those two on the tool's own IAM client and lets
 * every other call through to moto. The fault case makes one DeleteUser fail
 * the same way.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AddUserToGroupCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  DeleteConflictException,
  DeleteServiceSpecificCredentialCommand,
  DeleteUserCommand,
  EnableMFADeviceCommand,
  GetGroupCommand,
  GetLoginProfileCommand,
  ListAccessKeysCommand,
  ListServiceSpecificCredentialsCommand,
  ListUsersCommand,
  ListUserTagsCommand,
  ListVirtualMFADevicesCommand,
  PutUserPolicyCommand,
  UploadSigningCertificateCommand,
  UploadSSHPublicKeyCommand,
  type IAMClient,
  type IAMClientResolvedConfig,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';
import { ACCOUNTS, type AccountName } from '@lq3/live-shared/src/accounts';
import { main } from '../src/cli';
import { assumeRoleClients, type AwsSettings } from '../src/clients';
import { DISABLED_ON_TAG, isoDay } from '../src/decide';
import type { AccountTarget, CleanupReport, UserReport } from '../src/run';
import { accountIam, REGION, START_TIMEOUT_MS, startEmulator, TEST_CREDENTIALS, type Emulator } from './emulator';

// The pinned SDK runs on the repo's Node 20; its notice about future versions is noise here.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

const DAY = 24 * 60 * 60 * 1000;
/** The tool's clock, `days` days after the real one (which moto uses). */
const later = (days: number) => new Date(Date.now() + days * DAY);
const CERTIFICATE = readFileSync(join(__dirname, 'fixtures', 'signing-certificate.pem'), 'utf8');
const SERVICE_CREDENTIAL_ID = 'ACCAEXAMPLE0SERVICE0';

// Generous: a loaded 2-core machine; nothing here measures time.
jest.setTimeout(120_000);


type IamMock = AwsStub<ServiceInputTypes, ServiceOutputTypes, IAMClientResolvedConfig>;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The --json report (when asked for). */
  readonly report: CleanupReport;
  /** The mocks on the tool's IAM clients, by account. */
  readonly mocks: Map<string, IamMock>;
}

describe('against moto server', () => {
  let emulator: Emulator;
  const setup = new Map<AccountName, IAMClient>();
  const iam = (account: AccountName = 'staging') => {
    if (!setup.has(account)) setup.set(account, accountIam(emulator.url, account));
    return setup.get(account) as IAMClient;
  };

  beforeAll(async () => {
    emulator = await startEmulator();
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    for (const client of setup.values()) client.destroy();
    await emulator?.stop();
  }, 60_000);

  beforeEach(async () => {
    await emulator.reset();
    // The reset forgets the assumed roles, so the cached temporary credentials too.
    for (const client of setup.values()) client.destroy();
    setup.clear();
  });

  /**
   * Runs the CLI at `now` with `--json` against the emulator. `fault` may add
   * behaviour to the tool's IAM client mock (every call not matched reaches moto).
   */
  async function run(args: string[], now: Date, options: { fault?: (mock: IamMock) => void; clients?: (target: AccountTarget, settings: AwsSettings) => ReturnType<typeof assumeRoleClients> } = {}): Promise<Run> {
    let stdout = '';
    let stderr = '';
    const mocks = new Map<string, IamMock>();
    const code = await main([...args, '--json', '--endpoint-url', emulator.url], {
      now: () => now,
      sleep: async () => undefined,
      credentials: TEST_CREDENTIALS,
      stdout: (text) => (stdout += text),
      stderr: (text) => (stderr += text),
      clients: (target, settings) => {
        const clients = options.clients ? options.clients(target, settings) : assumeRoleClients(target, settings, 'lq3-iam-cleanup-test');
        const mock: IamMock = mockClient(clients.iam);
        mock.send.callThrough();
        mock.on(ListServiceSpecificCredentialsCommand).resolves({ ServiceSpecificCredentials: [] });
        mock.on(ListServiceSpecificCredentialsCommand, { UserName: 'bob' }).resolves({
          ServiceSpecificCredentials: [{ UserName: 'bob', Status: 'Active', ServiceUserName: 'bob-at-111111111111', CreateDate: new Date(), ServiceSpecificCredentialId: SERVICE_CREDENTIAL_ID, ServiceName: 'codecommit.amazonaws.com' }],
        });
        mock.on(DeleteServiceSpecificCredentialCommand).resolves({});
        options.fault?.(mock);
        mocks.set(target.name, mock);
        return clients;
      },
    });
    let report: CleanupReport;
    try {
      report = JSON.parse(stdout);
    } catch {
      throw new Error(`no JSON report (exit ${code}); stderr:\n${stderr}\nemulator log:\n${emulator.log().slice(-4000)}`);
    }
    return { code, stdout, stderr, report, mocks };
  }

  const users = (report: CleanupReport, account: AccountName = 'staging') => {
    const found = report.accounts.find((candidate) => candidate.account === account);
    if (!found) throw new Error(`no account ${account} in the report`);
    return Object.fromEntries(found.users.map((user) => [user.user, user])) as Record<string, UserReport>;
  };
  /** [user, action] in the report's order. */
  const actions = (report: CleanupReport) => Object.values(users(report)).map((user) => [user.user, user.action]);
  const userNames = async (account: AccountName = 'staging') => ((await iam(account).send(new ListUsersCommand({}))).Users ?? []).map((user) => user.UserName).sort();

  /** alice: console password (never used), a group, inline + managed policies, a virtual MFA device, a signing certificate. */
  async function createAlice(): Promise<string> {
    const client = iam();
    await client.send(new CreateUserCommand({ UserName: 'alice' }));
    await client.send(new CreateLoginProfileCommand({ UserName: 'alice', Password: 'Correct-Horse-9-Battery' }));
    await client.send(new CreateGroupCommand({ GroupName: 'developers' }));
    await client.send(new AddUserToGroupCommand({ UserName: 'alice', GroupName: 'developers' }));
    await client.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'list-buckets', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }] }) }));
    await client.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    const { VirtualMFADevice } = await client.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'alice' }));
    const serial = VirtualMFADevice?.SerialNumber ?? '';
    await client.send(new EnableMFADeviceCommand({ UserName: 'alice', SerialNumber: serial, AuthenticationCode1: '123456', AuthenticationCode2: '654321' }));
    await client.send(new UploadSigningCertificateCommand({ UserName: 'alice', CertificateBody: CERTIFICATE }));
    return serial;
  }

  /** bob: two access keys, one used once (moto records the use "now"), an SSH key; a service credential through the mock. */
  async function createBob(): Promise<void> {
    const client = iam();
    await client.send(new CreateUserCommand({ UserName: 'bob' }));
    const { AccessKey } = await client.send(new CreateAccessKeyCommand({ UserName: 'bob' }));
    await client.send(new CreateAccessKeyCommand({ UserName: 'bob' }));
    const asBob = new STSClient({ region: REGION, endpoint: emulator.url, credentials: { accessKeyId: AccessKey?.AccessKeyId ?? '', secretAccessKey: AccessKey?.SecretAccessKey ?? '' } });
    try {
      expect((await asBob.send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:iam::${ACCOUNTS.staging.id}:user/bob`);
    } finally {
      asBob.destroy();
    }
    await client.send(new UploadSSHPublicKeyCommand({ UserName: 'bob', SSHPublicKeyBody: 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 bob@example' }));
  }

  /** carol: nothing at all; ci-bot: tagged lq3:keep=true, with a key; break-glass: kept by name. */
  async function createOthers(): Promise<void> {
    const client = iam();
    await client.send(new CreateUserCommand({ UserName: 'carol' }));
    await client.send(new CreateUserCommand({ UserName: 'ci-bot', Tags: [{ Key: 'lq3:keep', Value: 'true' }] }));
    await client.send(new CreateAccessKeyCommand({ UserName: 'ci-bot' }));
    await client.send(new CreateUserCommand({ UserName: 'break-glass' }));
    await client.send(new CreateLoginProfileCommand({ UserName: 'break-glass', Password: 'Correct-Horse-9-Battery' }));
  }

  /** All of the above in staging; returns alice's MFA serial. */
  async function createUsers(): Promise<string> {
    const aliceMfa = await createAlice();
    await createBob();
    await createOthers();
    return aliceMfa;
  }

  it('dry run: reads the credential report and the live calls in both accounts, decides, and changes nothing', async () => {
    await createUsers();
    await iam('production').send(new CreateUserCommand({ UserName: 'dave' }));

    const fresh = await run(['--keep', 'break-glass'], later(10));
    expect(fresh.code).toBe(0);
    expect(actions(fresh.report)).toEqual([
      ['break-glass', 'keep'],
      ['ci-bot', 'keep'],
      ['alice', 'none'],
      ['bob', 'none'],
      ['carol', 'none'],
    ]);

    const stale = await run(['--keep', 'break-glass'], later(200));
    expect(stale.code).toBe(0);
    const staging = users(stale.report);
    const today = isoDay(new Date());
    expect(staging['alice']).toMatchObject({
      action: 'disable',
      password: true,
      lastConsoleUse: null,
      lastKeyUse: null,
      groups: ['developers'],
      policies: ['list-buckets', 'ReadOnlyAccess'],
      mfaDevices: [expect.stringMatching(/^arn:aws:iam::111111111111:mfa\/alice$/)],
      plan: `disable: delete password, tag ${DISABLED_ON_TAG}=${isoDay(later(200))}`,
      reason: expect.stringMatching(/^never used, 200 days idle \(>= 180\)$/),
    });
    // GetAccessKeyLastUsed (and the report) date bob's one used key today; the other key never.
    expect(staging['bob']).toMatchObject({ action: 'disable', password: false, lastKeyUse: today, plan: `disable: deactivate 2 keys, tag ${DISABLED_ON_TAG}=${isoDay(later(200))}` });
    expect(staging['bob'].accessKeys.map((key) => key.lastUsed?.slice(0, 10) ?? null).sort()).toEqual([today, null].sort());
    expect(staging['carol']).toMatchObject({ action: 'disable', plan: `disable: tag ${DISABLED_ON_TAG}=${isoDay(later(200))}` });
    expect(staging['ci-bot']).toMatchObject({ action: 'keep', reason: 'allow-listed by tag lq3:keep=true' });
    expect(staging['break-glass']).toMatchObject({ action: 'keep', reason: 'allow-listed by name' });
    expect(users(stale.report, 'production')['dave']).toMatchObject({ action: 'disable', arn: `arn:aws:iam::${ACCOUNTS.production.id}:user/dave` });
    // moto answers GetCredentialReport with a fixed GeneratedTime; it was read and parsed.
    expect(stale.report.accounts.map((account) => account.credentialReportGenerated)).toEqual(['2015-02-02T20:02:02.000Z', '2015-02-02T20:02:02.000Z']);
    expect(stale.stderr).toContain(`[staging ${ACCOUNTS.staging.id}] as arn:aws:sts::${ACCOUNTS.staging.id}:assumed-role/lq3-terraform/`);

    // A dry run changes nothing: no write call was made, and IAM says so too.
    const calls = [...stale.mocks.values()].flatMap((mock) => mock.send.getCalls().map((call) => (call.args[0] as object).constructor.name));
    expect(calls.filter((name) => !/^(Get|List|Generate)/.test(name))).toEqual([]);
    await expect(iam().send(new GetLoginProfileCommand({ UserName: 'alice' }))).resolves.toBeDefined();
    const keys = await iam().send(new ListAccessKeysCommand({ UserName: 'bob' }));
    expect(keys.AccessKeyMetadata?.map((key) => key.Status)).toEqual(['Active', 'Active']);
    expect((await iam().send(new ListUserTagsCommand({ UserName: 'carol' }))).Tags).toEqual([]);
  });

  it('--apply disables first, waits M days, then deletes everything IAM requires, in its order', async () => {
    const aliceMfa = await createUsers();
    const disableDay = later(200);

    const disable = await run(['--account', 'staging', '--keep', 'break-glass', '--apply'], disableDay);
    expect(disable.code).toBe(0);
    expect(Object.values(users(disable.report)).filter((user) => user.outcome).map((user) => [user.user, user.outcome?.ok])).toEqual([
      ['alice', true],
      ['bob', true],
      ['carol', true],
    ]);
    const tag = [{ Key: DISABLED_ON_TAG, Value: isoDay(disableDay) }];
    for (const name of ['alice', 'bob', 'carol']) expect((await iam().send(new ListUserTagsCommand({ UserName: name }))).Tags).toEqual(tag);
    await expect(iam().send(new GetLoginProfileCommand({ UserName: 'alice' }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
    expect((await iam().send(new ListAccessKeysCommand({ UserName: 'bob' }))).AccessKeyMetadata?.map((key) => key.Status)).toEqual(['Inactive', 'Inactive']);
    // The allow-listed users keep their credentials and get no tag.
    await expect(iam().send(new GetLoginProfileCommand({ UserName: 'break-glass' }))).resolves.toBeDefined();
    expect((await iam().send(new ListUserTagsCommand({ UserName: 'ci-bot' }))).Tags).toEqual([{ Key: 'lq3:keep', Value: 'true' }]);
    expect(disable.stderr).toMatch(/alice: DeleteLoginProfile: ok/);
    expect(disable.stderr).toMatch(/bob: UpdateAccessKey \w+ Inactive: ok/);
    expect(disable.stderr).toMatch(new RegExp(`carol: TagUser ${DISABLED_ON_TAG}=${isoDay(disableDay)}: ok`));

    // M - 1 days later: nothing to delete yet.
    const early = await run(['--account', 'staging', '--keep', 'break-glass', '--apply'], new Date(disableDay.getTime() + 29 * DAY));
    expect(early.code).toBe(0);
    expect(actions(early.report)).toEqual([
      ['alice', 'wait'],
      ['bob', 'wait'],
      ['carol', 'wait'],
      ['break-glass', 'keep'],
      ['ci-bot', 'keep'],
    ]);
    expect(await userNames()).toEqual(['alice', 'bob', 'break-glass', 'carol', 'ci-bot']);

    // M days later: deleted, with everything attached to them.
    const deletion = await run(['--account', 'staging', '--keep', 'break-glass', '--apply'], new Date(disableDay.getTime() + 30 * DAY));
    expect(deletion.code).toBe(0);
    expect(await userNames()).toEqual(['break-glass', 'ci-bot']);
    expect((await iam().send(new ListVirtualMFADevicesCommand({}))).VirtualMFADevices?.map((device) => device.SerialNumber)).not.toContain(aliceMfa);
    expect((await iam().send(new GetGroupCommand({ GroupName: 'developers' }))).Users).toEqual([]);

    const steps = (name: string) => users(deletion.report)[name].outcome?.steps.map((step) => step.step);
    const calls = (name: string) => steps(name)?.map((step) => step.split(' ')[0]);
    expect(calls('alice')).toEqual(['DeleteSigningCertificate', 'DeactivateMFADevice', 'DeleteVirtualMFADevice', 'DeleteUserPolicy', 'DetachUserPolicy', 'RemoveUserFromGroup', 'DeleteUser']);
    expect(steps('alice')).toEqual(expect.arrayContaining([`DeleteVirtualMFADevice ${aliceMfa}`, 'DeleteUserPolicy list-buckets', 'DetachUserPolicy arn:aws:iam::aws:policy/ReadOnlyAccess', 'RemoveUserFromGroup developers']));
    expect(calls('bob')).toEqual(['DeleteAccessKey', 'DeleteAccessKey', 'DeleteSSHPublicKey', 'DeleteServiceSpecificCredential', 'DeleteUser']);
    expect(steps('bob')).toContain(`DeleteServiceSpecificCredential ${SERVICE_CREDENTIAL_ID} (codecommit.amazonaws.com)`);
    expect(steps('carol')).toEqual(['DeleteUser']);
    expect(deletion.mocks.get('staging')?.commandCalls(DeleteServiceSpecificCredentialCommand).map((call) => call.args[0].input)).toEqual([{ UserName: 'bob', ServiceSpecificCredentialId: SERVICE_CREDENTIAL_ID }]);
  });

  it('a user whose deletion fails does not stop the others, and the exit code is 1', async () => {
    await createUsers();
    const disableDay = later(200);
    expect((await run(['--account', 'staging', '--keep', 'break-glass', '--apply'], disableDay)).code).toBe(0);

    const deletion = await run(['--account', 'staging', '--keep', 'break-glass', '--apply'], new Date(disableDay.getTime() + 31 * DAY), {
      fault: (mock) => {
        mock.on(DeleteUserCommand, { UserName: 'bob' }).rejects(new DeleteConflictException({ message: 'Cannot delete entity, must remove tokens from principal first.', $metadata: { httpStatusCode: 409 } }));
      },
    });
    expect(deletion.code).toBe(1);
    const report = users(deletion.report);
    expect(report['bob'].outcome).toMatchObject({ ok: false, error: 'DeleteUser: DeleteConflictException: Cannot delete entity, must remove tokens from principal first.' });
    expect(report['alice'].outcome?.ok).toBe(true);
    expect(report['carol'].outcome?.ok).toBe(true);
    // alice comes before bob, carol after him: both deleted all the same.
    expect(await userNames()).toEqual(['bob', 'break-glass', 'ci-bot']);
    expect(deletion.stderr).toMatch(/bob: DeleteUser: FAILED \(DeleteConflictException: Cannot delete entity/);
  });

  it('refuses credentials that land in another account, and goes on with the next account', async () => {
    await iam('staging').send(new CreateUserCommand({ UserName: 'erin' }));
    await iam('production').send(new CreateUserCommand({ UserName: 'dave' }));
    const wrongRole = (target: AccountTarget, settings: AwsSettings) =>
      assumeRoleClients(target.name === 'staging' ? { ...target, roleArn: ACCOUNTS.production.roleArn } : target, settings, 'lq3-iam-cleanup-test');
    const result = await run(['--apply'], later(200), { clients: wrongRole });
    expect(result.code).toBe(1);
    expect(result.report.accounts[0]).toMatchObject({ account: 'staging', error: `the credentials are for account ${ACCOUNTS.production.id}, not ${ACCOUNTS.staging.id}; refusing to touch it`, users: [] });
    expect(users(result.report, 'production')['dave'].outcome?.ok).toBe(true);
    // staging's user was left alone although production's role could have reached... production only.
    expect((await iam('staging').send(new ListUserTagsCommand({ UserName: 'erin' }))).Tags).toEqual([]);
  });
});
