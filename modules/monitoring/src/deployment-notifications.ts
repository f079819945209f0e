import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { Construct } from 'constructs';
import { chatbotNotification } from './chatbot-notification';
import { announceModule, boundedName, NAME, refuse } from './names';

/** What a deployment message names: where, what, which version. */
export interface DeploymentSubject {
  /** The environment, e.g. `staging01`. */
  readonly environment: string;
  /** The app or service as people call it, e.g. `api`. */
  readonly app: string;
  /** The image tag (or digest) the service is configured to run. */
  readonly imageTag: string;
}

export interface DeploymentNotificationsProps {
  /** Prefix of the EventBridge rule names, e.g. `lq3-staging01-api` (cut with a hash to fit 64 characters). */
  readonly name: string;
  /** ARN of the ECS service whose deployments are reported. */
  readonly serviceArn: string;
  /**
   * SNS topic the messages go to. Its policy must let `events.amazonaws.com`
   * publish (and its KMS key, if any, let EventBridge use it).
   */
  readonly topicArn: string;
  readonly subject: DeploymentSubject;
}

/** A deployment state ECS reports, and how a message about it reads. */
interface DeploymentState {
  readonly id: 'started' | 'rollback' | 'failed' | 'completed';
  readonly eventName: string;
  readonly reason?: Record<string, unknown>;
  readonly title: (subject: DeploymentSubject) => string;
  /** May hold the event's `<deployment>`, `<reason>` and `<time>`. */
  readonly description: (subject: DeploymentSubject) => string;
}

/** ECS writes this at the start of the reason of a rollback deployment. */
const ROLLBACK_REASON_PREFIX = 'ECS deployment circuit breaker';

export const DEPLOYMENT_STATES: readonly DeploymentState[] = [
  {
    id: 'started',
    eventName: 'SERVICE_DEPLOYMENT_IN_PROGRESS',
    reason: { 'anything-but': { prefix: ROLLBACK_REASON_PREFIX } },
    title: (s) => `:rocket: ${s.environment} · ${s.app}: deploying ${s.imageTag}`,
    description: () => 'Deployment <deployment> started at <time>: <reason>',
  },
  {
    id: 'rollback',
    eventName: 'SERVICE_DEPLOYMENT_IN_PROGRESS',
    reason: { prefix: ROLLBACK_REASON_PREFIX },
    title: (s) => `:leftwards_arrow_with_hook: ${s.environment} · ${s.app}: rolling back from ${s.imageTag}`,
    description: () => 'Rollback <deployment> started at <time>: <reason>',
  },
  {
    id: 'failed',
    eventName: 'SERVICE_DEPLOYMENT_FAILED',
    title: (s) => `:x: ${s.environment} · ${s.app}: deployment of ${s.imageTag} failed`,
    description: () => 'Deployment <deployment> failed at <time>: <reason>',
  },
  {
    id: 'completed',
    eventName: 'SERVICE_DEPLOYMENT_COMPLETED',
    title: (s) => `:white_check_mark: ${s.environment} · ${s.app}: deployment completed`,
    // ECS reports a finished rollback the same way, so the message does not claim which tag runs now.
    description: (s) => `Deployment <deployment> reached a steady state at <time>. Configured tag: ${s.imageTag}; after a rollback the previous tag runs.`,
  },
];

/**
 * EventBridge rules on an ECS service's deployment state changes — started,
 * rolling back (circuit breaker), failed, completed — each sending an AWS
 * Chatbot custom notification to an SNS topic that names the environment, the
 * app and the image tag.
 */
export class DeploymentNotifications extends Construct {
  /** One target per state; a service that should never deploy before its messages are current can depend on them. */
  readonly targets: CloudwatchEventTarget[] = [];
  readonly ruleArns: string[] = [];

  constructor(scope: Construct, id: string, props: DeploymentNotificationsProps) {
    super(scope, id);
    announceModule(this);
    const { subject } = props;
    refuse(`DeploymentNotifications ${props.name}`, [
      ...(NAME.test(props.name) ? [] : [`name "${props.name}" must be letters, digits, ".", "-" or "_"`]),
      ...(['environment', 'app', 'imageTag'] as const).filter((key) => !subject[key]).map((key) => `subject.${key} must not be empty`),
    ]);

    for (const state of DEPLOYMENT_STATES) {
      const rule = new CloudwatchEventRule(this, `${state.id}-rule`, {
        name: boundedName(props.name, `-deploy-${state.id}`, 64),
        description: `${subject.app} in ${subject.environment}: ECS deployment ${state.id}`,
        eventPattern: JSON.stringify({
          source: ['aws.ecs'],
          'detail-type': ['ECS Deployment State Change'],
          resources: [props.serviceArn],
          detail: { eventName: [state.eventName], ...(state.reason ? { reason: [state.reason] } : {}) },
        }),
      });
      this.ruleArns.push(rule.arn);
      this.targets.push(
        new CloudwatchEventTarget(this, `${state.id}-notification`, {
          rule: rule.name,
          arn: props.topicArn,
          inputTransformer: {
            inputPaths: { deployment: '$.detail.deploymentId', reason: '$.detail.reason', time: '$.time' },
            inputTemplate: chatbotNotification(state.title(subject), state.description(subject)),
          },
        }),
      );
    }
  }
}
