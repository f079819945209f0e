import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformOutput, TerraformStack, Testing } from 'cdktf';
import pkg from '../package.json';
import { EcsCluster, type EcsClusterProps } from '../src';

function synthCluster(props: EcsClusterProps) {
  const stack = new TerraformStack(Testing.app(), 'test');
  new AwsProvider(stack, 'aws', { region: 'eu-central-1' });
  const cluster = new EcsCluster(stack, 'cluster', props);
  new TerraformOutput(stack, 'arn', { value: cluster.clusterArn });
  new TerraformOutput(stack, 'name', { value: cluster.clusterName });
  const json = JSON.parse(Testing.synth(stack));
  return { cluster, json, resource: Object.values(json.resource.aws_ecs_cluster)[0] as Record<string, unknown> };
}

describe('EcsCluster', () => {
  it('turns Container Insights on by default', () => {
    const { resource } = synthCluster({ name: 'lq3-staging01' });
    expect(resource).toEqual({ name: 'lq3-staging01', setting: [{ name: 'containerInsights', value: 'enabled' }] });
  });

  it('offers enhanced observability on request', () => {
    const { resource } = synthCluster({ name: 'lq3-production01', containerInsights: 'enhanced' });
    expect(resource.setting).toEqual([{ name: 'containerInsights', value: 'enhanced' }]);
  });

  it('exposes the cluster ARN and name and announces its module', () => {
    const { cluster, json } = synthCluster({ name: 'lq3-staging01' });
    expect(json.output.arn.value).toMatch(/^\$\{aws_ecs_cluster\.cluster_\w+\.arn}$/);
    expect(json.output.name.value).toMatch(/^\$\{aws_ecs_cluster\.cluster_\w+\.name}$/);
    expect(cluster.node.metadata.filter((m) => m.type === 'lq3:module').map((m) => m.data)).toEqual([
      { name: '@lq3/ecs-service', version: pkg.version },
    ]);
  });

  it('rejects invalid names and insight levels', () => {
    expect(() => synthCluster({ name: 'lq3 staging' })).toThrow(/name "lq3 staging" must be 1-255 letters, digits, hyphens or underscores/);
    expect(() => synthCluster({ name: 'lq3', containerInsights: 'on' as never })).toThrow(/containerInsights "on" must be one of enabled, enhanced, disabled/);
  });
});
