import { AccessanalyzerAnalyzer } from '@cdktf/provider-aws/lib/accessanalyzer-analyzer';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { EbsEncryptionByDefault } from '@cdktf/provider-aws/lib/ebs-encryption-by-default';
import { GuarddutyDetector } from '@cdktf/provider-aws/lib/guardduty-detector';
import { IamAccountPasswordPolicy } from '@cdktf/provider-aws/lib/iam-account-password-policy';
import { S3AccountPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-account-public-access-block';
import { Construct } from 'constructs';
import pkg from '../package.json';

/** The IAM account password policy; every character class is always required. */
export interface PasswordPolicy {
  /**
   * Minimum length (CIS: 14).
   * @default 14
   */
  readonly minimumLength?: number;
  /**
   * Days before a password must be changed; 0 for never.
   * @default 90
   */
  readonly maxAgeDays?: number;
  /**
   * Previous passwords that may not be reused (CIS: 24).
   * @default 24
   */
  readonly reusePrevention?: number;
}

export interface FindingNotifications {
  /** SNS topic the findings go to (its policy must let `events.amazonaws.com` publish). */
  readonly topicArn: string;
  /**
   * Lowest GuardDuty severity reported: 1-3.9 low, 4-6.9 medium, 7-8.9 high, 9-10 critical.
   * @default 4 (medium and above)
   */
  readonly minimumGuardDutySeverity?: number;
}

export interface AccountBaselineProps {
  /** Name prefix of the analyzer and the rules, e.g. `lq3-staging`. */
  readonly name: string;
  /**
   * IAM account password policy.
   * @default 14 characters, all character classes, 24 remembered, 90 days
   */
  readonly passwordPolicy?: PasswordPolicy;
  /**
   * IAM Access Analyzer for the account: reports resources shared outside it.
   * @default true
   */
  readonly accessAnalyzer?: boolean;
  /**
   * GuardDuty in this region (findings published every 15 minutes).
   * @default true
   */
  readonly guardDuty?: boolean;
  /**
   * Block public access to every S3 bucket of the account, whatever its own settings.
   * @default true
   */
  readonly blockPublicS3Access?: boolean;
  /**
   * Encrypt every new EBS volume and snapshot in this region.
   * @default true
   */
  readonly ebsEncryptionByDefault?: boolean;
  /**
   * GuardDuty and Access Analyzer findings as AWS Chatbot notifications to a topic.
   * @default no notifications
   */
  readonly findings?: FindingNotifications;
}

/**
 * The account-wide security settings every LQ3 account starts from: the IAM
 * password policy, IAM Access Analyzer, GuardDuty, account-level S3 public
 * access block and EBS encryption by default, with GuardDuty and Access Analyzer
 * findings sent to an SNS topic for Slack.
 */
export class AccountBaseline extends Construct {
  readonly analyzerArn?: string;
  readonly guardDutyDetectorId?: string;
  /** ARNs of the findings rules (empty without `findings`). */
  readonly findingRuleArns: string[] = [];

  constructor(scope: Construct, id: string, props: AccountBaselineProps) {
    super(scope, id);
    this.node.addMetadata('lq3:module', { name: pkg.name, version: pkg.version });
    const password = { minimumLength: 14, maxAgeDays: 90, reusePrevention: 24, ...props.passwordPolicy };
    const severity = props.findings?.minimumGuardDutySeverity ?? 4;
    validate(props, password, severity);

    new IamAccountPasswordPolicy(this, 'password-policy', {
      minimumPasswordLength: password.minimumLength,
      requireLowercaseCharacters: true,
      requireUppercaseCharacters: true,
      requireNumbers: true,
      requireSymbols: true,
      allowUsersToChangePassword: true,
      passwordReusePrevention: password.reusePrevention,
      ...(password.maxAgeDays > 0 ? { maxPasswordAge: password.maxAgeDays } : {}),
    });
    if (props.blockPublicS3Access ?? true) {
      new S3AccountPublicAccessBlock(this, 's3-public-access', { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    }
    if (props.ebsEncryptionByDefault ?? true) new EbsEncryptionByDefault(this, 'ebs-encryption', { enabled: true });

    const findings = props.findings;
    if (props.accessAnalyzer ?? true) {
      this.analyzerArn = new AccessanalyzerAnalyzer(this, 'access-analyzer', { analyzerName: props.name, type: 'ACCOUNT' }).arn;
      if (findings) {
        this.notify('access-analyzer', findings.topicArn, {
          name: `${props.name}-access-analyzer-findings`,
          description: 'Active IAM Access Analyzer findings: a resource shared outside the account',
          pattern: { source: ['aws.access-analyzer'], 'detail-type': ['Access Analyzer Finding'], detail: { status: ['ACTIVE'] } },
          inputPaths: { resource: '$.detail.resource', type: '$.detail.resourceType', isPublic: '$.detail.isPublic', finding: '$.detail.id', region: '$.region' },
          title: ':mag: Access Analyzer: <type> shared outside the account',
          text: '<resource> (public: <isPublic>), finding <finding> in <region>',
        });
      }
    }
    if (props.guardDuty ?? true) {
      this.guardDutyDetectorId = new GuarddutyDetector(this, 'guardduty', { enable: true, findingPublishingFrequency: 'FIFTEEN_MINUTES' }).id;
      if (findings) {
        this.notify('guardduty', findings.topicArn, {
          name: `${props.name}-guardduty-findings`,
          description: `GuardDuty findings of severity ${severity} and above`,
          pattern: { source: ['aws.guardduty'], 'detail-type': ['GuardDuty Finding'], detail: { severity: [{ numeric: ['>=', severity] }] } },
          inputPaths: { severity: '$.detail.severity', type: '$.detail.type', title: '$.detail.title', account: '$.account', region: '$.region', finding: '$.detail.id' },
          title: ':rotating_light: GuardDuty (severity <severity>): <type>',
          text: '<title> (account <account>, <region>, finding <finding>)',
        });
      }
    }
  }

  private notify(id: string, topicArn: string, rule: FindingRule): void {
    const eventRule = new CloudwatchEventRule(this, `${id}-findings`, { name: rule.name, description: rule.description, eventPattern: JSON.stringify(rule.pattern) });
    new CloudwatchEventTarget(this, `${id}-findings-notification`, {
      rule: eventRule.name,
      arn: topicArn,
      inputTransformer: {
        inputPaths: rule.inputPaths,
        // AWS Chatbot's custom notification format, readable in Slack and e-mail.
        inputTemplate: JSON.stringify({ version: '1.0', source: 'custom', content: { textType: 'client-markdown', title: rule.title, description: rule.text } }),
      },
    });
    this.findingRuleArns.push(eventRule.arn);
  }
}

interface FindingRule {
  readonly name: string;
  readonly description: string;
  readonly pattern: Record<string, unknown>;
  readonly inputPaths: Record<string, string>;
  readonly title: string;
  readonly text: string;
}

function validate(props: AccountBaselineProps, password: Required<PasswordPolicy>, severity: number): void {
  const problems: string[] = [];
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,38}$/.test(props.name)) problems.push(`name "${props.name}" must be 1-39 letters, digits, "-" or "_" (rule names add up to 25 characters)`);
  if (!Number.isInteger(password.minimumLength) || password.minimumLength < 14 || password.minimumLength > 128) {
    problems.push(`passwordPolicy.minimumLength must be 14-128 (CIS asks for at least 14), got ${password.minimumLength}`);
  }
  if (!Number.isInteger(password.maxAgeDays) || password.maxAgeDays < 0 || password.maxAgeDays > 1095) problems.push(`passwordPolicy.maxAgeDays must be 0 (never) to 1095, got ${password.maxAgeDays}`);
  if (!Number.isInteger(password.reusePrevention) || password.reusePrevention < 1 || password.reusePrevention > 24) {
    problems.push(`passwordPolicy.reusePrevention must be 1-24, got ${password.reusePrevention}`);
  }
  if (!(severity >= 1 && severity <= 10)) problems.push(`findings.minimumGuardDutySeverity must be from 1 to 10, got ${severity}`);
  if (problems.length > 0) throw new Error(`AccountBaseline ${props.name}: ${problems.join('; ')}`);
}
