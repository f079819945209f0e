import { AccountBaseline } from '@lq3/account-baseline';
import type { Construct } from 'constructs';
import { AlarmTopic } from '../../constructs/alarm-topic';
import { EnvironmentKey } from '../../constructs/environment-key';
import { resourceName } from '../../organisation';
import type { AccountLayer, AccountTopic } from '../account-config';
import { AccountStack } from '../account-stack';

/** Who publishes to the account topics besides CloudWatch alarms and EventBridge: AWS Budgets and Cost Anomaly Detection. */
const COST_PUBLISHERS = ['budgets.amazonaws.com', 'costalerts.amazonaws.com'];

/**
 * Baseline unit of an account: the account's notification topics (`security`,
 * `cost`) and their key, and the security settings of @lq3/account-baseline, whose
 * findings go to the security topic. The other units publish to these topics.
 */
export class BaselineStack extends AccountStack {
  readonly topics: Readonly<Record<AccountTopic, AlarmTopic>>;

  constructor(scope: Construct, layer: AccountLayer) {
    super(scope, layer, 'baseline');
    const { awsAccount } = layer;
    const region = layer.settings.region;
    const key = new EnvironmentKey(this, 'key', {
      aliasName: resourceName('account', 'notifications'),
      accountId: awsAccount.id,
      region,
      description: `Notification topics of the ${layer.name} account`,
      additionalPublishers: COST_PUBLISHERS,
    });
    const topic = (name: AccountTopic) =>
      new AlarmTopic(this, `${name}-topic`, { name: resourceName('account', name), accountId: awsAccount.id, kmsKeyArn: key.keyArn, additionalPublishers: COST_PUBLISHERS });
    this.topics = { security: topic('security'), cost: topic('cost') };

    const baseline = layer.settings.baseline;
    this.fromField('baseline', () =>
      new AccountBaseline(this, 'baseline', {
        name: this.name(),
        passwordPolicy: { minimumLength: baseline.passwordMinimumLength, maxAgeDays: baseline.passwordMaxAgeDays },
        accessAnalyzer: baseline.accessAnalyzer,
        guardDuty: baseline.guardDuty,
        findings: { topicArn: this.topics.security.topicArn, minimumGuardDutySeverity: baseline.minimumGuardDutySeverity },
      }),
    );
  }
}
