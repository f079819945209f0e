/** The tasks' security group reaches only the destinations listed (default: HTTPS anywhere), never everything. */
import { TerraformVariable } from 'cdktf';
import { HTTPS_TO_ANYWHERE, type EcsServiceEgressRule } from '../src';
import { synth, WEB, WORKER, type Json } from './helpers';

const MYSQL: EcsServiceEgressRule = { name: 'mysql', description: 'MySQL of the env database', port: 3306, securityGroupId: 'sg-0db0000000000000a' };
const S3: EcsServiceEgressRule = { name: 'https-s3', description: 'S3 through the gateway endpoint', port: 443, prefixListId: 'pl-6ea54007' };

function egressRules(props: Parameters<typeof synth>[0]): Record<string, Json> {
  const synthesized = synth(props);
  const groupRef = `\${aws_security_group.${Object.keys(synthesized.resources('aws_security_group'))[0]}.id}`;
  // The ALB-to-tasks rule sits on the ALB's group; only the tasks' own group counts here.
  return Object.fromEntries(Object.entries(synthesized.resources('aws_vpc_security_group_egress_rule')).filter(([, rule]) => rule.security_group_id === groupRef));
}

describe('EcsService egress', () => {
  it('allows HTTPS anywhere by default and nothing else: no all-protocol rule', () => {
    const rules = Object.values(egressRules(WORKER));
    expect(rules).toEqual([
      expect.objectContaining({ ip_protocol: 'tcp', from_port: 443, to_port: 443, cidr_ipv4: '0.0.0.0/0', description: HTTPS_TO_ANYWHERE.description }),
    ]);
    expect(rules.some((rule) => rule.ip_protocol === '-1')).toBe(false);
  });

  it('creates one egress rule per listed destination: CIDR, security group or prefix list', () => {
    const rules = egressRules({ ...WEB, egress: [HTTPS_TO_ANYWHERE, MYSQL, S3, { name: 'ntp-relay', description: 'NTP relay', protocol: 'udp', port: 123, cidrIpv4: '10.20.0.0/16' }] });
    const byName = (name: string) => Object.entries(rules).find(([key]) => key.startsWith(`api_egress-${name}_`))?.[1];
    expect(Object.keys(rules)).toHaveLength(4);
    expect(byName('mysql')).toMatchObject({ ip_protocol: 'tcp', from_port: 3306, to_port: 3306, referenced_security_group_id: 'sg-0db0000000000000a', description: 'MySQL of the env database' });
    expect(byName('mysql')).not.toHaveProperty('cidr_ipv4');
    expect(byName('https-s3')).toMatchObject({ from_port: 443, prefix_list_id: 'pl-6ea54007' });
    expect(byName('ntp-relay')).toMatchObject({ ip_protocol: 'udp', from_port: 123, to_port: 123, cidr_ipv4: '10.20.0.0/16' });
  });

  it('keeps a rule\'s address when other rules change (the name, not the position, identifies it)', () => {
    const keys = (egress: EcsServiceEgressRule[]) => Object.keys(egressRules({ ...WORKER, egress })).sort();
    expect(keys([HTTPS_TO_ANYWHERE, MYSQL])).toEqual(expect.arrayContaining(keys([MYSQL])));
  });

  it('takes port ranges and Terraform references', () => {
    const rules = egressRules((stack) => ({
      ...WORKER,
      egress: [{ name: 'db', description: 'Database', port: 3306, toPort: 3307, securityGroupId: new TerraformVariable(stack, 'db_sg', { type: 'string' }).stringValue }],
    }));
    expect(Object.values(rules)).toEqual([expect.objectContaining({ from_port: 3306, to_port: 3307, referenced_security_group_id: '${var.db_sg}' })]);
  });

  it.each([
    [[], /egress is empty: tasks could not pull their image/],
    [[HTTPS_TO_ANYWHERE, HTTPS_TO_ANYWHERE], /egress rule "https": name is used twice/],
    [[{ ...MYSQL, name: 'my sql' }], /egress rule "my sql": name must be 1-63 letters, digits or hyphens/],
    [[{ ...MYSQL, cidrIpv4: '10.0.0.0/16' }], /egress rule "mysql": needs exactly one destination of cidrIpv4, securityGroupId and prefixListId \(got 2\)/],
    [[{ name: 'x', description: 'x', port: 443 }], /egress rule "x": needs exactly one destination .* \(got 0\)/],
    [[{ ...HTTPS_TO_ANYWHERE, cidrIpv4: '10.0.0.1/16' }], /egress rule "https": cidrIpv4 "10.0.0.1\/16" must be an IPv4 network/],
    [[{ ...MYSQL, port: 70000 }], /egress rule "mysql": port 70000 must be an integer 0-65535/],
    [[{ ...MYSQL, toPort: 80 }], /egress rule "mysql": toPort 80 must be an integer from port \(3306\) to 65535/],
    [[{ ...MYSQL, protocol: '-1' as 'tcp' }], /egress rule "mysql": protocol "-1" must be tcp or udp/],
    [[{ ...MYSQL, description: ' ' }], /egress rule "mysql": description must say what the tasks reach there/],
  ])('rejects %j', (egress, message) => {
    expect(() => synth({ ...WORKER, egress })).toThrow(message);
  });
});
