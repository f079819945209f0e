/**
 * Task egress per app (apps.<app>.egress): HTTPS, MySQL to the env's database for apps that use
 * it, and the listed extras — never all traffic to 0.0.0.0/0. Jobs run with the same group.
 */
import { join } from 'node:path';
import { resourcesOf, synthesizeProject, type StackJson } from '../src/testing';
import { baseEnv, envFile, tempWorkspace, type Config } from './helpers';
import { testRefusals } from './refusals';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- synthesized Terraform JSON

function servicesOf(patch: (apps: Record<string, Config>) => void = () => {}): StackJson {
  const root = tempWorkspace({ s: envFile({ stage: baseEnv('stage', (env) => patch(env.apps as Record<string, Config>)) }) });
  return synthesizeProject(join(root, 'live', 's')).stacks['stage-services'];
}

/** Egress rules on each app's own task security group, by app: `<rule name>` → rule. */
function egressByApp(services: StackJson): Record<string, Record<string, Json>> {
  const rules = Object.entries(services.resource?.['aws_vpc_security_group_egress_rule'] ?? {}) as [string, Json][];
  const byApp: Record<string, Record<string, Json>> = {};
  for (const [key, rule] of rules) {
    const match = /^([a-z0-9-]+)_egress-([a-z0-9-]+)_[A-F0-9]+$/.exec(key);
    if (!match) continue; // the ALB's rule towards the tasks sits on the ALB's group
    expect(rule.security_group_id).toMatch(new RegExp(`^\\$\\{aws_security_group\\.${match[1]}_security-group_`));
    (byApp[match[1]] ??= {})[match[2]] = rule;
  }
  return byApp;
}

describe('task egress', () => {
  const services = servicesOf();
  const egress = egressByApp(services);

  it('never allows all traffic: HTTPS for every app, MySQL only for the app that uses the database', () => {
    expect(Object.keys(egress.web)).toEqual(['https']);
    expect(Object.keys(egress.api).sort()).toEqual(['https', 'mysql']);
    for (const rule of resourcesOf(services, 'aws_vpc_security_group_egress_rule')) expect(rule.ip_protocol).not.toBe('-1');
  });

  it('sends HTTPS anywhere (AWS APIs, ECR, external HTTPS) by default', () => {
    expect(egress.web.https).toMatchObject({ ip_protocol: 'tcp', from_port: 443, to_port: 443, cidr_ipv4: '0.0.0.0/0' });
  });

  it('sends MySQL only to the database\'s own security group, on its port', () => {
    expect(egress.api.mysql).toMatchObject({ ip_protocol: 'tcp', from_port: 3306, to_port: 3306 });
    expect(egress.api.mysql.referenced_security_group_id).toMatch(/stage-data\.outputs\.cross-stack-output-aws_security_groupmysql_security-group_/);
    expect(egress.api.mysql).not.toHaveProperty('cidr_ipv4');
  });

  it('reaches only the VPC endpoints and S3 with https: vpc', () => {
    const tight = servicesOf((apps) => (apps.web.egress = { https: 'vpc' }));
    const web = egressByApp(tight).web;
    expect(Object.keys(web).sort()).toEqual(['https-s3', 'https-vpc']);
    expect(web['https-vpc']).toMatchObject({ from_port: 443, to_port: 443, cidr_ipv4: '10.10.0.0/16' });
    const [prefixList] = Object.entries(tight.data?.['aws_prefix_list'] ?? {}) as [string, Json][];
    expect(prefixList[1]).toMatchObject({ name: 'com.amazonaws.eu-central-1.s3' });
    expect(web['https-s3']).toMatchObject({ from_port: 443, prefix_list_id: `\${data.aws_prefix_list.${prefixList[0]}.id}` });
    expect(egressByApp(tight).api.https).toMatchObject({ cidr_ipv4: '0.0.0.0/0' });
  });

  it('adds the destinations env.yaml allows, by name', () => {
    const web = egressByApp(servicesOf((apps) => (apps.web.egress = { allow: { smtp: { port: 587, cidr: '203.0.113.10/32', description: 'Mail relay' }, syslog: { port: 514, protocol: 'udp', cidr: '10.10.0.0/16' } } }))).web;
    expect(Object.keys(web).sort()).toEqual(['https', 'smtp', 'syslog']);
    expect(web.smtp).toMatchObject({ ip_protocol: 'tcp', from_port: 587, to_port: 587, cidr_ipv4: '203.0.113.10/32', description: 'Mail relay' });
    expect(web.syslog).toMatchObject({ ip_protocol: 'udp', from_port: 514, cidr_ipv4: '10.10.0.0/16' });
  });

  it('applies to the scheduled jobs too: they run in the service\'s security group', () => {
    const root = tempWorkspace({ s: envFile({ stage: baseEnv('stage') }) });
    const jobs = synthesizeProject(join(root, 'live', 's')).stacks['stage-jobs'];
    expect(JSON.stringify(jobs)).toMatch(/cross-stack-output-aws_security_groupapi_security-group_/);
  });
});

const STAGE = 'live/s/env.yaml: environments.stage.';
const stage = (patch: (apps: Record<string, Config>) => void) => ({ s: envFile({ stage: baseEnv('stage', (env) => patch(env.apps as Record<string, Config>)) }) });

describe('apps.<app>.egress refusals', () => {
  testRefusals([
    { name: 'an unknown https mode', files: stage((apps) => (apps.web.egress = { https: 'none' })), project: 's', prefix: `${STAGE}apps.web.egress.https: `, message: /^Invalid option: expected one of "internet"\|"vpc"/ },
    { name: 'a name the layer uses', files: stage((apps) => (apps.api.egress = { allow: { mysql: { port: 3307, cidr: '10.10.0.0/16' } } })), project: 's', prefix: `${STAGE}apps.api.egress.allow.mysql: `, message: /^is a name the shared layer uses for its own rule/ },
    { name: 'a reversed port range', files: stage((apps) => (apps.web.egress = { allow: { ldap: { port: 636, toPort: 389, cidr: '10.10.0.0/16' } } })), project: 's', prefix: `${STAGE}apps.web.egress.allow.ldap.toPort: `, message: 'must be at least port (636)', subprocess: true },
    { name: 'a malformed destination', files: stage((apps) => (apps.web.egress = { allow: { smtp: { port: 587, cidr: '203.0.113.10' } } })), project: 's', prefix: `${STAGE}apps.web.egress.allow.smtp.cidr: `, message: /^is not a valid IPv4 CIDR block/ },
    { name: 'all protocols', files: stage((apps) => (apps.web.egress = { allow: { everything: { port: 0, protocol: '-1', cidr: '0.0.0.0/0' } } })), project: 's', prefix: `${STAGE}apps.web.egress.allow.everything.protocol: `, message: /^Invalid option: expected one of "tcp"\|"udp"/ },
  ]);
});
