import { synthBaseline, TOPIC } from './helpers';

type Rule = { name: string; event_pattern: string };
type Target = { rule: string; arn: string; input_transformer: { input_paths: Record<string, string>; input_template: string } };

describe('AccountBaseline findings', () => {
  const resources = synthBaseline({ findings: { topicArn: TOPIC } });
  const rules = Object.values(resources.aws_cloudwatch_event_rule) as unknown as Rule[];
  const targets = Object.values(resources.aws_cloudwatch_event_target) as unknown as Target[];
  const rule = (name: string) => rules.find((r) => r.name === name)!;
  const message = (rulePart: string) => {
    const target = targets.find((t) => t.rule.includes(rulePart))!;
    return { target, body: JSON.parse(target.input_transformer.input_template) as { version: string; source: string; content: { title: string; description: string } } };
  };

  test('GuardDuty findings of medium severity and above go to the topic as Chatbot notifications', () => {
    expect(JSON.parse(rule('lq3-staging-guardduty-findings').event_pattern)).toEqual({
      source: ['aws.guardduty'],
      'detail-type': ['GuardDuty Finding'],
      detail: { severity: [{ numeric: ['>=', 4] }] },
    });
    const { target, body } = message('guardduty');
    expect(target.arn).toBe(TOPIC);
    expect(body).toMatchObject({ version: '1.0', source: 'custom', content: { title: ':rotating_light: GuardDuty (severity <severity>): <type>' } });
    expect(target.input_transformer.input_paths).toMatchObject({ severity: '$.detail.severity', type: '$.detail.type', title: '$.detail.title' });
  });

  test('active Access Analyzer findings go to the topic', () => {
    expect(JSON.parse(rule('lq3-staging-access-analyzer-findings').event_pattern)).toEqual({
      source: ['aws.access-analyzer'],
      'detail-type': ['Access Analyzer Finding'],
      detail: { status: ['ACTIVE'] },
    });
    expect(message('access-analyzer').body.content.description).toBe('<resource> (public: <isPublic>), finding <finding> in <region>');
  });

  test('the severity floor is configurable', () => {
    const high = synthBaseline({ findings: { topicArn: TOPIC, minimumGuardDutySeverity: 7 } });
    const guardduty = (Object.values(high.aws_cloudwatch_event_rule) as unknown as Rule[]).find((r) => r.name.endsWith('guardduty-findings'))!;
    expect(JSON.parse(guardduty.event_pattern).detail).toEqual({ severity: [{ numeric: ['>=', 7] }] });
  });
});
