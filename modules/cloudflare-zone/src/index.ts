export { AuthenticatedOriginPulls, type AuthenticatedOriginPullsProps } from './authenticated-origin-pulls';
export { CLOUDFLARE_ORIGIN_PULL_CA_NOT_AFTER, CLOUDFLARE_ORIGIN_PULL_CA_PEM, CLOUDFLARE_ORIGIN_PULL_CA_SHA256 } from './origin-pull-ca';
export { type ZoneHsts, ZoneSecuritySettings, type ZoneSecuritySettingsProps } from './zone-security-settings';
