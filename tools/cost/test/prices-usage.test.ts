import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { loadPriceBook, PRICE_KEYS, PRICES_DIR } from '../src/prices';
import { loadUsageFile, resolveUsage, USAGE_FILE } from '../src/usage';
import { PRICES, USAGE_FILE as USAGE } from './helpers';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** The committed file, changed, in a temporary directory. */
function withChange(file: string, change: (data: Record<string, unknown>) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'lq3-cost-'));
  dirs.push(dir);
  const data = parse(readFileSync(file, 'utf8'));
  change(data);
  const target = join(dir, file.split('/').pop()!);
  writeFileSync(target, stringify(data));
  return dir;
}

describe('the price file', () => {
  it('prices every key the rules use, each with its unit, AWS pricing page, usage type, check date and evidence', () => {
    for (const key of PRICE_KEYS) {
      const price = PRICES.file.prices[key];
      expect(price.usd).toBeGreaterThanOrEqual(0);
      expect(price.source).toMatch(/^https:\/\/aws\.amazon\.com\/([a-z0-9-]+\/)+pricing\//);
      expect(price.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(price.evidence.length).toBeGreaterThan(10);
    }
    expect(PRICES.region).toBe('eu-central-1');
    expect(PRICES.hoursPerMonth).toBe(730);
  });

  it('knows the RDS classes the envs use, with their vCPUs', () => {
    for (const instanceClass of ['db.t4g.micro', 'db.t4g.small', 'db.r6g.large']) expect(PRICES.rdsMySql(instanceClass).vcpus).toBeGreaterThan(0);
    expect(() => PRICES.rdsMySql('db.x2g.16xlarge')).toThrow(/no price for RDS MySQL class db\.x2g\.16xlarge in prices\/eu-central-1\.yaml .*add it/);
  });

  it('says MySQL 8.0 is past standard support on its date, 8.4 is not', () => {
    expect(PRICES.pastStandardSupport('8.0')).toBe(true);
    expect(PRICES.pastStandardSupport('8.4')).toBe(false);
  });

  it('refuses a price without its source page, a missing key, an unknown key, and a region without a file', () => {
    const noSource = withChange(join(PRICES_DIR, 'eu-central-1.yaml'), (data) => delete (data.prices as Record<string, Record<string, unknown>>).albHour.source);
    expect(() => loadPriceBook('eu-central-1', noSource)).toThrow(/prices\.albHour\.source/);
    const thirdParty = withChange(join(PRICES_DIR, 'eu-central-1.yaml'), (data) => ((data.prices as Record<string, Record<string, unknown>>).albHour.source = 'https://example.com/alb'));
    expect(() => loadPriceBook('eu-central-1', thirdParty)).toThrow(/must be the AWS pricing page/);
    const missing = withChange(join(PRICES_DIR, 'eu-central-1.yaml'), (data) => delete (data.prices as Record<string, unknown>).natGatewayHour);
    expect(() => loadPriceBook('eu-central-1', missing)).toThrow(/prices\.natGatewayHour/);
    const extra = withChange(join(PRICES_DIR, 'eu-central-1.yaml'), (data) => ((data.prices as Record<string, unknown>).guessed = { usd: 1 }));
    expect(() => loadPriceBook('eu-central-1', extra)).toThrow(/guessed/);
    expect(() => loadPriceBook('us-east-1')).toThrow(/no price file for region us-east-1/);
  });
});

describe('usage assumptions', () => {
  it('has a default for every assumption', () => {
    expect(() => loadUsageFile()).not.toThrow();
    const partial = withChange(USAGE_FILE, (data) => delete (data.defaults as Record<string, Record<string, unknown>>).logs.appGbPerTaskMonth);
    expect(() => loadUsageFile(join(partial, 'usage.yaml'))).toThrow(/defaults\.logs\.appGbPerTaskMonth: every assumption needs a default/);
  });

  it('applies the production base profile to production base envs only, then the env overrides field by field', () => {
    const staging = resolveUsage(USAGE, { account: 'staging', role: 'base' }, undefined);
    const productionBase = resolveUsage(USAGE, { account: 'production', role: 'base' }, undefined);
    const productionCopy = resolveUsage(USAGE, { account: 'production', role: 'copy' }, undefined);
    expect(productionBase.alb.lcuPerHour).toBeGreaterThan(staging.alb.lcuPerHour);
    expect(productionCopy).toEqual(staging);
    const overridden = resolveUsage(USAGE, { account: 'production', role: 'base' }, { logs: { flowLogGbPerMonth: 1 }, s3: { exportsGb: 500 } });
    expect(overridden.logs).toEqual({ ...productionBase.logs, flowLogGbPerMonth: 1 });
    expect(overridden.s3).toEqual({ ...productionBase.s3, exportsGb: 500 });
    expect(overridden.alb).toEqual(productionBase.alb);
  });
});
