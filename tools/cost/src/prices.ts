/**
 * The committed price file of a region (prices/<region>.yaml): every price with its unit,
 * source page, check date and evidence. Loading validates all of it, so a price without a
 * source or date never reaches an estimate.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

export const PRICES_DIR = join(__dirname, '..', 'prices');

const isoDate = z.union([z.string(), z.date()]).transform((value, ctx) => {
  const text = value instanceof Date ? value.toISOString().slice(0, 10) : value;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) ctx.addIssue({ code: 'custom', message: `${text} is not a date (YYYY-MM-DD)` });
  return text;
});
const awsPage = z.string().regex(/^https:\/\/aws\.amazon\.com\//, 'must be the AWS pricing page the price is listed on (https://aws.amazon.com/...)');

const priceSchema = z
  .object({
    usd: z.number().min(0),
    unit: z.string().min(3),
    source: awsPage,
    usageType: z.string().min(3),
    checked: isoDate,
    evidence: z.string().min(10),
  })
  .strict();

const instanceSchema = z
  .object({ usd: z.number().positive(), vcpus: z.number().int().positive(), usageType: z.string().min(3), evidence: z.string().min(10) })
  .strict();

/** The price keys the rules use; the file must define each (and nothing else). */
export const PRICE_KEYS = [
  'fargateVcpuHourX86',
  'fargateGbHourX86',
  'fargateVcpuHourArm',
  'fargateGbHourArm',
  'albHour',
  'albLcuHour',
  'publicIpv4Hour',
  'natGatewayHour',
  'natGatewayGb',
  'interfaceEndpointAzHour',
  'interfaceEndpointGb',
  'internetEgressGb',
  'rdsGp3StorageGbMonth',
  'rdsBackupGbMonth',
  'rdsExtendedSupportVcpuHour',
  'kmsKeyMonth',
  'kmsRequests10k',
  'secretMonth',
  'logsIngestionGb',
  'logsStorageGbMonth',
  'alarmMonth',
  'customMetricMonth',
  'dashboardMonth',
  's3StandardGbMonth',
  'schedulerMillionInvocations',
  'wafWebAclMonth',
  'wafRuleMonth',
  'wafMillionRequests',
  'cloudtrailDataEvents100k',
  'guardDutyCloudTrailEventsMillion',
  'guardDutyLogsGb',
] as const;
export type PriceKey = (typeof PRICE_KEYS)[number];

const priceFileSchema = z
  .object({
    region: z.string(),
    currency: z.literal('USD'),
    hoursPerMonth: z.literal(730),
    asOf: isoDate,
    mysqlStandardSupportEnds: z.record(z.string().regex(/^\d+\.\d+$/), isoDate),
    prices: z.object(Object.fromEntries(PRICE_KEYS.map((key) => [key, priceSchema])) as Record<PriceKey, typeof priceSchema>).strict(),
    rdsMySqlInstances: z
      .object({ unit: z.string(), source: awsPage, checked: isoDate, classes: z.record(z.string().regex(/^db\.[a-z0-9-]+\.[a-z0-9]+$/), instanceSchema) })
      .strict(),
  })
  .strict();

export type PriceFile = z.infer<typeof priceFileSchema>;
export type Price = z.infer<typeof priceSchema>;

export class PriceBook {
  constructor(readonly file: PriceFile) {}

  get region(): string {
    return this.file.region;
  }

  get hoursPerMonth(): number {
    return this.file.hoursPerMonth;
  }

  /** USD per unit of a price key. */
  usd(key: PriceKey): number {
    return this.file.prices[key].usd;
  }

  /** Hourly Single-AZ rate and vCPUs of an RDS for MySQL class; throws for a class the file lacks. */
  rdsMySql(instanceClass: string): { usd: number; vcpus: number } {
    const entry = this.file.rdsMySqlInstances.classes[instanceClass];
    if (!entry) {
      const known = Object.keys(this.file.rdsMySqlInstances.classes).join(', ');
      throw new Error(
        `no price for RDS MySQL class ${instanceClass} in prices/${this.region}.yaml (rdsMySqlInstances.classes has ${known}); add it with its source, evidence and vCPUs`,
      );
    }
    return entry;
  }

  /** Whether a MySQL major version is past RDS standard support on the price file's date. */
  pastStandardSupport(majorVersion: string): boolean {
    const end = this.file.mysqlStandardSupportEnds[majorVersion];
    return end !== undefined && end < this.file.asOf;
  }
}

/** Reads and validates prices/<region>.yaml. */
export function loadPriceBook(region = 'eu-central-1', dir = PRICES_DIR): PriceBook {
  const file = join(dir, `${region}.yaml`);
  if (!existsSync(file)) throw new Error(`no price file for region ${region}: ${file} (the cost estimate knows ${region === 'eu-central-1' ? 'none' : 'eu-central-1 only'})`);
  const parsed = priceFileSchema.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue.path.join('.')}: ${issue.message}`);
  }
  if (parsed.data.region !== region) throw new Error(`${file}: region is ${parsed.data.region}, expected ${region}`);
  return new PriceBook(parsed.data);
}
