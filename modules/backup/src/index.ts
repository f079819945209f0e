export { BACKUP_ROLE_POLICIES, DailyBackup, type DailyBackupCopy, type DailyBackupNotifications, type DailyBackupProps, type DailyBackupVaultLock } from './daily-backup';
export { DEFAULT_VAULT_EVENTS, MAX_CONTINUOUS_BACKUP_DAYS, MAX_RETENTION_DAYS, MIN_CHANGEABLE_FOR_DAYS, VAULT_EVENTS, type VaultEvent } from './validation';
