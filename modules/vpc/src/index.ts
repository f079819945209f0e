export { cidrContains, cidrsOverlap, parseCidr, vpcCidrProblem } from './cidr';
export type { VpcNetwork } from './network';
export {
  INTERFACE_ENDPOINT_SERVICES,
  type InterfaceEndpointService,
  LOG_RETENTION_DAYS,
  NAT_MODES,
  type NatMode,
  Vpc,
  type VpcProps,
} from './vpc';
export { VpcLookup, type VpcLookupProps } from './vpc-lookup';
