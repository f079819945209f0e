import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import type { Construct } from 'constructs';
import type { Environment } from '../environment';
import { EnvironmentStack } from '../environment-stack';

/** Network unit: the env's VPC (its own, or the base env's looked up). */
export class NetworkStack extends EnvironmentStack {
  constructor(scope: Construct, environment: Environment) {
    super(scope, environment, 'network');
    if ('cidr' in environment.network) {
      new Vpc(this, 'vpc', {
        cidrBlock: environment.network.cidr,
        enableDnsHostnames: true,
        enableDnsSupport: true,
        tags: { Name: this.name('vpc') },
      });
    }
  }
}
