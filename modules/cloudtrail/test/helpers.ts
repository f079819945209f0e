import { Testing, TerraformStack } from 'cdktf';

export type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** Synthesizes one stack built by `build` and returns its resources by type and name. */
export function synthResources(build: (stack: TerraformStack) => void): Resources {
  const stack = new TerraformStack(Testing.app(), 'test');
  build(stack);
  return (JSON.parse(Testing.synth(stack)) as { resource?: Resources }).resource ?? {};
}

/** Every resource body of a type. */
export function all(resources: Resources, type: string): Record<string, unknown>[] {
  return Object.values(resources[type] ?? {});
}

/** Resource bodies of a type by a name-like attribute (`alarm_name`, `name`). */
export function byName(resources: Resources, type: string, attribute = 'alarm_name'): Record<string, Record<string, unknown>> {
  return Object.fromEntries(all(resources, type).map((body) => [String(body[attribute]), body]));
}

export const ACCOUNT = '111111111111';
export const TOPIC = `arn:aws:sns:eu-central-1:${ACCOUNT}:lq3-account-security`;

export interface Statement {
  Sid: string;
  Effect: string;
  Principal: unknown;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string>>;
}

/** The statements of a JSON policy document, by Sid. */
export function statementsBySid(policy: unknown): Record<string, Statement> {
  return Object.fromEntries((JSON.parse(policy as string) as { Statement: Statement[] }).Statement.map((statement) => [statement.Sid, statement]));
}
