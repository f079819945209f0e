/**
 * The base every unit stack extends (Terragrunt's root.hcl `remote_state` and
 * `generate "provider"`): one S3 state per env and concern, the env account's
 * AWS provider with default tags, and the Cloudflare provider on demand.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { S3Backend, TerraformStack } from 'cdktf';
import type { Construct, IConstruct } from 'constructs';
import { atField } from './config-error';
import type { Environment } from './environment';
import { MODULE_METADATA_TYPE } from './module-versions';
import { ORGANISATION, requiredTags, resourceName } from './organisation';
import pkg from '../package.json';

/** The concerns an environment is split into, each with its own Terraform state. */
export const UNITS = ['network', 'data', 'edge', 'services', 'jobs', 'dns'] as const;
export type Unit = (typeof UNITS)[number];

export class EnvironmentStack extends TerraformStack {
  readonly environment: Environment;
  readonly unit: Unit;
  /** State object key inside the account's state bucket: `<env>/<unit>.tfstate`. */
  readonly stateKey: string;
  readonly aws: AwsProvider;
  private cloudflareProvider?: CloudflareProvider;

  constructor(scope: Construct, environment: Environment, unit: Unit) {
    super(scope, `${environment.name}-${unit}`);
    // The shared layer is versioned like the modules (ADR 0011): the stamp names the release an env runs.
    this.node.addMetadata(MODULE_METADATA_TYPE, { name: pkg.name, version: pkg.version });
    this.environment = environment;
    this.unit = unit;
    const account = environment.awsAccount;
    this.stateKey = `${environment.name}/${unit}.tfstate`;

    new S3Backend(this, {
      bucket: account.stateBucket,
      key: this.stateKey,
      region: account.stateRegion,
      encrypt: true,
      assumeRole: { roleArn: account.roleArn },
    });
    // S3-native locking (Terraform >= 1.10) replaces the DynamoDB lock table;
    // cdktf 0.21's S3BackendConfig has no prop for it yet.
    this.addOverride('terraform.backend.s3.use_lockfile', true);
    this.addOverride('terraform.required_version', ORGANISATION.requiredTerraformVersion);

    this.aws = new AwsProvider(this, 'aws', {
      region: environment.region,
      allowedAccountIds: [account.id],
      assumeRole: [{ roleArn: account.roleArn, sessionName: `lq3-${environment.name}-${unit}` }],
      defaultTags: [{ tags: requiredTags(environment.name) }],
    });
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

  /** Adds `//.lq3` to the stack JSON: env, account, unit and the module versions it was built from. */
  override toTerraform(): Record<string, unknown> {
    const json = super.toTerraform() as Record<string, unknown>;
    const comment = (json['//'] ?? {}) as Record<string, unknown>;
    json['//'] = {
      ...comment,
      lq3: {
        environment: this.environment.name,
        account: this.environment.account,
        unit: this.unit,
        stateKey: this.stateKey,
        modules: moduleVersions(this),
      },
    };
    return json;
  }
}

/** Versions of the @lq3 modules whose constructs sit in this stack, by package name. */
function moduleVersions(stack: IConstruct): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const construct of stack.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== MODULE_METADATA_TYPE) continue;
      const { name, version } = entry.data as { name: string; version: string };
      versions[name] = version;
    }
  }
  return Object.fromEntries(Object.entries(versions).sort(([a], [b]) => a.localeCompare(b)));
}
