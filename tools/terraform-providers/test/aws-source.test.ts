import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { clientMethods, reachableClientCalls, servicePackagesFor, trimClients, trimProviderSource, trimServicePackages, typeIndex } from '../src/aws-source';

/** A miniature of the provider's layout: three services, one shared helper, the two generated files. */
const FILES: Record<string, string> = {
  'main.go': 'package main\n\nimport "github.com/hashicorp/terraform-provider-aws/internal/provider/sdkv2"\n',
  'internal/provider/sdkv2/service_packages_gen.go': [
    'package sdkv2',
    '',
    'import (',
    '\t"context"',
    '',
    '\t"github.com/hashicorp/terraform-provider-aws/internal/conns"',
    '\t"github.com/hashicorp/terraform-provider-aws/internal/service/ec2"',
    '\t"github.com/hashicorp/terraform-provider-aws/internal/service/kms"',
    '\t"github.com/hashicorp/terraform-provider-aws/internal/service/rds"',
    '\t"github.com/hashicorp/terraform-provider-aws/internal/service/xray"',
    ')',
    '',
    'func servicePackages(ctx context.Context) []conns.ServicePackage {',
    '\tv := []conns.ServicePackage{',
    '\t\tec2.ServicePackage(ctx),',
    '\t\tkms.ServicePackage(ctx),',
    '\t\trds.ServicePackage(ctx),',
    '\t\txray.ServicePackage(ctx),',
    '\t}',
    '\treturn v',
    '}',
    '',
  ].join('\n'),
  'internal/conns/awsclient_gen.go': [
    'package conns',
    '',
    'import (',
    '\t"context"',
    '',
    '\t"github.com/aws/aws-sdk-go-v2/service/ec2"',
    '\t"github.com/aws/aws-sdk-go-v2/service/kms"',
    '\t"github.com/aws/aws-sdk-go-v2/service/rds"',
    '\t"github.com/aws/aws-sdk-go-v2/service/xray"',
    '\t"github.com/hashicorp/terraform-provider-aws/names"',
    ')',
    '',
    'func (c *AWSClient) EC2Client(ctx context.Context) *ec2.Client {',
    '\treturn errs.Must(client[*ec2.Client](ctx, c, names.EC2, make(map[string]any)))',
    '}',
    '',
    'func (c *AWSClient) KMSClient(ctx context.Context) *kms.Client {',
    '\treturn errs.Must(client[*kms.Client](ctx, c, names.KMS, make(map[string]any)))',
    '}',
    '',
    'func (c *AWSClient) RDSClient(ctx context.Context) *rds.Client {',
    '\treturn errs.Must(client[*rds.Client](ctx, c, names.RDS, make(map[string]any)))',
    '}',
    '',
    'func (c *AWSClient) XRayClient(ctx context.Context) *xray.Client {',
    '\treturn errs.Must(client[*xray.Client](ctx, c, names.XRay, make(map[string]any)))',
    '}',
    '',
  ].join('\n'),
  'internal/conns/awsclient.go': 'package conns\n',
  'names/consts_gen.go': 'package names\n\nconst (\n\tEC2 = "ec2"\n\tKMS = "kms"\n\tRDS = "rds"\n\tXRay = "xray"\n)\n',
  'internal/service/kms/service_package_gen.go': 'package kms\n\nvar r = []any{\n\t{TypeName: "aws_kms_key"},\n}\n',
  'internal/service/ec2/service_package_gen.go': 'package ec2\n\nvar r = []any{\n\t{TypeName: "aws_vpc"},\n\t{TypeName: "aws_subnet"},\n}\n',
  'internal/service/ec2/vpc.go': 'package ec2\n\nfunc read() { conn := meta.EC2Client(ctx) }\n',
  'internal/service/rds/service_package_gen.go': 'package rds\n\nvar r = []any{\n\t{TypeName: "aws_db_instance"},\n}\n',
  // rds calls KMS through a shared helper package: KMSClient must survive the trim.
  'internal/service/rds/instance.go': 'package rds\n\nimport "github.com/hashicorp/terraform-provider-aws/internal/keys"\n\nfunc read() { conn := meta.RDSClient(ctx); keys.Check() }\n',
  'internal/service/rds/instance_test.go': 'package rds\n\nfunc t() { meta.XRayClient(ctx) }\n',
  'internal/keys/keys.go': 'package keys\n\nfunc Check() { meta.KMSClient(ctx) }\n',
  'internal/keys/gen.go': '//go:build generate\n\npackage keys\n\nfunc g() { meta.XRayClient(ctx) }\n',
  'internal/service/xray/service_package_gen.go': 'package xray\n\nvar r = []any{\n\t{TypeName: "aws_xray_group"},\n}\n',
  'internal/service/xray/group.go': 'package xray\n\nfunc read() { meta.XRayClient(ctx) }\n',
};

describe('trimming the AWS provider source', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lq3-aws-source-'));
    for (const [path, content] of Object.entries(FILES)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('maps each type to the service package that declares it', () => {
    const index = typeIndex(dir);
    expect(servicePackagesFor(['aws_subnet', 'aws_db_instance', 'aws_vpc'], index)).toEqual(['ec2', 'rds']);
  });

  it('names every type no service package declares', () => {
    expect(() => servicePackagesFor(['aws_vpc', 'aws_nope', 'aws_also_nope'], typeIndex(dir))).toThrow(
      'no service package of the AWS provider source declares aws_also_nope, aws_nope',
    );
  });

  it('registers only the kept service packages and keeps every other line', () => {
    const trimmed = trimServicePackages(FILES['internal/provider/sdkv2/service_packages_gen.go'], new Set(['ec2', 'rds']));
    expect(trimmed).toContain('\t\tec2.ServicePackage(ctx),');
    expect(trimmed).toContain('/internal/service/rds"');
    expect(trimmed).not.toContain('xray');
    expect(trimmed).not.toContain('kms');
    expect(trimmed).toContain('/internal/conns"');
    expect(trimmed.split('\n')).toHaveLength(FILES['internal/provider/sdkv2/service_packages_gen.go'].split('\n').length - 4);
  });

  it('registers the service package of every client kept code calls, to a fixed point', () => {
    // rds reaches KMSClient through internal/keys: kms must be registered or the provider panics.
    expect(trimProviderSource(dir, ['ec2', 'rds']).servicePackages).toEqual(['ec2', 'kms', 'rds']);
    const registered = readFileSync(join(dir, 'internal/provider/sdkv2/service_packages_gen.go'), 'utf8');
    expect(registered).toContain('\t\tkms.ServicePackage(ctx),');
    expect(registered).not.toContain('xray');
  });

  it('keeps the client methods reachable code calls, following internal imports, ignoring tests and generate-only files', () => {
    trimProviderSource(dir, ['ec2', 'rds']);
    const declared = clientMethods(FILES['internal/conns/awsclient_gen.go']);
    expect(declared).toEqual(['EC2Client', 'KMSClient', 'RDSClient', 'XRayClient']);
    expect([...reachableClientCalls(dir, declared)].sort()).toEqual(['EC2Client', 'KMSClient', 'RDSClient']);
    const clients = readFileSync(join(dir, 'internal/conns/awsclient_gen.go'), 'utf8');
    expect(clients).toContain('func (c *AWSClient) KMSClient(');
    expect(clients).not.toContain('XRayClient');
    expect(clients).not.toContain('aws-sdk-go-v2/service/xray');
    expect(clients).toContain('"github.com/hashicorp/terraform-provider-aws/names"');
  });

  it('drops an SDK import only when no kept method uses it', () => {
    const trimmed = trimClients(FILES['internal/conns/awsclient_gen.go'], new Set(['EC2Client']));
    expect(trimmed).toContain('aws-sdk-go-v2/service/ec2"');
    for (const sdk of ['kms', 'rds', 'xray']) expect(trimmed).not.toContain(`aws-sdk-go-v2/service/${sdk}"`);
  });
});
