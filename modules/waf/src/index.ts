export { AlbWebAcl, type AlbWebAclProps, type AlbWebAclRateLimit, DEFAULT_MANAGED_RULE_GROUPS } from './alb-web-acl';
