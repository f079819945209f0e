import { Token } from 'cdktf';
import type { EcsServiceEgressRule } from './ecs-service-props';

/**
 * HTTPS to anywhere: AWS APIs, ECR (registry and the S3 layers), CloudWatch Logs and
 * Secrets Manager — through NAT or the VPC's endpoints — and external HTTPS APIs.
 * The default egress of a service, and the first rule of most custom lists.
 */
export const HTTPS_TO_ANYWHERE: EcsServiceEgressRule = {
  name: 'https',
  description: 'HTTPS: AWS APIs, ECR, CloudWatch Logs, Secrets Manager, S3 and external HTTPS APIs',
  port: 443,
  cidrIpv4: '0.0.0.0/0',
};

/** The rules a service gets: its own list, or HTTPS anywhere. */
export function egressRules(egress: readonly EcsServiceEgressRule[] | undefined): readonly EcsServiceEgressRule[] {
  return egress ?? [HTTPS_TO_ANYWHERE];
}

const RULE_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,62}$/;
const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Every problem with the egress list, as sentences naming the rule and what is expected. */
export function egressProblems(egress: readonly EcsServiceEgressRule[] | undefined): string[] {
  if (egress === undefined) return [];
  const problems: string[] = [];
  if (egress.length === 0) {
    problems.push('egress is empty: tasks could not pull their image or write logs; list at least HTTPS (443) to the AWS endpoints, or omit egress for HTTPS anywhere');
  }
  const names = new Set<string>();
  for (const rule of egress) {
    const at = `egress rule "${rule.name}"`;
    if (!RULE_NAME.test(rule.name)) problems.push(`${at}: name must be 1-63 letters, digits or hyphens`);
    if (names.has(rule.name)) problems.push(`${at}: name is used twice; names must be unique per service`);
    names.add(rule.name);
    if (rule.description.trim().length === 0 || rule.description.length > 255) problems.push(`${at}: description must say what the tasks reach there (1-255 characters)`);
    const protocol = rule.protocol ?? 'tcp';
    if (protocol !== 'tcp' && protocol !== 'udp') problems.push(`${at}: protocol "${String(protocol)}" must be tcp or udp`);
    const toPort = rule.toPort ?? rule.port;
    if (!isPort(rule.port)) problems.push(`${at}: port ${rule.port} must be an integer 0-65535`);
    if (!isPort(toPort) || toPort < rule.port) problems.push(`${at}: toPort ${toPort} must be an integer from port (${rule.port}) to 65535`);
    const destinations = [rule.cidrIpv4, rule.securityGroupId, rule.prefixListId].filter((d) => d !== undefined);
    if (destinations.length !== 1) {
      problems.push(`${at}: needs exactly one destination of cidrIpv4, securityGroupId and prefixListId (got ${destinations.length})`);
    }
    if (rule.cidrIpv4 !== undefined && !Token.isUnresolved(rule.cidrIpv4) && !isIpv4Cidr(rule.cidrIpv4)) {
      problems.push(`${at}: cidrIpv4 "${rule.cidrIpv4}" must be an IPv4 network like 10.0.0.0/16 (host bits zero)`);
    }
  }
  return problems;
}

function isPort(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= 65535;
}

function isIpv4Cidr(cidr: string): boolean {
  const match = IPV4_CIDR.exec(cidr);
  if (!match) return false;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((octet) => octet > 255) || prefix > 32) return false;
  const address = octets.reduce((value, octet) => value * 256 + octet, 0);
  const hostBits = 2 ** (32 - prefix);
  return address % hostBits === 0;
}
