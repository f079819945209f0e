import { EcsCluster as EcsClusterResource } from '@cdktf/provider-aws/lib/ecs-cluster';
import { Construct } from 'constructs';
import pkg from '../package.json';

/**
 * CloudWatch Container Insights level. `enhanced` adds per-task and per-container
 * metrics at a higher CloudWatch cost; `enabled` gives the cluster/service metrics
 * most dashboards and alarms need.
 */
export type ContainerInsights = 'enabled' | 'enhanced' | 'disabled';

export interface EcsClusterProps {
  /** Cluster name (letters, digits, hyphens, underscores; up to 255 characters). */
  readonly name: string;
  /**
   * Container Insights level.
   * @default 'enabled' (standard metrics; `enhanced` costs more per observation, so opt in where the detail pays off)
   */
  readonly containerInsights?: ContainerInsights;
}

/** An ECS cluster for Fargate services, with Container Insights on. */
export class EcsCluster extends Construct {
  readonly clusterArn: string;
  readonly clusterName: string;
  readonly resource: EcsClusterResource;

  constructor(scope: Construct, id: string, props: EcsClusterProps) {
    super(scope, id);
    this.node.addMetadata('lq3:module', { name: pkg.name, version: pkg.version });

    const containerInsights = props.containerInsights ?? 'enabled';
    const problems: string[] = [];
    if (!/^[A-Za-z0-9_-]{1,255}$/.test(props.name)) {
      problems.push(`name "${props.name}" must be 1-255 letters, digits, hyphens or underscores`);
    }
    if (!['enabled', 'enhanced', 'disabled'].includes(containerInsights)) {
      problems.push(`containerInsights "${containerInsights}" must be one of enabled, enhanced, disabled`);
    }
    if (problems.length > 0) {
      throw new Error(`EcsCluster ${props.name}: ${problems.join('; ')}`);
    }

    this.resource = new EcsClusterResource(this, 'cluster', {
      name: props.name,
      setting: [{ name: 'containerInsights', value: containerInsights }],
    });
    this.clusterArn = this.resource.arn;
    this.clusterName = this.resource.name;
  }
}
