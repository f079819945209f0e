import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { EcsService, type EcsServiceProps } from '../src';
import { synth, WEB, WORKER } from './helpers';

const ALB_ARN_SUFFIX = 'app/lq3-alb/50dc6c495c0c9188';
const lb = WEB.loadBalancer!;

function attempt(props: EcsServiceProps): () => void {
  return () => synth(props);
}

describe('EcsService validation', () => {
  it('rejects blue/green without a load balancer', () => {
    expect(attempt({ ...WORKER, deployment: { strategy: 'blueGreen' } })).toThrow(/blueGreen needs a loadBalancer/);
  });

  it('rejects auto-scaling with min above max', () => {
    expect(attempt({ ...WEB, autoScaling: { minCapacity: 5, maxCapacity: 2 } })).toThrow(/autoScaling\.minCapacity 5 is greater than maxCapacity 2/);
  });

  it('rejects request-count scaling without the ALB ARN suffix', () => {
    expect(attempt({ ...WEB, autoScaling: { minCapacity: 1, maxCapacity: 3, requestsPerTarget: 500 } })).toThrow(/requestsPerTarget needs albArnSuffix/);
  });

  it('rejects request-count scaling for a worker without load balancer', () => {
    const props = { ...WORKER, autoScaling: { minCapacity: 1, maxCapacity: 3, requestsPerTarget: 500, albArnSuffix: ALB_ARN_SUFFIX } };
    expect(attempt(props)).toThrow(/requestsPerTarget needs a loadBalancer/);
  });

  it('rejects a CPU/memory pair Fargate does not offer, naming the valid memory', () => {
    expect(attempt({ ...WORKER, cpu: 256, memory: 4096 })).toThrow(/memory 4096 does not fit cpu 256 on Fargate; use 512, 1024, 2048 MiB/);
    expect(attempt({ ...WORKER, cpu: 1024, memory: 1024 })).toThrow(/use 2048-8192 in steps of 1024 MiB/);
    expect(attempt({ ...WORKER, cpu: 300, memory: 1024 })).toThrow(/cpu 300 is not a Fargate size/);
  });

  it('rejects secrets that are not ARNs without echoing the value', () => {
    const run = attempt({ ...WORKER, secrets: { DATABASE_PASSWORD: 'hunter2-plaintext' } });
    expect(run).toThrow(/secrets\.DATABASE_PASSWORD must be a Secrets Manager secret ARN .* or an SSM parameter ARN, never a plaintext value/);
    expect(run).not.toThrow(/hunter2/);
  });

  it('rejects ARNs of other services as secrets', () => {
    expect(attempt({ ...WORKER, secrets: { KEY: 'arn:aws:s3:::lq3-config/secret.txt' } })).toThrow(/secrets\.KEY must be/);
  });

  it('rejects a listener rule priority out of 1-50000', () => {
    expect(attempt({ ...WEB, loadBalancer: { ...lb, priority: 0 } })).toThrow(/loadBalancer\.priority 0 must be an integer 1-50000/);
    expect(attempt({ ...WEB, loadBalancer: { ...lb, priority: 50001 } })).toThrow(/priority 50001/);
  });

  it('rejects a desiredCount outside the auto-scaling bounds', () => {
    expect(attempt({ ...WEB, desiredCount: 8, autoScaling: { minCapacity: 1, maxCapacity: 4 } })).toThrow(/desiredCount 8 must lie within autoScaling \[1, 4\]/);
  });

  it('rejects ECS Exec with a read-only root filesystem', () => {
    expect(attempt({ ...WORKER, enableExecuteCommand: true })).toThrow(/enableExecuteCommand needs readonlyRootFilesystem: false/);
  });

  it('rejects running as root', () => {
    expect(attempt({ ...WORKER, user: '0:0' })).toThrow(/user "0:0" is root/);
  });

  it('rejects a load balancer without a container port', () => {
    expect(attempt({ ...WEB, containerPort: undefined })).toThrow(/loadBalancer needs containerPort/);
  });

  it('rejects a test listener with rolling deployments', () => {
    expect(attempt({ ...WEB, loadBalancer: { ...lb, testListenerArn: lb.listenerArn } })).toThrow(/testListenerArn only applies to deployment.strategy blueGreen/);
  });

  it('rejects an image that already carries a tag', () => {
    expect(attempt({ ...WORKER, image: `${WORKER.image}:latest` })).toThrow(/must be the repository only; put the version in tag/);
  });

  it('rejects an image reference without ecrRepositoryArn', () => {
    const stack = new TerraformStack(Testing.app(), 'reference');
    const image = new TerraformVariable(stack, 'repository_url', { type: 'string' }).stringValue;
    expect(() => new EcsService(stack, 'api', { ...WORKER, image })).toThrow(/pass ecrRepositoryArn/);
  });

  it('rejects log retention CloudWatch does not offer', () => {
    expect(attempt({ ...WORKER, logRetentionDays: 100 })).toThrow(/logRetentionDays 100 is not a CloudWatch retention/);
  });

  it('rejects a variable in both environment and secrets', () => {
    const props = { ...WORKER, environment: { DB_PASSWORD: 'x' }, secrets: { DB_PASSWORD: 'arn:aws:ssm:eu-central-1:123456789012:parameter/db' } };
    expect(attempt(props)).toThrow(/DB_PASSWORD is in both environment and secrets/);
  });

  it('rejects relative or duplicate writable paths', () => {
    expect(attempt({ ...WORKER, writableTmp: ['tmp'] })).toThrow(/writableTmp path "tmp" must be an absolute directory path/);
    expect(attempt({ ...WORKER, writableTmp: ['/tmp', '/tmp'] })).toThrow(/writableTmp lists a path twice/);
  });

  it('rejects a health check command without CMD or CMD-SHELL', () => {
    expect(attempt({ ...WORKER, healthCheck: { command: ['curl', '-f', 'http://localhost/'] } })).toThrow(/healthCheck.command must start with CMD or CMD-SHELL/);
  });

  it('rejects scheduled actions with bad schedules, duplicate names or min above max', () => {
    const action = { name: 'night', schedule: 'cron(0 20 ? * MON-FRI *)', minCapacity: 0, maxCapacity: 0 };
    const props = (actions: (typeof action)[]) => ({ ...WEB, autoScaling: { minCapacity: 1, maxCapacity: 2, scheduledActions: actions } });
    expect(attempt(props([{ ...action, schedule: '0 20 * * 1-5' }]))).toThrow(/schedule "0 20 \* \* 1-5" must be cron\(\.\.\.\), rate\(\.\.\.\) or at\(\.\.\.\)/);
    expect(attempt(props([action, action]))).toThrow(/"night": name is used twice/);
    expect(attempt(props([{ ...action, minCapacity: 2, maxCapacity: 1 }]))).toThrow(/"night": minCapacity 2 is greater than maxCapacity 1/);
  });

  it('rejects a bake time beyond a day and names that cannot name roles and target groups', () => {
    expect(attempt({ ...WEB, deployment: { strategy: 'blueGreen', bakeTimeMinutes: 2000 } })).toThrow(/bakeTimeMinutes 2000 must be an integer 0-1440/);
    expect(attempt({ ...WORKER, name: 'api_worker' })).toThrow(/name "api_worker" must be 1-52 letters, digits or hyphens/);
  });

  it('rejects malformed ARNs and versions', () => {
    expect(attempt({ ...WORKER, logKmsKeyArn: 'alias/logs' })).toThrow(/logKmsKeyArn "alias\/logs" must be a KMS key ARN/);
    expect(attempt({ ...WEB, loadBalancer: { ...lb, listenerArn: 'arn:aws:elasticloadbalancing:eu-central-1:123456789012:loadbalancer/app/x/1' } })).toThrow(/listenerArn .* must be an ALB listener ARN/);
    expect(attempt({ ...WORKER, platformVersion: 'latest' })).toThrow(/platformVersion "latest" must be LATEST or a version like 1.4.0/);
  });

  it('lists every problem at once', () => {
    const run = attempt({ ...WORKER, cpu: 256, memory: 4096, subnetIds: [], deployment: { strategy: 'blueGreen' } });
    expect(run).toThrow(/^EcsService api-worker: invalid props:\n {2}- subnetIds must list at least one private subnet\n {2}- memory 4096/);
    expect(run).toThrow(/blueGreen needs a loadBalancer/);
  });
});
