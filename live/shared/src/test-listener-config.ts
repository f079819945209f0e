/**
 * `alb.testListener` in env.yaml: the blue/green test listener (`@lq3/alb`'s testListenerPort,
 * ECS's test_listener_rule), and the rules that keep ECS's rollback alarm meaningful.
 *
 * Who reaches the test port: the env's NAT gateways' addresses (checks running inside the VPC
 * reach the internet-facing ALB through them) and the `allowedCidrs` listed here (e.g. an office
 * or VPN range) — never Cloudflare's ranges: the port serves a version that has not passed its
 * checks, and through Cloudflare (which proxies 8443) `https://<hostname>:8443` would publish it.
 */
import { MIN_BAKE_WITH_ALARM_MINUTES } from '@lq3/ecs-service';
import type { VpcNetwork } from '@lq3/vpc';
import { Fn, Token } from 'cdktf';
import { z } from 'zod';
import type { EnvironmentConfig } from './environment';
import { ipv4Network, type FieldProblem } from './egress-config';
import { environmentOfDatabase } from './environment-references';

const PRODUCTION_PORTS = [80, 443];

const checkSource = ipv4Network.refine((value) => value !== '0.0.0.0/0', 'admits the whole internet; the test port serves versions that have not passed their checks, so list only the check sources');

export const testListenerSchema = z
  .object({
    port: z
      .number()
      .int()
      .min(1)
      .max(65535)
      .refine((port) => !PRODUCTION_PORTS.includes(port), 'must not be 80 or 443, the production listeners')
      .default(8443)
      .meta({ description: 'Port of the second HTTPS listener (same certificate and TLS policy as 443).' }),
    allowedCidrs: z
      .array(checkSource)
      .max(50)
      .default([])
      .meta({ description: "Check sources admitted besides the env's NAT gateway addresses, e.g. an office or VPN range; never 0.0.0.0/0 or Cloudflare." }),
  })
  .strict()
  .meta({
    description:
      "Blue/green test listener: a second HTTPS port on the env's ALB where ECS exposes the new tasks (each app's host rule) before it shifts production traffic, so checks can reach them; the rollback alarm counts their errors. Reachable only from the env's NAT addresses (checks inside the VPC) and `allowedCidrs`, never through Cloudflare (docs/operations.md, \"Release on blue/green\"). Needs `deployment.strategy: blueGreen` and an ALB of the env's own. Default: none.",
  });

export type TestListenerConfig = z.infer<typeof testListenerSchema>;

/** Cross-field problems of the test listener and the blue/green bake time, as `[path below the env, problem]`. */
export function testListenerProblems(env: EnvironmentConfig): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const blueGreen = env.deployment.strategy === 'blueGreen';
  if (blueGreen && env.deployment.bakeTimeMinutes < MIN_BAKE_WITH_ALARM_MINUTES) {
    problems.push([
      ['deployment', 'bakeTimeMinutes'],
      `must be at least ${MIN_BAKE_WITH_ALARM_MINUTES} with blueGreen: the rollback alarm needs that long (3-minute evaluation plus metric delivery) to fire before the previous version is gone`,
    ]);
  }
  const listener = env.alb.testListener;
  if (!listener) return problems;
  const at = ['alb', 'testListener'];
  if (!blueGreen) problems.push([at, 'only applies with deployment.strategy blueGreen (ECS points it at the new tasks during a blue/green deployment; nothing routes there otherwise); remove it']);
  const copyOf = env.database.restoreFromLatestSnapshotOf ? environmentOfDatabase(env.database.restoreFromLatestSnapshotOf) : undefined;
  if ('reuse' in env.network && copyOf !== undefined && env.network.reuse === copyOf) {
    problems.push([at, `a copy on its base env's load balancer (${copyOf}, ADR 0013) has no listener of its own; remove it`]);
  }
  if ('cidr' in env.network && env.network.nat === 'none' && listener.allowedCidrs.length === 0) {
    problems.push([[...at, 'allowedCidrs'], 'is empty and the VPC has no NAT gateway, so nothing could reach the test listener; list the check sources']);
  }
  return problems;
}

/**
 * `@lq3/alb` props of the env's test listener: the port, and as check sources the VPC's NAT
 * addresses (`/32`, from the network unit) followed by `allowedCidrs`. None without `alb.testListener`.
 */
export function testListenerProps(listener: TestListenerConfig | undefined, network: VpcNetwork): { testListenerPort?: number; testListenerIngressCidrs?: string[] } {
  if (!listener) return {};
  const natAddresses = Fn.formatlist('%s/32', [network.natPublicIps]);
  return { testListenerPort: listener.port, testListenerIngressCidrs: Token.asList(Fn.concat([natAddresses, listener.allowedCidrs])) };
}
