/** One IAM policy statement, written as data instead of JSON. */
export interface PolicyStatement {
  /**
   * Allow or deny.
   * @default 'Allow'
   */
  readonly effect?: 'Allow' | 'Deny';
  /** Actions like `s3:GetObject`; at least one. */
  readonly actions: readonly string[];
  /** Resource ARNs (or `*` where the action has no resource type); at least one. */
  readonly resources: readonly string[];
  /**
   * IAM conditions: operator -> condition key -> value(s).
   * @default no conditions
   */
  readonly conditions?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

const ACTION = /^[a-z0-9-]+:[A-Za-z0-9*]+$/;

/** What is wrong with a statement, or undefined when it is usable. */
export function statementProblem(statement: PolicyStatement): string | undefined {
  if (statement.actions.length === 0) return 'a policy statement needs at least one action';
  const badAction = statement.actions.find((action) => !ACTION.test(action));
  if (badAction !== undefined) return `action "${badAction}" must look like service:Action (e.g. s3:GetObject)`;
  if (statement.resources.length === 0) return 'a policy statement needs at least one resource';
  return undefined;
}

/** Renders statements as an IAM policy document (JSON). */
export function policyDocument(statements: readonly PolicyStatement[]): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: statements.map((statement) => ({
      Effect: statement.effect ?? 'Allow',
      Action: [...statement.actions],
      Resource: [...statement.resources],
      ...(statement.conditions ? { Condition: statement.conditions } : {}),
    })),
  });
}

/** A trust policy letting an AWS service principal assume the role. */
export function serviceTrustPolicy(servicePrincipal: string, conditions?: PolicyStatement['conditions']): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: servicePrincipal },
        Action: 'sts:AssumeRole',
        ...(conditions ? { Condition: conditions } : {}),
      },
    ],
  });
}
