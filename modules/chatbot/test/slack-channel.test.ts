import { Testing, TerraformStack } from 'cdktf';
import { SlackChannel, type SlackChannelProps } from '../src';

type Resources = Record<string, Record<string, Record<string, unknown>>>;
const TOPICS = ['arn:aws:sns:eu-central-1:111111111111:lq3-staging01-alarms', 'arn:aws:sns:eu-central-1:111111111111:lq3-account-security'];
const PROPS: SlackChannelProps = { name: 'lq3-staging-alerts', slackTeamId: 'T0123ABCD', slackChannelId: 'C0123ABCDE', snsTopicArns: TOPICS };

function synth(props: Partial<SlackChannelProps> = {}): Resources {
  const stack = new TerraformStack(Testing.app(), 'test');
  new SlackChannel(stack, 'slack', { ...PROPS, ...props });
  return (JSON.parse(Testing.synth(stack)) as { resource: Resources }).resource;
}
const bodies = (resources: Resources, type: string) => Object.values(resources[type] ?? {});

describe('SlackChannel', () => {
  const resources = synth();
  const [channel] = bodies(resources, 'aws_chatbot_slack_channel_configuration');

  test('a channel configuration subscribed to the topics, with a read-only guardrail and no per-user roles', () => {
    expect(channel).toMatchObject({
      configuration_name: 'lq3-staging-alerts',
      slack_team_id: 'T0123ABCD',
      slack_channel_id: 'C0123ABCDE',
      sns_topic_arns: [...TOPICS].sort(),
      guardrail_policy_arns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
      logging_level: 'ERROR',
      user_authorization_required: false,
    });
    expect(channel.iam_role_arn).toMatch(/^\$\{aws_iam_role\.slack_role_[0-9A-F]+\.arn\}$/);
  });

  test('its role is trusted by Chatbot only and may read CloudWatch to render alarms', () => {
    const [role] = bodies(resources, 'aws_iam_role');
    expect(role.name).toBe('lq3-staging-alerts-chatbot');
    expect(JSON.parse(role.assume_role_policy as string).Statement).toEqual([{ Effect: 'Allow', Principal: { Service: 'chatbot.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
    expect(bodies(resources, 'aws_iam_role_policy_attachment').map((a) => a.policy_arn)).toEqual(['arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess']);
  });

  test('refuses an empty or full-access guardrail, bad Slack ids and no topics', () => {
    expect(() => synth({ guardrailPolicyArns: [] })).toThrow('guardrailPolicyArns must not be empty: AWS would apply AdministratorAccess');
    expect(() => synth({ guardrailPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'] })).toThrow('must not grant full access');
    expect(() => synth({ slackTeamId: 'workspace', slackChannelId: '#alerts', snsTopicArns: [] })).toThrow(
      'SlackChannel lq3-staging-alerts: slackTeamId "workspace" must be a Slack workspace id like T0123ABCD (upper-case letters and digits); slackChannelId "#alerts" must be a Slack channel id like C0123ABCDE; snsTopicArns must list at least one topic',
    );
  });
});
