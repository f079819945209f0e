import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';

export interface AlarmTopicProps {
  readonly name: string;
  readonly accountId: string;
  /** Customer-managed key whose policy lets CloudWatch and EventBridge (and `additionalPublishers`) use it. */
  readonly kmsKeyArn: string;
  /**
   * Service principals that may publish besides CloudWatch alarms and EventBridge,
   * e.g. `budgets.amazonaws.com` for AWS Budgets.
   * @default none
   */
  readonly additionalPublishers?: readonly string[];
}

/** Where the env's alarms and job-failure events go (Slack/e-mail subscribe to it). */
export class AlarmTopic extends Construct {
  readonly topicArn: string;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    const topic = new SnsTopic(this, 'topic', { name: props.name, kmsMasterKeyId: props.kmsKeyArn });
    new SnsTopicPolicy(this, 'policy', {
      arn: topic.arn,
      policy: Fn.jsonencode({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AlarmsAndEventsOfThisAccountPublish',
            Effect: 'Allow',
            Principal: { Service: ['cloudwatch.amazonaws.com', 'events.amazonaws.com', ...(props.additionalPublishers ?? [])] },
            Action: 'sns:Publish',
            Resource: topic.arn,
            Condition: { StringEquals: { 'aws:SourceAccount': props.accountId } },
          },
        ],
      }),
    });
    this.topicArn = topic.arn;
  }
}
