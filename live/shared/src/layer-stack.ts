/**
 * What every stack of a live project shares (Terragrunt's root.hcl `remote_state`
 * and `generate "provider"`), whichever layer it belongs to — an environment's
 * unit (EnvironmentStack) or an account's `_global` concern (AccountStack): one
 * encrypted S3 state with native locking in the account's bucket, the account's
 * AWS provider (its role, that account only, the required tags), and the
 * `//.lq3` block the runner, the policy gate and the PR comment read.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Backend, TerraformStack } from 'cdktf';
import type { Construct, IConstruct } from 'constructs';
import type { AwsAccount } from './accounts';
import { MODULE_METADATA_TYPE } from './module-versions';
import { ORGANISATION, requiredTags } from './organisation';
import pkg from '../package.json';

export interface LayerStackProps {
  /** What the stack belongs to: an environment name, or `<account>-global` for the account layer. Its `Environment` tag. */
  readonly scope: string;
  readonly account: AwsAccount;
  /** Region of the AWS provider. */
  readonly region: string;
  /** The concern, e.g. `network` or `audit`. The stack id is `<scope>-<unit>`. */
  readonly unit: string;
  /** State object key in the account's state bucket. */
  readonly stateKey: string;
}

export class LayerStack extends TerraformStack {
  readonly unit: string;
  /** State object key inside the account's state bucket. */
  readonly stateKey: string;
  readonly aws: AwsProvider;
  private readonly identity: LayerStackProps;

  constructor(scope: Construct, props: LayerStackProps) {
    super(scope, `${props.scope}-${props.unit}`);
    // The shared layer is versioned like the modules (ADR 0011): the stamp names the release a project runs.
    this.node.addMetadata(MODULE_METADATA_TYPE, { name: pkg.name, version: pkg.version });
    this.identity = props;
    this.unit = props.unit;
    this.stateKey = props.stateKey;
    const { account } = props;

    new S3Backend(this, {
      bucket: account.stateBucket,
      key: props.stateKey,
      region: account.stateRegion,
      encrypt: true,
      assumeRole: { roleArn: account.roleArn },
    });
    // S3-native locking (Terraform >= 1.10) replaces the DynamoDB lock table;
    // cdktf 0.21's S3BackendConfig has no prop for it yet.
    this.addOverride('terraform.backend.s3.use_lockfile', true);
    this.addOverride('terraform.required_version', ORGANISATION.requiredTerraformVersion);

    this.aws = new AwsProvider(this, 'aws', {
      region: props.region,
      allowedAccountIds: [account.id],
      assumeRole: [{ roleArn: account.roleArn, sessionName: `lq3-${props.scope}-${props.unit}` }],
      defaultTags: [{ tags: requiredTags(props.scope) }],
    });
  }

  /** Adds `//.lq3` to the stack JSON: scope (as `environment`), account, unit, state key and the module versions it was built from. */
  override toTerraform(): Record<string, unknown> {
    const json = super.toTerraform() as Record<string, unknown>;
    const comment = (json['//'] ?? {}) as Record<string, unknown>;
    json['//'] = {
      ...comment,
      lq3: {
        environment: this.identity.scope,
        account: this.identity.account.name,
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
