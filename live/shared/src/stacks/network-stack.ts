import { Vpc, VpcLookup, type VpcNetwork } from '@lq3/vpc';
import type { Construct } from 'constructs';
import { backupOf } from '../backup-config';
import { AlarmTopic } from '../constructs/alarm-topic';
import { EnvironmentKey } from '../constructs/environment-key';
import type { Environment } from '../environment';
import { EnvironmentStack } from '../environment-stack';
import { resourceName } from '../organisation';

/**
 * Network unit: the env's VPC — its own, or the base env's looked up (parallel envs,
 * no second NAT gateway) — plus the env-wide key and alarm topic every other unit uses.
 */
export class NetworkStack extends EnvironmentStack {
  readonly network: VpcNetwork;
  readonly key: EnvironmentKey;
  readonly alarmTopic: AlarmTopic;

  constructor(scope: Construct, environment: Environment) {
    super(scope, environment, 'network');
    const { awsAccount, region } = environment;
    // AWS Backup reports the data unit's backup jobs to the alarm topic (ADR 0016).
    const additionalPublishers = backupOf(environment) ? ['backup.amazonaws.com'] : [];
    this.key = new EnvironmentKey(this, 'key', {
      aliasName: this.name('observability'),
      accountId: awsAccount.id,
      region,
      description: `Logs, alarms and queues of ${environment.name}`,
      additionalPublishers,
    });
    this.alarmTopic = new AlarmTopic(this, 'alarms', { name: this.name('alarms'), accountId: awsAccount.id, kmsKeyArn: this.key.keyArn, additionalPublishers });

    const network = environment.network;
    this.network = this.fromField('network', () =>
      'cidr' in network
        ? new Vpc(this, 'vpc', {
            name: this.name(),
            cidr: network.cidr,
            ...(network.availabilityZones ? { availabilityZones: network.availabilityZones } : { azCount: network.azCount }),
            nat: network.nat,
            flowLogKmsKeyArn: this.key.keyArn,
            interfaceEndpoints: ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager'],
          })
        : new VpcLookup(this, 'vpc', { tags: { Name: resourceName(network.reuse) } }),
    );
  }
}
