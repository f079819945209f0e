export { Alb, type AlbClientCertificates, type AlbHostRoute, type AlbHostRouteOptions, type AlbProps, type AlbTargetGroup, type AlbTargetGroupOptions } from './alb';
export { DnsValidatedCertificate, type DnsValidatedCertificateProps } from './certificate';
export { type AlbEndpoint, SharedAlb, type SharedAlbProps } from './shared-alb';
