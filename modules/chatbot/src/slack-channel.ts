import { ChatbotSlackChannelConfiguration } from '@cdktf/provider-aws/lib/chatbot-slack-channel-configuration';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import pkg from '../package.json';

const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const CLOUDWATCH_READ_ONLY = 'arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess';
/** Guardrails AWS would apply for an empty list, and their equivalents: never for a notification channel. */
const FULL_ACCESS = /^arn:aws:iam::aws:policy\/(AdministratorAccess|PowerUserAccess|IAMFullAccess)$/;

export interface SlackChannelProps {
  /** Channel configuration name, unique in the account, e.g. `lq3-staging-alerts`: 1-56 letters, digits, `-`, `_` (the role adds `-chatbot`). */
  readonly name: string;
  /** Slack workspace (team) id, shown in the AWS Chatbot console once the workspace is authorised: `T` + letters and digits. */
  readonly slackTeamId: string;
  /** Slack channel id (channel details, About: `C0123ABCDE`). AWS allows one configuration per channel and account. */
  readonly slackChannelId: string;
  /** SNS topics whose messages the channel gets (alarms, events as Chatbot notifications, budgets). */
  readonly snsTopicArns: readonly string[];
  /**
   * Guardrails: the most any command run from the channel may do. Never empty
   * (AWS would then apply AdministratorAccess) and never full access.
   * @default ['arn:aws:iam::aws:policy/ReadOnlyAccess']
   */
  readonly guardrailPolicyArns?: readonly string[];
  /**
   * Managed policies of the channel role Chatbot uses to render notifications (graphs of alarms) and answer read-only commands.
   * @default ['arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess']
   */
  readonly channelRolePolicyArns?: readonly string[];
  /**
   * What Chatbot logs to CloudWatch Logs: `ERROR`, `INFO` or `NONE`.
   * @default 'ERROR'
   */
  readonly loggingLevel?: 'ERROR' | 'INFO' | 'NONE';
}

/**
 * An AWS Chatbot Slack channel: the channel configuration subscribed to SNS
 * topics, the role Chatbot assumes for it, and a read-only guardrail. The Slack
 * workspace must have been authorised once in the AWS Chatbot console of the
 * account; the channel needs the AWS app invited (`/invite @Amazon Q`) when private.
 */
export class SlackChannel extends Construct {
  readonly configurationArn: string;
  readonly roleArn: string;

  constructor(scope: Construct, id: string, props: SlackChannelProps) {
    super(scope, id);
    this.node.addMetadata('lq3:module', { name: pkg.name, version: pkg.version });
    const guardrails = [...(props.guardrailPolicyArns ?? [READ_ONLY])];
    validate(props, guardrails);

    const role = new IamRole(this, 'role', {
      name: `${props.name}-chatbot`,
      description: `AWS Chatbot renders notifications for Slack channel configuration ${props.name}`,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'chatbot.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
    });
    (props.channelRolePolicyArns ?? [CLOUDWATCH_READ_ONLY]).forEach((policyArn, index) => {
      new IamRolePolicyAttachment(this, `role-policy-${index}`, { role: role.name, policyArn });
    });
    const channel = new ChatbotSlackChannelConfiguration(this, 'channel', {
      configurationName: props.name,
      slackTeamId: props.slackTeamId,
      slackChannelId: props.slackChannelId,
      iamRoleArn: role.arn,
      snsTopicArns: [...props.snsTopicArns].sort(),
      guardrailPolicyArns: guardrails,
      loggingLevel: props.loggingLevel ?? 'ERROR',
      // Notifications only: nobody runs commands as themselves from the channel.
      userAuthorizationRequired: false,
    });
    this.configurationArn = channel.chatConfigurationArn;
    this.roleArn = role.arn;
  }
}

function validate(props: SlackChannelProps, guardrails: string[]): void {
  const problems: string[] = [];
  if (!/^[A-Za-z0-9_-]{1,56}$/.test(props.name)) problems.push(`name "${props.name}" must be 1-56 letters, digits, "-" or "_"`);
  if (!/^T[0-9A-Z]{2,}$/.test(props.slackTeamId)) problems.push(`slackTeamId "${props.slackTeamId}" must be a Slack workspace id like T0123ABCD (upper-case letters and digits)`);
  if (!/^[CG][0-9A-Z]{2,}$/.test(props.slackChannelId)) problems.push(`slackChannelId "${props.slackChannelId}" must be a Slack channel id like C0123ABCDE`);
  if (props.snsTopicArns.length === 0) problems.push('snsTopicArns must list at least one topic');
  if (new Set(props.snsTopicArns).size !== props.snsTopicArns.length) problems.push('snsTopicArns lists a topic twice');
  if (guardrails.length === 0) problems.push('guardrailPolicyArns must not be empty: AWS would apply AdministratorAccess');
  const full = guardrails.filter((arn) => FULL_ACCESS.test(arn));
  if (full.length > 0) problems.push(`guardrailPolicyArns must not grant full access (${full.join(', ')}); the channel is for notifications and read-only commands`);
  if (problems.length > 0) throw new Error(`SlackChannel ${props.name}: ${problems.join('; ')}`);
}
