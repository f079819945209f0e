import { join } from 'node:path';
import { resourcesOf, synthesizeProject } from '../src/testing';
import { tempWorkspace } from './helpers';

const BASE = `environments:
  base:
    account: staging
    dnsZone: example.com
    network: { cidr: 10.10.0.0/16 }
    apps:
      web: { hostname: base.example.com, image: r/web, tag: "1.0.0" }
      api: { hostname: base-api.example.com, image: r/api, tag: "1.0.0", usesDatabase: true }
    database: { engineVersion: "8.0", extendedSupport: true }
`;

const parallel = (enabled: boolean) => `environments:
  copy:
    account: staging
    dnsZone: example.com
    enabled: ${enabled}
    disposable: { infrastructure: true, data: true }
    network: { reuse: base }
    apps:
      web: { hostname: copy.example.com, image: r/web, tag: "2.0.0" }
      api: { hostname: copy-api.example.com, image: r/api, tag: "1.0.0", usesDatabase: true }
    database: { engineVersion: "8.0", extendedSupport: true, restoreFromLatestSnapshotOf: lq3-base-mysql }
    jobs:
      nightly-export: { schedule: "cron(0 4 * * ? *)", command: [bin/console, app:export] }
`;

function synth(enabled: boolean) {
  const root = tempWorkspace({ base: BASE, copy: parallel(enabled) });
  return synthesizeProject(join(root, 'live', 'copy')).stacks;
}

describe('composeEnvironment', () => {
  it('an enabled env has services, jobs, its certificate on the base env\'s ALB, and DNS records', () => {
    const stacks = synth(true);
    expect(resourcesOf(stacks['copy-services'], 'aws_ecs_service')).toHaveLength(2);
    expect(resourcesOf(stacks['copy-jobs'], 'aws_scheduler_schedule')).toHaveLength(1);
    // A copy in its base's VPC shares the base's load balancer (ADR 0013).
    expect(resourcesOf(stacks['copy-edge'], 'aws_lb')).toHaveLength(0);
    expect(resourcesOf(stacks['copy-edge'], 'aws_lb_listener_certificate')).toHaveLength(1);
    expect(resourcesOf(stacks['copy-dns'], 'cloudflare_dns_record')).toHaveLength(2);
  });

  it('enabled: false removes services, schedules, ALB and DNS but keeps the database copy and the exports bucket', () => {
    const stacks = synth(false);
    // Every unit still exists, so a plan shows the removals instead of orphaning state.
    expect(Object.keys(stacks).sort()).toEqual(['copy-data', 'copy-dns', 'copy-edge', 'copy-jobs', 'copy-network', 'copy-services']);
    expect(stacks['copy-services'].resource).toBeUndefined();
    expect(stacks['copy-edge'].resource).toBeUndefined();
    expect(stacks['copy-dns'].resource).toBeUndefined();
    expect(resourcesOf(stacks['copy-jobs'], 'aws_scheduler_schedule')).toEqual([]);
    expect(resourcesOf(stacks['copy-jobs'], 'aws_s3_bucket')).toHaveLength(1);
    expect(resourcesOf(stacks['copy-data'], 'aws_db_instance')).toHaveLength(1);
    // The Cloudflare provider stays declared so Terraform can delete the records it holds.
    expect(stacks['copy-dns'].provider['cloudflare']).toEqual([{}]);
  });

  it('lets destroy empty the buckets of a disposable env, and only of a disposable env', () => {
    const copy = synth(true);
    const base = synthesizeProject(join(tempWorkspace({ base: BASE, copy: parallel(true) }), 'live', 'base')).stacks;
    const forceDestroy = (stacks: typeof copy, stack: string) => resourcesOf(stacks[stack], 'aws_s3_bucket').map((bucket) => bucket['force_destroy']);
    expect(forceDestroy(copy, 'copy-edge')).toEqual([]); // no ALB, so no access log bucket of its own (ADR 0013)
    expect(forceDestroy(copy, 'copy-jobs')).toEqual([true]);
    expect(forceDestroy(base, 'base-edge')).toEqual([false, false]); // access logs, client CA bundle (ADR 0015)
    expect(forceDestroy(base, 'base-jobs')).toEqual([false]);
  });

  it('gives the database to apps with usesDatabase only', () => {
    const tasks = resourcesOf(synth(true)['copy-services'], 'aws_ecs_task_definition');
    const web = tasks.find((task) => task.family === 'lq3-copy-web')!;
    const api = tasks.find((task) => task.family === 'lq3-copy-api')!;
    expect(String(web.container_definitions)).not.toContain('DATABASE_');
    expect(String(api.container_definitions)).toContain('DATABASE_USER');
  });
});
