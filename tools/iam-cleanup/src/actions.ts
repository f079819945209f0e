/**
 * The changes `--apply` makes to one user, one API call a step, each logged.
 * The first failing step ends that user's run (later steps would fail or leave
 * it half done) and is reported; the caller goes on with the next user.
 *
 *  - disable: DeleteLoginProfile, UpdateAccessKey Inactive (each active key),
 *    then TagUser lq3:disabled-on=<today> — tagged last, so the M days only
 *    start once nothing is left to sign in with.
 *  - delete: what IAM requires gone before DeleteUser, in the order of AWS's
 *    "Deleting an IAM user" procedure, each listed afresh: login profile,
 *    access keys, signing certificates, SSH public keys, service-specific
 *    credentials, MFA devices (deactivated; virtual ones deleted), inline
 *    policies, attached policies, group memberships; then DeleteUser.
 *  - untag: UntagUser lq3:disabled-on (a re-enabled user in use again).
 */
import {
  DeactivateMFADeviceCommand,
  DeleteAccessKeyCommand,
  DeleteLoginProfileCommand,
  DeleteServiceSpecificCredentialCommand,
  DeleteSigningCertificateCommand,
  DeleteSSHPublicKeyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  DeleteVirtualMFADeviceCommand,
  DetachUserPolicyCommand,
  GetLoginProfileCommand,
  ListServiceSpecificCredentialsCommand,
  paginateListAccessKeys,
  paginateListAttachedUserPolicies,
  paginateListGroupsForUser,
  paginateListMFADevices,
  paginateListSigningCertificates,
  paginateListSSHPublicKeys,
  paginateListUserPolicies,
  RemoveUserFromGroupCommand,
  TagUserCommand,
  UntagUserCommand,
  UpdateAccessKeyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { DISABLED_ON_TAG, type UserFacts } from './decide';
import { collect, errorText, isNoSuchEntity } from './inventory';

export interface StepRecord {
  /** The API call and its object, e.g. `DeleteAccessKey AKIA…`. */
  readonly step: string;
  readonly ok: boolean;
  readonly error?: string;
}

export interface Outcome {
  readonly ok: boolean;
  readonly steps: StepRecord[];
  /** The failed step and why. */
  readonly error?: string;
}

/** Receives one line per step, as it happens. */
export type StepLog = (line: string) => void;

class StepFailed extends Error {}

type Step = (step: string, call: () => Promise<unknown>) => Promise<void>;
type Read = <T>(what: string, call: () => Promise<T>) => Promise<T>;

/** Runs `body` for one user, recording and logging every step; never throws. */
async function perform(userName: string, log: StepLog, body: (step: Step, read: Read) => Promise<void>): Promise<Outcome> {
  const steps: StepRecord[] = [];
  const fail = (step: string, error: unknown): never => {
    const text = errorText(error);
    steps.push({ step, ok: false, error: text });
    log(`${userName}: ${step}: FAILED (${text})`);
    throw new StepFailed(`${step}: ${text}`);
  };
  const step: Step = async (name, call) => {
    try {
      await call();
    } catch (error) {
      fail(name, error);
    }
    steps.push({ step: name, ok: true });
    log(`${userName}: ${name}: ok`);
  };
  const read: Read = async (what, call) => {
    try {
      return await call();
    } catch (error) {
      return fail(what, error);
    }
  };
  try {
    await body(step, read);
    return { ok: true, steps };
  } catch (error) {
    return { ok: false, steps, error: error instanceof StepFailed ? error.message : errorText(error) };
  }
}

/** Deletes the password, deactivates every active key, then tags the user with `today`. */
export function disableUser(iam: IAMClient, user: UserFacts, today: string, log: StepLog): Promise<Outcome> {
  const UserName = user.name;
  return perform(UserName, log, async (step) => {
    if (user.password) {
      await step('DeleteLoginProfile', async () => {
        try {
          await iam.send(new DeleteLoginProfileCommand({ UserName }));
        } catch (error) {
          if (!isNoSuchEntity(error)) throw error;
        }
      });
    }
    for (const key of user.accessKeys.filter((candidate) => candidate.active)) {
      await step(`UpdateAccessKey ${key.id} Inactive`, () => iam.send(new UpdateAccessKeyCommand({ UserName, AccessKeyId: key.id, Status: 'Inactive' })));
    }
    await step(`TagUser ${DISABLED_ON_TAG}=${today}`, () => iam.send(new TagUserCommand({ UserName, Tags: [{ Key: DISABLED_ON_TAG, Value: today }] })));
  });
}

/** Removes the disabled-on tag of a user who was re-enabled and is in use. */
export function untagUser(iam: IAMClient, user: UserFacts, log: StepLog): Promise<Outcome> {
  return perform(user.name, log, (step) => step(`UntagUser ${DISABLED_ON_TAG}`, () => iam.send(new UntagUserCommand({ UserName: user.name, TagKeys: [DISABLED_ON_TAG] }))));
}

/** A virtual MFA device's serial is its ARN (`arn:aws:iam::<id>:mfa/<name>`); hardware devices have a plain serial. */
export const isVirtualMfa = (serial: string) => /^arn:aws[\w-]*:iam::\d{12}:mfa\//.test(serial);

/** Removes everything IAM requires gone, in IAM's order, then the user. */
export function deleteUser(iam: IAMClient, userName: string, log: StepLog): Promise<Outcome> {
  const UserName = userName;
  const client = { client: iam };
  return perform(userName, log, async (step, read) => {
    const hasPassword = await read('GetLoginProfile', async () => {
      try {
        await iam.send(new GetLoginProfileCommand({ UserName }));
        return true;
      } catch (error) {
        if (isNoSuchEntity(error)) return false;
        throw error;
      }
    });
    if (hasPassword) await step('DeleteLoginProfile', () => iam.send(new DeleteLoginProfileCommand({ UserName })));

    for (const key of await read('ListAccessKeys', () => collect(paginateListAccessKeys(client, { UserName }), (page) => page.AccessKeyMetadata))) {
      await step(`DeleteAccessKey ${key.AccessKeyId}`, () => iam.send(new DeleteAccessKeyCommand({ UserName, AccessKeyId: key.AccessKeyId })));
    }
    for (const certificate of await read('ListSigningCertificates', () => collect(paginateListSigningCertificates(client, { UserName }), (page) => page.Certificates))) {
      await step(`DeleteSigningCertificate ${certificate.CertificateId}`, () => iam.send(new DeleteSigningCertificateCommand({ UserName, CertificateId: certificate.CertificateId })));
    }
    for (const key of await read('ListSSHPublicKeys', () => collect(paginateListSSHPublicKeys(client, { UserName }), (page) => page.SSHPublicKeys))) {
      await step(`DeleteSSHPublicKey ${key.SSHPublicKeyId}`, () => iam.send(new DeleteSSHPublicKeyCommand({ UserName, SSHPublicKeyId: key.SSHPublicKeyId })));
    }
    const serviceCredentials = await read('ListServiceSpecificCredentials', () => iam.send(new ListServiceSpecificCredentialsCommand({ UserName })));
    for (const credential of serviceCredentials.ServiceSpecificCredentials ?? []) {
      const id = credential.ServiceSpecificCredentialId;
      await step(`DeleteServiceSpecificCredential ${id} (${credential.ServiceName})`, () => iam.send(new DeleteServiceSpecificCredentialCommand({ UserName, ServiceSpecificCredentialId: id })));
    }
    for (const device of await read('ListMFADevices', () => collect(paginateListMFADevices(client, { UserName }), (page) => page.MFADevices))) {
      const SerialNumber = device.SerialNumber ?? '';
      await step(`DeactivateMFADevice ${SerialNumber}`, () => iam.send(new DeactivateMFADeviceCommand({ UserName, SerialNumber })));
      if (isVirtualMfa(SerialNumber)) await step(`DeleteVirtualMFADevice ${SerialNumber}`, () => iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber })));
    }
    for (const PolicyName of await read('ListUserPolicies', () => collect(paginateListUserPolicies(client, { UserName }), (page) => page.PolicyNames))) {
      await step(`DeleteUserPolicy ${PolicyName}`, () => iam.send(new DeleteUserPolicyCommand({ UserName, PolicyName })));
    }
    for (const policy of await read('ListAttachedUserPolicies', () => collect(paginateListAttachedUserPolicies(client, { UserName }), (page) => page.AttachedPolicies))) {
      await step(`DetachUserPolicy ${policy.PolicyArn}`, () => iam.send(new DetachUserPolicyCommand({ UserName, PolicyArn: policy.PolicyArn })));
    }
    for (const group of await read('ListGroupsForUser', () => collect(paginateListGroupsForUser(client, { UserName }), (page) => page.Groups))) {
      await step(`RemoveUserFromGroup ${group.GroupName}`, () => iam.send(new RemoveUserFromGroupCommand({ UserName, GroupName: group.GroupName })));
    }
    await step('DeleteUser', () => iam.send(new DeleteUserCommand({ UserName })));
  });
}
