/**
 * The base of the account layer's stacks (Terragrunt's `<account>/_global`
 * units): a LayerStack in the account's state bucket under `_global/<unit>.tfstate`,
 * the account's provider in the layer's home region, tagged `Environment:
 * <account>-global`.
 */
import type { Construct } from 'constructs';
import { atField } from '../config-error';
import { LayerStack } from '../layer-stack';
import { ORGANISATION } from '../organisation';
import type { AccountLayer } from './account-config';

/** The account layer's concerns, each with its own state. */
export const ACCOUNT_UNITS = ['baseline', 'audit', 'cost', 'chat'] as const;
export type AccountUnit = (typeof ACCOUNT_UNITS)[number];

/** Folder of the account layer's states in each account's bucket; env names cannot start with `_`. */
export const ACCOUNT_STATE_PREFIX = '_global';

export class AccountStack extends LayerStack {
  readonly layer: AccountLayer;
  declare readonly unit: AccountUnit;

  constructor(scope: Construct, layer: AccountLayer, unit: AccountUnit) {
    super(scope, { scope: layer.scope, account: layer.awsAccount, region: layer.settings.region, unit, stateKey: `${ACCOUNT_STATE_PREFIX}/${unit}.tfstate` });
    this.layer = layer;
  }

  /** Builds a module construct fed by `fieldPath` of the account's settings: an error it raises names accounts.yaml and that field. */
  fromField<T>(fieldPath: string, build: () => T): T {
    return atField(this.layer.sourceFile, `accounts.${this.layer.name}${fieldPath ? `.${fieldPath}` : ''}`, build);
  }

  /** `lq3-<account>-<parts>`, e.g. `lq3-staging-cloudtrail`. */
  name(...parts: string[]): string {
    return [ORGANISATION.namePrefix, this.layer.name, ...parts].join('-');
  }
}
