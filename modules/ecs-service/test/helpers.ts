import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { EcsService } from '../src';
import type { EcsServiceProps } from '../src';

export const IMAGE = '123456789012.dkr.ecr.eu-central-1.amazonaws.com/lq3/api';
export const LISTENER_ARN = 'arn:aws:elasticloadbalancing:eu-central-1:123456789012:listener/app/lq3-alb/50dc6c495c0c9188/f2f7dc8efc522ab2';
export const TEST_LISTENER_ARN = 'arn:aws:elasticloadbalancing:eu-central-1:123456789012:listener/app/lq3-alb/50dc6c495c0c9188/0467ef3c8400ae65';
export const SECRET_ARN = 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:lq3/api/db-AbCdEf';
export const PARAMETER_ARN = 'arn:aws:ssm:eu-central-1:123456789012:parameter/lq3/api/app-secret';
export const KMS_KEY_ARN = 'arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** Props of a worker without load balancer; tests add what they exercise. */
export const WORKER: EcsServiceProps = {
  name: 'api-worker',
  clusterArn: 'arn:aws:ecs:eu-central-1:123456789012:cluster/lq3-staging01',
  vpcId: 'vpc-0123456789abcdef0',
  subnetIds: ['subnet-0aaaaaaaaaaaaaaaa', 'subnet-0bbbbbbbbbbbbbbbb'],
  image: IMAGE,
  tag: '1.4.2',
  cpu: 256,
  memory: 512,
};

/** Props of a web service behind the ALB with rolling deployments. */
export const WEB: EcsServiceProps = {
  ...WORKER,
  name: 'api',
  containerPort: 8080,
  loadBalancer: {
    listenerArn: LISTENER_ARN,
    albSecurityGroupId: 'sg-0alb00000000000000',
    hostHeaders: ['api.example.com'],
    priority: 100,
    healthCheckPath: '/health',
  },
};

/** Synthesized Terraform JSON is untyped by nature; tests navigate it freely. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Synthesized {
  /** Parsed Terraform JSON of the whole stack. */
  readonly json: Record<string, Json>;
  readonly service: EcsService;
  /** All resources of one type, by construct-derived name. */
  resources(type: string): Record<string, Json>;
  /** The single resource of a type (fails when there is not exactly one). */
  only(type: string): Json;
  /** The container definition of the task definition. */
  container(): Json;
  /** The parsed inline policy document of an aws_iam_role_policy whose name is `name`. */
  policy(name: string): Json;
}

/** Synthesizes one EcsService; `props` may be built from the stack (e.g. to pass Terraform references). */
export function synth(
  props: EcsServiceProps | ((stack: TerraformStack) => EcsServiceProps),
  customize?: (service: EcsService) => void,
): Synthesized {
  const stack = new TerraformStack(Testing.app(), 'test');
  new AwsProvider(stack, 'aws', { region: 'eu-central-1' });
  const service = new EcsService(stack, 'api', typeof props === 'function' ? props(stack) : props);
  customize?.(service);
  const json = JSON.parse(Testing.synth(stack));
  const resources = (type: string): Record<string, Json> => json.resource?.[type] ?? {};
  const only = (type: string): Json => {
    const all = Object.values(resources(type));
    if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
    return all[0];
  };
  return {
    json,
    service,
    resources,
    only,
    container: () => JSON.parse(only('aws_ecs_task_definition').container_definitions)[0],
    policy: (name: string) => {
      const found = Object.values(resources('aws_iam_role_policy')).find((p: Json) => p.name === name);
      if (!found) throw new Error(`no aws_iam_role_policy named ${name}`);
      return JSON.parse(found.policy);
    },
  };
}
