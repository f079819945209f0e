/**
 * LQ3's own safety invariants over synthesized Terraform JSON: rules checkov
 * does not know (our state layout, our tags, our production rules). Each
 * invariant checks whatever resources exist, so it holds on today's stacks and
 * keeps holding as modules land.
 */
import { REQUIRED_TAG_KEYS, type AccountName, type Environment } from '@lq3/live-shared';
import {
  dataSourcesOf,
  isExpression,
  isObject,
  nestedBlocks,
  providerBlocks,
  references,
  resourcesOf,
  resourcesOfType,
  type JsonObject,
  type SynthesizedStack,
  type TerraformJson,
} from './terraform-json';

/** A synthesized stack together with the facts about its environment the rules depend on. */
export interface StackUnderTest {
  readonly name: string;
  readonly json: TerraformJson;
  readonly account: AccountName;
  /** The env's data is a disposable copy (parallel envs): no long backups or deletion protection required. */
  readonly disposableData: boolean;
  /** The env's infrastructure may be destroyed (parallel envs): no deletion protection on it required. */
  readonly disposableInfrastructure: boolean;
}

export interface Violation {
  readonly stack: string;
  /** Resource address, `provider.aws`, `terraform.backend` ... */
  readonly where: string;
  readonly problem: string;
}

export interface Invariant {
  readonly description: string;
  readonly check: (stacks: readonly StackUnderTest[]) => Violation[];
}

const WORLD_CIDRS = new Set(['0.0.0.0/0', '::/0']);

/** Attribute names that hold secret material (matched per `_`-separated word run). */
const SECRET_NAME = /(^|_)(password|passwd|passphrase|secret|secret_string|token|api_key|access_key|secret_key|private_key|key_material|client_secret)(_|$)/i;
/** ...unless the name says it holds a reference or a setting, not the secret itself. */
const NOT_SECRET_MATERIAL = /(_arn|_arns|_id|_ids|_name|_names|_version|_length|_count|_type|_enabled|_kms_key|_prefix)$|^manage_/i;

export const INVARIANTS = {
  uniqueStateKeys: {
    description: 'every backend state key is unique across envs and stacks',
    check: (stacks) => {
      const owners = new Map<string, string>();
      const violations: Violation[] = [];
      for (const stack of stacks) {
        const s3 = s3Backend(stack.json);
        const key = s3 && typeof s3['bucket'] === 'string' && typeof s3['key'] === 'string' ? `${s3['bucket']}/${s3['key']}` : undefined;
        if (!key) continue; // reported by backendEncryptedAndLocked
        const owner = owners.get(key);
        if (owner) violations.push({ stack: stack.name, where: 'terraform.backend.s3.key', problem: `state ${key} is also used by ${owner}` });
        else owners.set(key, stack.name);
      }
      return violations;
    },
  },

  backendEncryptedAndLocked: {
    description: 'every stack keeps its state in S3, encrypted, with S3 native locking',
    check: (stacks) =>
      stacks.flatMap((stack) => {
        const s3 = s3Backend(stack.json);
        const at = (problem: string): Violation => ({ stack: stack.name, where: 'terraform.backend.s3', problem });
        if (!s3) return [at('no S3 backend: state would be local and unshared')];
        const violations: Violation[] = [];
        if (typeof s3['key'] !== 'string' || typeof s3['bucket'] !== 'string') violations.push(at('bucket and key must be set'));
        if (s3['encrypt'] !== true) violations.push(at('encrypt must be true'));
        if (s3['use_lockfile'] !== true) violations.push(at('use_lockfile must be true'));
        return violations;
      }),
  },

  noSecretLiterals: {
    description: 'no attribute named like a password, secret, token or key material holds a literal string',
    check: (stacks) =>
      stacks.flatMap((stack) => {
        const violations: Violation[] = [];
        const blocks: [string, unknown][] = [
          ...Object.entries(stack.json.provider ?? {}).map(([type, config]): [string, unknown] => [`provider.${type}`, config]),
          ...entriesOf(stack.json['variable']).map(([name, config]): [string, unknown] => [`variable.${name}`, config]),
          ...entriesOf(stack.json['locals']).map(([name, value]): [string, unknown] => [`locals.${name}`, { [name]: value }]),
          ...resourcesOf(stack.json).map((resource): [string, unknown] => [resource.address, resource.config]),
          ...dataSourcesOf(stack.json).map((data): [string, unknown] => [`data.${data.address}`, data.config]),
        ];
        for (const [where, config] of blocks) {
          for (const path of secretLiteralPaths(config)) violations.push({ stack: stack.name, where, problem: `${path} holds a literal secret; reference Secrets Manager or SSM instead` });
        }
        for (const task of resourcesOfType(stack.json, 'aws_ecs_task_definition')) {
          for (const name of secretContainerEnvironment(task.config['container_definitions'])) {
            violations.push({ stack: stack.name, where: task.address, problem: `container environment variable ${name} holds a literal; pass it as a container secret` });
          }
        }
        return violations;
      }),
  },

  productionDatabases: {
    description:
      'production account: every database is encrypted with a customer-managed key (copies and replicas inherit it) and never public; non-disposable ones have deletion protection, a final snapshot, >= 14 days of backups and a Multi-AZ writer',
    check: (stacks) =>
      stacks
        .filter((stack) => stack.account === 'production')
        .flatMap((stack) =>
          resourcesOfType(stack.json, 'aws_db_instance').flatMap((db) => {
            const at = (problem: string): Violation => ({ stack: stack.name, where: db.address, problem });
            const c = db.config;
            const isReplica = c['replicate_source_db'] !== undefined;
            // RDS restores an instance with its snapshot's key (the restore API takes no KMS key),
            // so a copy's key is the source writer's, which this rule checks where that writer is defined.
            const isRestoredCopy = c['snapshot_identifier'] !== undefined;
            const violations: Violation[] = [];
            if (c['publicly_accessible'] === true) violations.push(at('publicly_accessible must not be true'));
            // A same-region replica inherits the writer's encryption and key.
            if (!isReplica && c['storage_encrypted'] !== true) violations.push(at('storage_encrypted must be true'));
            if (!isReplica && !isRestoredCopy && !isExpression(c['kms_key_id'])) violations.push(at('kms_key_id must reference a customer-managed KMS key'));
            if (stack.disposableData) return violations;
            if (c['deletion_protection'] !== true) violations.push(at('deletion_protection must be true'));
            // RDS takes no final snapshot of a replica and replicas are rebuilt from the writer's backups.
            if (isReplica) return violations;
            if (c['multi_az'] !== true) violations.push(at('multi_az must be true for the writer'));
            if (c['skip_final_snapshot'] === true || !c['final_snapshot_identifier']) {
              violations.push(at('needs a final snapshot: skip_final_snapshot false and final_snapshot_identifier set'));
            }
            const retention = c['backup_retention_period'];
            if (typeof retention !== 'number' || retention < 14) violations.push(at(`backup_retention_period must be >= 14 days, got ${JSON.stringify(retention)}`));
            return violations;
          }),
        ),
  },

  productionBuckets: {
    description: 'production account: every S3 bucket has all public access blocked, server-side encryption and versioning enabled',
    check: (stacks) =>
      stacks
        .filter((stack) => stack.account === 'production')
        .flatMap((stack) =>
          resourcesOfType(stack.json, 'aws_s3_bucket').flatMap((bucket) => {
            const at = (problem: string): Violation => ({ stack: stack.name, where: bucket.address, problem });
            const companion = (type: string) => resourcesOfType(stack.json, type).filter((r) => references(r.config['bucket'], bucket.address));
            const violations: Violation[] = [];
            const blockFlags = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'];
            if (!companion('aws_s3_bucket_public_access_block').some((r) => blockFlags.every((flag) => r.config[flag] === true))) {
              violations.push(at(`needs an aws_s3_bucket_public_access_block with ${blockFlags.join(', ')} all true`));
            }
            if (companion('aws_s3_bucket_server_side_encryption_configuration').length === 0) violations.push(at('needs an aws_s3_bucket_server_side_encryption_configuration'));
            const versioned = companion('aws_s3_bucket_versioning').some((r) =>
              nestedBlocks(r.config['versioning_configuration']).some((v) => v['status'] === 'Enabled'),
            );
            if (!versioned) violations.push(at('needs an aws_s3_bucket_versioning with status Enabled'));
            return violations;
          }),
        ),
  },

  productionLogGroups: {
    description: 'production account: every CloudWatch log group has a retention period and a KMS key',
    check: (stacks) =>
      stacks
        .filter((stack) => stack.account === 'production')
        .flatMap((stack) =>
          resourcesOfType(stack.json, 'aws_cloudwatch_log_group').flatMap((group) => {
            const at = (problem: string): Violation => ({ stack: stack.name, where: group.address, problem });
            const violations: Violation[] = [];
            const retention = group.config['retention_in_days'];
            if (!(typeof retention === 'number' && retention > 0) && !isExpression(retention)) violations.push(at('retention_in_days must be set (logs would be kept forever)'));
            if (!group.config['kms_key_id']) violations.push(at('kms_key_id must be set'));
            return violations;
          }),
        ),
  },

  productionLoadBalancers: {
    description: 'production account: every load balancer of a non-disposable env has deletion protection',
    check: (stacks) =>
      stacks
        .filter((stack) => stack.account === 'production' && !stack.disposableInfrastructure)
        .flatMap((stack) =>
          [...resourcesOfType(stack.json, 'aws_lb'), ...resourcesOfType(stack.json, 'aws_alb')]
            .filter((lb) => lb.config['enable_deletion_protection'] !== true)
            .map((lb) => ({ stack: stack.name, where: lb.address, problem: 'enable_deletion_protection must be true' })),
        ),
  },

  baseContainerInsights: {
    description: 'every ECS cluster of a non-disposable env has Container Insights on (copies run without, ADR 0013)',
    check: (stacks) =>
      stacks
        .filter((stack) => !stack.disposableInfrastructure)
        .flatMap((stack) =>
          resourcesOfType(stack.json, 'aws_ecs_cluster')
            .filter((cluster) => !nestedBlocks(cluster.config['setting']).some((setting) => setting['name'] === 'containerInsights' && ['enabled', 'enhanced'].includes(String(setting['value']))))
            .map((cluster) => ({ stack: stack.name, where: cluster.address, problem: 'setting containerInsights must be enabled or enhanced' })),
        ),
  },

  noWorldIngress: {
    description: 'no security group admits 0.0.0.0/0 or ::/0 (the ALB admits Cloudflare ranges only)',
    check: (stacks) =>
      stacks.flatMap((stack) =>
        ingressRules(stack.json)
          .filter((rule) => rule.cidrs.some((cidr) => WORLD_CIDRS.has(cidr)))
          .map((rule) => ({ stack: stack.name, where: rule.where, problem: `ingress from ${rule.cidrs.filter((c) => WORLD_CIDRS.has(c)).join(', ')}` })),
      ),
  },

  databasesAdmitOnlySecurityGroups: {
    description: 'a database security group admits traffic only from other security groups (the apps), never from address ranges',
    check: (stacks) =>
      stacks.flatMap((stack) => {
        const dbGroups = new Set(
          [...resourcesOfType(stack.json, 'aws_db_instance'), ...resourcesOfType(stack.json, 'aws_rds_cluster')].flatMap((db) =>
            asList(db.config['vpc_security_group_ids']).flatMap((id) => resourcesOfType(stack.json, 'aws_security_group').filter((sg) => references(id, sg.address))),
          ).map((sg) => sg.address),
        );
        return ingressRules(stack.json)
          .filter((rule) => rule.group !== undefined && dbGroups.has(rule.group))
          .filter((rule) => rule.cidrs.length > 0 || rule.prefixLists || !rule.fromSecurityGroup)
          .map((rule) => ({ stack: stack.name, where: rule.where, problem: `database security group ${rule.group} must admit only app security groups, not address ranges or prefix lists` }));
      }),
  },

  requiredTags: {
    description: `every AWS provider sets default_tags with ${REQUIRED_TAG_KEYS.join(', ')}, and no resource blanks them`,
    check: (stacks) =>
      stacks.flatMap((stack) => {
        const violations: Violation[] = [];
        const providers = providerBlocks(stack.json, 'aws');
        if (providers.length === 0) violations.push({ stack: stack.name, where: 'provider.aws', problem: 'no AWS provider' });
        providers.forEach((provider, index) => {
          const where = typeof provider['alias'] === 'string' ? `provider.aws.${provider['alias']}` : `provider.aws[${index}]`;
          const tags = nestedBlocks(provider['default_tags']).map((block) => block['tags']).find(isObject) ?? {};
          const missing = REQUIRED_TAG_KEYS.filter((key) => !isNonBlank(tags[key]));
          if (missing.length > 0) violations.push({ stack: stack.name, where, problem: `default_tags lacks ${missing.join(', ')}` });
        });
        for (const resource of resourcesOf(stack.json)) {
          for (const attribute of ['tags', 'tags_all']) {
            const tags = resource.config[attribute];
            if (!isObject(tags)) continue;
            const blanked = REQUIRED_TAG_KEYS.filter((key) => key in tags && !isNonBlank(tags[key]));
            if (blanked.length > 0) violations.push({ stack: stack.name, where: resource.address, problem: `${attribute} overrides ${blanked.join(', ')} with an empty value` });
          }
        }
        return violations;
      }),
  },
} satisfies Record<string, Invariant>;

export type InvariantName = keyof typeof INVARIANTS;

/** Pairs each synthesized stack with its environment (named in the stack's `//.lq3.environment`). */
export function stacksUnderTest(stacks: readonly SynthesizedStack[], environments: readonly Environment[]): StackUnderTest[] {
  return stacks.map((stack) => {
    const comment = stack.json['//'];
    const lq3 = isObject(comment) && isObject(comment['lq3']) ? comment['lq3'] : {};
    const environment = environments.find((env) => env.name === lq3['environment']);
    if (!environment) throw new Error(`${stack.name}: //.lq3.environment (${JSON.stringify(lq3['environment'])}) names none of ${environments.map((env) => env.name).join(', ')}`);
    return {
      name: stack.name,
      json: stack.json,
      account: environment.account,
      disposableData: environment.disposable.data,
      disposableInfrastructure: environment.disposable.infrastructure,
    };
  });
}

/** Every violation of every invariant, labelled with the invariant's name. */
export type LabelledViolation = Violation & { readonly invariant: InvariantName };

export function checkInvariants(stacks: readonly StackUnderTest[]): LabelledViolation[] {
  return (Object.entries(INVARIANTS) as [InvariantName, Invariant][]).flatMap(([invariant, { check }]) => check(stacks).map((violation) => ({ invariant, ...violation })));
}

function s3Backend(json: TerraformJson): JsonObject | undefined {
  const backend = json.terraform?.['backend'];
  return isObject(backend) && isObject(backend['s3']) ? backend['s3'] : undefined;
}

/** Dotted paths under `value` whose attribute name looks secret and whose value is a non-empty literal string. */
function secretLiteralPaths(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => secretLiteralPaths(item, `${path}[${index}]`));
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([name, child]) => {
    if (name === '//') return []; // CDKTF metadata
    const childPath = path ? `${path}.${name}` : name;
    const looksSecret = SECRET_NAME.test(name) && !NOT_SECRET_MATERIAL.test(name);
    if (looksSecret && typeof child === 'string' && child.trim() !== '' && !isExpression(child)) return [childPath];
    return secretLiteralPaths(child, childPath);
  });
}

/** Names of container `environment` entries that look secret and hold a literal value. */
function secretContainerEnvironment(containerDefinitions: unknown): string[] {
  if (typeof containerDefinitions !== 'string' || isExpressionOnly(containerDefinitions)) return [];
  let containers: unknown;
  try {
    containers = JSON.parse(containerDefinitions);
  } catch {
    return [];
  }
  return (Array.isArray(containers) ? containers : []).filter(isObject).flatMap((container) =>
    (Array.isArray(container['environment']) ? container['environment'] : [])
      .filter(isObject)
      .filter((entry) => typeof entry['name'] === 'string' && SECRET_NAME.test(entry['name']) && !NOT_SECRET_MATERIAL.test(entry['name']))
      .filter((entry) => typeof entry['value'] === 'string' && entry['value'] !== '' && !isExpression(entry['value']))
      .map((entry) => String(entry['name'])),
  );
}

function isExpressionOnly(value: string): boolean {
  return /^\$\{[^}]*\}$/.test(value.trim());
}

interface IngressRule {
  readonly where: string;
  /** Address of the security group the rule belongs to, when it is in this stack. */
  readonly group?: string;
  readonly cidrs: readonly string[];
  readonly prefixLists: boolean;
  readonly fromSecurityGroup: boolean;
}

/** Ingress rules in all three Terraform forms: inline blocks, aws_security_group_rule, aws_vpc_security_group_ingress_rule. */
function ingressRules(json: TerraformJson): IngressRule[] {
  const groups = resourcesOfType(json, 'aws_security_group');
  const groupOf = (id: unknown) => groups.find((sg) => references(id, sg.address))?.address;
  const inline = groups.flatMap((sg) =>
    nestedBlocks(sg.config['ingress']).map((rule, index) => ({
      where: `${sg.address}.ingress[${index}]`,
      group: sg.address,
      cidrs: [...asList(rule['cidr_blocks']), ...asList(rule['ipv6_cidr_blocks'])],
      prefixLists: asList(rule['prefix_list_ids']).length > 0,
      fromSecurityGroup: asList(rule['security_groups']).length > 0 || rule['self'] === true,
    })),
  );
  const legacyRules = resourcesOfType(json, 'aws_security_group_rule')
    .filter((rule) => rule.config['type'] === 'ingress')
    .map((rule) => ({
      where: rule.address,
      group: groupOf(rule.config['security_group_id']),
      cidrs: [...asList(rule.config['cidr_blocks']), ...asList(rule.config['ipv6_cidr_blocks'])],
      prefixLists: asList(rule.config['prefix_list_ids']).length > 0,
      fromSecurityGroup: rule.config['source_security_group_id'] !== undefined || rule.config['self'] === true,
    }));
  const vpcRules = resourcesOfType(json, 'aws_vpc_security_group_ingress_rule').map((rule) => ({
    where: rule.address,
    group: groupOf(rule.config['security_group_id']),
    cidrs: [...asList(rule.config['cidr_ipv4']), ...asList(rule.config['cidr_ipv6'])],
    prefixLists: rule.config['prefix_list_id'] !== undefined,
    fromSecurityGroup: rule.config['referenced_security_group_id'] !== undefined,
  }));
  return [...inline, ...legacyRules, ...vpcRules];
}

/** Strings from a list attribute or a single value; expressions (`${...}`) count as entries too. */
function asList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return typeof value === 'string' ? [value] : [];
}

function isNonBlank(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}

function entriesOf(value: unknown): [string, unknown][] {
  return isObject(value) ? Object.entries(value) : [];
}
