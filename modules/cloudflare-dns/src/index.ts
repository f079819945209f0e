export { AcmValidationRecords, type AcmValidationRecordsProps } from './acm-validation-records';
export { type HostnameOrigin, type HostnameRecord, HostnameRecords, type HostnameRecordsProps } from './hostname-records';
export { CloudflareIpRanges } from './ip-ranges';
export { CloudflareZone, type CloudflareZoneProps } from './zone';
