import { Testing, TerraformStack } from 'cdktf';
import { AccountBaseline, type AccountBaselineProps } from '../src';

export type Resources = Record<string, Record<string, Record<string, unknown>>>;

export const TOPIC = 'arn:aws:sns:eu-central-1:111111111111:lq3-account-security';

/** The resources of a stack holding one AccountBaseline named lq3-staging. */
export function synthBaseline(props: Partial<AccountBaselineProps> = {}): Resources {
  const stack = new TerraformStack(Testing.app(), 'test');
  new AccountBaseline(stack, 'baseline', { name: 'lq3-staging', ...props });
  return (JSON.parse(Testing.synth(stack)) as { resource: Resources }).resource;
}

/** The one resource of a type; throws when there are none or several. */
export function only(resources: Resources, type: string): Record<string, unknown> {
  const bodies = Object.values(resources[type] ?? {});
  if (bodies.length !== 1) throw new Error(`expected one ${type}, found ${bodies.length}`);
  return bodies[0];
}
