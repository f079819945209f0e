/**
 * `apps.<app>.egress` in env.yaml: where an app's tasks (and the jobs that run its task
 * definition) may open connections. The services unit turns it into `@lq3/ecs-service`
 * egress rules (egressOf); docs/configuration.md documents it from the descriptions here.
 *
 * What every app gets: HTTPS — to anywhere (`https: internet`, the default: AWS APIs and ECR
 * through NAT or the VPC endpoints, external HTTPS APIs) or only to the VPC's interface
 * endpoints and S3 (`https: vpc`) — and, with `usesDatabase`, MySQL to the env's database
 * security group. Nothing else unless `allow` lists it. DNS needs no rule: security groups
 * do not filter the Amazon-provided VPC resolver.
 */
import type { EcsServiceEgressRule } from '@lq3/ecs-service';
import { HTTPS_TO_ANYWHERE } from '@lq3/ecs-service';
import { parseCidr } from '@lq3/vpc';
import { z } from 'zod';
import type { EnvironmentConfig } from './environment';

/** Rule names the services unit gives its own rules; `allow` entries may not take them. */
export const RESERVED_EGRESS_NAMES = ['https', 'https-vpc', 'https-s3', 'mysql'] as const;
const ALLOW_NAME = /^[a-z](?:[a-z0-9]|-(?=[a-z0-9])){0,30}$/;

/** An IPv4 network CIDR (`a.b.c.d/n`, host bits zero), for security group rules. */
export const ipv4Network = z.string().superRefine((value, ctx) => {
  try {
    parseCidr(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message.replace(/^cidr "[^"]*" /, ''), input: value });
  }
});

/** A problem with a field below the env: `[path, sentence]`. */
export type FieldProblem = [(string | number)[], string];

const allowSchema = z
  .object({
    port: z.number().int().min(0).max(65535).meta({ description: 'Destination port (first of a range with `toPort`).' }),
    toPort: z.number().int().min(0).max(65535).optional().meta({ description: 'Last port of a range; default `port`.' }),
    protocol: z.enum(['tcp', 'udp']).default('tcp').meta({ description: 'tcp or udp ("all protocols" is not offered).' }),
    cidr: ipv4Network.meta({ description: 'Destination IPv4 network, e.g. `203.0.113.10/32` for a mail relay or `0.0.0.0/0` for a port the app needs anywhere.' }),
    description: z.string().min(1).max(200).optional().meta({ description: 'What the app reaches there (the rule\'s description); default names the entry.' }),
  })
  .strict();

export const appEgressSchema = z
  .object({
    https: z
      .enum(['internet', 'vpc'])
      .default('internet')
      .meta({
        description:
          "`internet`: HTTPS (443) anywhere — AWS APIs and ECR through NAT or the VPC's endpoints, external HTTPS APIs. `vpc`: HTTPS only to the VPC's interface endpoints (ECR, CloudWatch Logs, Secrets Manager) and to S3 through its gateway endpoint (image layers, the exports bucket); no other AWS API and nothing outside AWS.",
      }),
    allow: z
      .record(
        z.string().regex(ALLOW_NAME, 'must be 1-31 lower-case letters, digits and single hyphens, starting with a letter'),
        allowSchema,
      )
      .default({})
      .meta({
        description: `Further destinations by name, e.g. \`smtp: { port: 587, cidr: 203.0.113.10/32 }\`. Names ${RESERVED_EGRESS_NAMES.join(', ')} are taken by the rules above.`,
      }),
  })
  .strict()
  .default({ https: 'internet', allow: {} })
  .meta({
    description:
      "Where the app's tasks and jobs may connect: HTTPS (`https`), MySQL to the env's database when `usesDatabase`, and the `allow` entries; nothing else. DNS to the VPC resolver needs no entry (security groups do not filter it).",
  });

export type AppEgressConfig = z.infer<typeof appEgressSchema>;

/** Field problems across an app's egress settings, as `[path below the env, problem]`. */
export function egressConfigProblems(env: EnvironmentConfig): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const [appName, app] of Object.entries(env.apps)) {
    for (const [name, entry] of Object.entries(app.egress.allow)) {
      const at = ['apps', appName, 'egress', 'allow', name];
      if ((RESERVED_EGRESS_NAMES as readonly string[]).includes(name)) problems.push([at, `is a name the shared layer uses for its own rule (${RESERVED_EGRESS_NAMES.join(', ')}); use another`]);
      if (entry.toPort !== undefined && entry.toPort < entry.port) problems.push([[...at, 'toPort'], `must be at least port (${entry.port})`]);
    }
  }
  return problems;
}

/** What the services unit knows of the env's network and database when it builds the rules. */
export interface EgressDestinations {
  /** The VPC's IPv4 range (its interface endpoints are inside). */
  readonly vpcCidr: string;
  /** Lazily: the S3 gateway endpoint's prefix list id, created only when an app uses `https: vpc`. */
  readonly s3PrefixListId: () => string;
  /** The database's security group and port, for apps with `usesDatabase`. */
  readonly database: { readonly securityGroupId: string; readonly port: number };
}

/** The `@lq3/ecs-service` egress rules of one app. */
export function egressOf(app: { egress: AppEgressConfig; usesDatabase: boolean }, to: EgressDestinations): EcsServiceEgressRule[] {
  const https: EcsServiceEgressRule[] =
    app.egress.https === 'internet'
      ? [HTTPS_TO_ANYWHERE]
      : [
          { name: 'https-vpc', description: 'HTTPS to the VPC interface endpoints (ECR, CloudWatch Logs, Secrets Manager)', port: 443, cidrIpv4: to.vpcCidr },
          { name: 'https-s3', description: 'HTTPS to S3 through the gateway endpoint (ECR image layers, the exports bucket)', port: 443, prefixListId: to.s3PrefixListId() },
        ];
  const database: EcsServiceEgressRule[] = app.usesDatabase
    ? [{ name: 'mysql', description: "MySQL of the env's database (writer and replicas)", port: to.database.port, securityGroupId: to.database.securityGroupId }]
    : [];
  const allowed = Object.entries(app.egress.allow).map(([name, entry]): EcsServiceEgressRule => ({
    name,
    description: entry.description ?? `${name} (apps.<app>.egress.allow)`,
    protocol: entry.protocol,
    port: entry.port,
    ...(entry.toPort !== undefined ? { toPort: entry.toPort } : {}),
    cidrIpv4: entry.cidr,
  }));
  return [...https, ...database, ...allowed];
}
