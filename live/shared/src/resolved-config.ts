/**
 * An environment as synth sees it, as plain data: every default filled in, the
 * account's id, role and state bucket, the base/copy role, where each unit's
 * state lives and the prefix of its resource names. `nx run <project>:config`
 * prints it, so one place shows an env's whole configuration.
 */
import type { Environment } from './environment';
import { UNITS } from './environment-stack';
import { resourceName } from './organisation';

export function resolvedConfig(environment: Environment): Record<string, unknown> {
  const { name, sourceFile, awsAccount, role, copyOf, account, apps, jobs, ...settings } = environment;
  const stateUrl = (unit: string) => `s3://${awsAccount.stateBucket}/${name}/${unit}.tfstate`;
  return {
    file: sourceFile,
    role: copyOf ? `${role} of ${copyOf}` : role,
    account: { ...awsAccount, name: account },
    resourcePrefix: resourceName(name),
    state: Object.fromEntries(UNITS.map((unit) => [unit, stateUrl(unit)])),
    ...settings,
    apps: Object.fromEntries([...apps].map(([app, { environment: variables, ...rest }]) => [app, { ...rest, environment: Object.fromEntries(variables) }])),
    jobs: Object.fromEntries(jobs),
  };
}
