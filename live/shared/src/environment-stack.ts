/**
 * The base every unit stack of an environment extends: a LayerStack (one S3
 * state per env and concern, the env account's AWS provider with default tags)
 * keyed `<env>/<unit>.tfstate`, plus the Cloudflare provider on demand.
 */
import { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import type { Construct } from 'constructs';
import { atField } from './config-error';
import type { Environment } from './environment';
import { LayerStack } from './layer-stack';
import { resourceName } from './organisation';

/** The concerns an environment is split into, each with its own Terraform state. */
export const UNITS = ['network', 'data', 'edge', 'services', 'jobs', 'dns'] as const;
export type Unit = (typeof UNITS)[number];

export class EnvironmentStack extends LayerStack {
  readonly environment: Environment;
  declare readonly unit: Unit;
  private cloudflareProvider?: CloudflareProvider;

  constructor(scope: Construct, environment: Environment, unit: Unit) {
    super(scope, { scope: environment.name, account: environment.awsAccount, region: environment.region, unit, stateKey: `${environment.name}/${unit}.tfstate` });
    this.environment = environment;
  }

  /**
   * Declares the Cloudflare provider (once); only stacks that manage Cloudflare
   * records call this. Its API token comes from CLOUDFLARE_API_TOKEN at plan time,
   * never from code.
   */
  useCloudflare(): CloudflareProvider {
    this.cloudflareProvider ??= new CloudflareProvider(this, 'cloudflare', {});
    return this.cloudflareProvider;
  }

  /**
   * Builds a module construct fed by `fieldPath` of the env (e.g. `apps.web`):
   * an error the module raises names the env file and that field.
   */
  fromField<T>(fieldPath: string, build: () => T): T {
    return atField(this.environment.sourceFile, `environments.${this.environment.name}.${fieldPath}`, build);
  }

  /** `lq3-<env>-<parts>` */
  name(...parts: string[]): string {
    return resourceName(this.environment.name, ...parts);
  }
}
