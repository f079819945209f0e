import { ZeroTrustAccessApplication } from '@cdktf/provider-cloudflare/lib/zero-trust-access-application';
import { ZeroTrustAccessPolicy, type ZeroTrustAccessPolicyInclude } from '@cdktf/provider-cloudflare/lib/zero-trust-access-policy';
import { ZeroTrustAccessServiceToken } from '@cdktf/provider-cloudflare/lib/zero-trust-access-service-token';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import pkg from '../package.json';

/** Who may log in: anyone matching one entry (Access `include` rules, OR-ed). At least one entry. */
export interface AccessAllowedPeople {
  /**
   * Email domains whose addresses may log in, e.g. `example.com`.
   * @default []
   */
  readonly emailDomains?: string[];
  /**
   * Single email addresses, e.g. an external tester.
   * @default []
   */
  readonly emails?: string[];
  /**
   * Ids (UUIDs) of Zero Trust Access groups, e.g. groups synced from the identity provider.
   * @default []
   */
  readonly groupIds?: string[];
}

export interface AccessProtectedHostnamesProps {
  /** Cloudflare account of the zone (`CloudflareZone.accountId`); Access policies are account-scoped. */
  readonly accountId: string;
  /** Name of the application; also the prefix of the policies' and the service token's names. */
  readonly name: string;
  /** Fully qualified hostnames Access guards (1–50), all of them behind one login. */
  readonly hostnames: string[];
  /** Who may log in. */
  readonly allow: AccessAllowedPeople;
  /**
   * How long a login lasts, e.g. `24h` or `30m` (Go duration units).
   * @default '24h'
   */
  readonly sessionDuration?: string;
  /**
   * A service token for automated checks and the `non_identity` policy that admits it; `false`
   * for none. The token's client id and secret are outputs (the secret is sensitive).
   * @default {} (a token valid for a year, 8760h)
   */
  readonly serviceToken?: { readonly duration?: string } | false;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;
const MAX_DESTINATIONS = 50;

/**
 * Cloudflare Zero Trust Access in front of a set of hostnames: one self-hosted application with
 * every hostname as a public destination, an `allow` policy for people (email domains, emails,
 * Access groups) and, by default, a service token with a `non_identity` policy for automated
 * checks (they send `CF-Access-Client-Id` and `CF-Access-Client-Secret`). Policies are reusable,
 * account-level ones referenced by the application. CORS preflight requests bypass Access (so a
 * front end's cross-origin API calls reach the API's own CORS answer), a request with a bad or no
 * service token gets 401 instead of the login page, and the session cookie is HttpOnly and
 * SameSite=Lax.
 */
export class AccessProtectedHostnames extends Construct {
  readonly applicationId: string;
  /** The application's audience tag: origins that verify Access's JWT check it. */
  readonly aud: string;
  readonly peoplePolicyId: string;
  /** Undefined with `serviceToken: false`. */
  readonly serviceTokenPolicyId?: string;
  readonly serviceTokenId?: string;
  readonly serviceTokenClientId?: string;
  /** Sensitive in Terraform; store it where the checks read it (e.g. Secrets Manager), never in an output. */
  readonly serviceTokenClientSecret?: string;

  constructor(scope: Construct, id: string, props: AccessProtectedHostnamesProps) {
    super(scope, id);
    this.node.addMetadata('lq3:module', { name: pkg.name, version: pkg.version });
    const owner = `AccessProtectedHostnames "${id}"`;
    const hostnames = validate(owner, props);
    const sessionDuration = props.sessionDuration ?? '24h';

    const people = new ZeroTrustAccessPolicy(this, 'people', {
      accountId: props.accountId,
      name: `${props.name} people`,
      decision: 'allow',
      include: peopleRules(props.allow),
      sessionDuration,
    });
    this.peoplePolicyId = people.id;
    const policies = [{ id: people.id, precedence: 1 }];

    if (props.serviceToken !== false) {
      const token = new ZeroTrustAccessServiceToken(this, 'service-token', {
        accountId: props.accountId,
        name: `${props.name} checks`,
        duration: props.serviceToken?.duration ?? '8760h',
      });
      const automation = new ZeroTrustAccessPolicy(this, 'service-token-policy', {
        accountId: props.accountId,
        name: `${props.name} checks`,
        decision: 'non_identity',
        include: [{ serviceToken: { tokenId: token.id } }],
        sessionDuration,
      });
      this.serviceTokenId = token.id;
      this.serviceTokenClientId = token.clientId;
      this.serviceTokenClientSecret = token.clientSecret;
      this.serviceTokenPolicyId = automation.id;
      policies.push({ id: automation.id, precedence: 2 });
    }

    const application = new ZeroTrustAccessApplication(this, 'application', {
      accountId: props.accountId,
      name: props.name,
      type: 'self_hosted',
      destinations: hostnames.map((hostname) => ({ type: 'public', uri: hostname })),
      policies,
      sessionDuration,
      optionsPreflightBypass: true,
      serviceAuth401Redirect: true,
      httpOnlyCookieAttribute: true,
      sameSiteCookieAttribute: 'lax',
      appLauncherVisible: true,
    });
    this.applicationId = application.id;
    this.aud = application.aud;
  }
}

function peopleRules(allow: AccessAllowedPeople): ZeroTrustAccessPolicyInclude[] {
  return [
    ...(allow.emailDomains ?? []).map((domain) => ({ emailDomain: { domain: domain.toLowerCase() } })),
    ...(allow.emails ?? []).map((email) => ({ email: { email: email.toLowerCase() } })),
    ...(allow.groupIds ?? []).map((groupId) => ({ group: { id: groupId } })),
  ];
}

/** Checks the props; returns the hostnames lower-cased. */
function validate(owner: string, props: AccessProtectedHostnamesProps): string[] {
  if (!Token.isUnresolved(props.accountId) && !/^[0-9a-f]{32}$/.test(props.accountId)) {
    throw new Error(`${owner}: accountId "${props.accountId}" is not a Cloudflare account id; expected 32 hexadecimal characters or a reference (CloudflareZone.accountId).`);
  }
  if (props.name.trim() === '' || props.name.length > 300) throw new Error(`${owner}: name must be 1-300 characters.`);
  if (props.hostnames.length === 0 || props.hostnames.length > MAX_DESTINATIONS) {
    throw new Error(`${owner}: hostnames has ${props.hostnames.length} entries; an application takes 1-${MAX_DESTINATIONS} destinations.`);
  }
  const hostnames = props.hostnames.map((hostname) => hostname.toLowerCase());
  for (const hostname of hostnames) {
    if (!HOSTNAME.test(hostname)) throw new Error(`${owner}: hostname "${hostname}" is not a fully qualified host name like app.example.com.`);
  }
  if (new Set(hostnames).size !== hostnames.length) throw new Error(`${owner}: hostnames lists a name twice; expected each hostname once.`);
  const { emailDomains = [], emails = [], groupIds = [] } = props.allow;
  if (emailDomains.length + emails.length + groupIds.length === 0) {
    throw new Error(`${owner}: allow names nobody; give at least one of emailDomains, emails or groupIds (Access would refuse a policy without include rules).`);
  }
  for (const domain of emailDomains) if (!HOSTNAME.test(domain.toLowerCase())) throw new Error(`${owner}: allow.emailDomains entry "${domain}" is not a domain like example.com.`);
  for (const email of emails) if (!/^[^@\s]+@[^@\s]+\.[a-z]{2,63}$/i.test(email)) throw new Error(`${owner}: allow.emails entry "${email}" is not an email address.`);
  for (const groupId of groupIds) if (!UUID.test(groupId)) throw new Error(`${owner}: allow.groupIds entry "${groupId}" is not an Access group id (a lower-case UUID).`);
  const durations = [['sessionDuration', props.sessionDuration], ['serviceToken.duration', props.serviceToken ? props.serviceToken.duration : undefined]] as const;
  for (const [field, value] of durations) {
    if (value !== undefined && !DURATION.test(value)) throw new Error(`${owner}: ${field} "${value}" is not a duration like 24h or 30m (units ns, us, ms, s, m, h).`);
  }
  return hostnames;
}
