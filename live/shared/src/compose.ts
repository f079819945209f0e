/**
 * The composition every environment shares: its unit stacks, each with its own
 * state, wired by cross-stack references. Live projects only choose their config.
 */
import type { App } from 'cdktf';
import { atField } from './config-error';
import type { Environment } from './environment';
import { resourceName } from './organisation';
import { DataStack } from './stacks/data-stack';
import { DnsStack } from './stacks/dns-stack';
import { EdgeStack } from './stacks/edge-stack';
import { JobsStack } from './stacks/jobs-stack';
import { NetworkStack } from './stacks/network-stack';
import { ServicesStack } from './stacks/services-stack';

export function composeEnvironment(app: App, environment: Environment): void {
  // Anything a stack raises that no field claimed still names the file and the env.
  atField(environment.sourceFile, `environments.${environment.name}`, () => {
    // Known up front, so services can name the bucket the jobs unit owns without a cycle.
    const exportsBucketName = resourceName(environment.name, 'exports', environment.awsAccount.id);
    const network = new NetworkStack(app, environment);
    const data = new DataStack(app, environment, network, exportsBucketName);
    const edge = new EdgeStack(app, environment, network);
    const services = new ServicesStack(app, environment, network, data, edge, exportsBucketName);
    new JobsStack(app, environment, network, data, services, exportsBucketName);
    new DnsStack(app, environment, edge, services);
  });
}
