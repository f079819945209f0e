import { only, synthBaseline, TOPIC } from './helpers';

describe('AccountBaseline', () => {
  const resources = synthBaseline();

  test('password policy: 14 characters, every character class, 24 remembered, 90 days', () => {
    expect(only(resources, 'aws_iam_account_password_policy')).toEqual({
      minimum_password_length: 14,
      require_lowercase_characters: true,
      require_uppercase_characters: true,
      require_numbers: true,
      require_symbols: true,
      allow_users_to_change_password: true,
      password_reuse_prevention: 24,
      max_password_age: 90,
    });
  });

  test('Access Analyzer for the account, GuardDuty every 15 minutes, S3 public access blocked account-wide, EBS encrypted by default', () => {
    expect(only(resources, 'aws_accessanalyzer_analyzer')).toEqual({ analyzer_name: 'lq3-staging', type: 'ACCOUNT' });
    expect(only(resources, 'aws_guardduty_detector')).toEqual({ enable: true, finding_publishing_frequency: 'FIFTEEN_MINUTES' });
    expect(only(resources, 'aws_s3_account_public_access_block')).toEqual({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    expect(only(resources, 'aws_ebs_encryption_by_default')).toEqual({ enabled: true });
  });

  test('no finding rules without a topic', () => {
    expect(resources.aws_cloudwatch_event_rule).toBeUndefined();
  });

  test('switches: GuardDuty and Access Analyzer off, no password expiry', () => {
    const off = synthBaseline({ guardDuty: false, accessAnalyzer: false, blockPublicS3Access: false, ebsEncryptionByDefault: false, passwordPolicy: { maxAgeDays: 0 }, findings: { topicArn: TOPIC } });
    expect(off.aws_guardduty_detector).toBeUndefined();
    expect(off.aws_accessanalyzer_analyzer).toBeUndefined();
    expect(off.aws_s3_account_public_access_block).toBeUndefined();
    expect(off.aws_ebs_encryption_by_default).toBeUndefined();
    expect(off.aws_cloudwatch_event_rule).toBeUndefined();
    expect(only(off, 'aws_iam_account_password_policy').max_password_age).toBeUndefined();
  });

  test('refuses a weaker password policy than CIS and impossible severities', () => {
    expect(() => synthBaseline({ passwordPolicy: { minimumLength: 8 } })).toThrow('AccountBaseline lq3-staging: passwordPolicy.minimumLength must be 14-128 (CIS asks for at least 14), got 8');
    expect(() => synthBaseline({ findings: { topicArn: TOPIC, minimumGuardDutySeverity: 11 } })).toThrow('findings.minimumGuardDutySeverity must be from 1 to 10, got 11');
  });
});
