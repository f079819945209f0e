import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { Fn, type IResolvable, type ITerraformDependable, TerraformIterator } from 'cdktf';
import { Construct } from 'constructs';
import pkg from '../package.json';
import { dnsNameProblem, isToken } from './validation';

export interface DnsValidatedCertificateProps {
  /**
   * Names the certificate covers; the first is the primary (the certificate's
   * domain name), the rest become subject alternative names. `*.example.com`
   * wildcards are allowed.
   */
  readonly domainNames: string[];
  /**
   * Key algorithm of the certificate.
   * @default 'RSA_2048' (the one every client supports)
   */
  readonly keyAlgorithm?: 'RSA_2048' | 'EC_prime256v1' | 'EC_secp384r1';
  /**
   * Extra tags for the certificate (provider default tags still apply).
   * @default {}
   */
  readonly tags?: Record<string, string>;
}

/**
 * An ACM certificate validated through DNS records that somebody else creates
 * (in LQ3: Cloudflare, through `@lq3/cloudflare-dns` AcmValidationRecords).
 *
 * Order of use: create this, create the validation records from
 * `domainValidationOptions`, then call `validate(records)` and give the ARN
 * it returns to the HTTPS listener, so the listener waits for issuance.
 */
export class DnsValidatedCertificate extends Construct {
  /** ARN of the certificate, possibly not issued yet: use `validate()` for listeners. */
  readonly certificateArn: string;
  /** The names the certificate covers, primary first. */
  readonly domainNames: readonly string[];
  /**
   * One entry per validation record to create, keyed by domain name (keys are
   * known at plan time, as `for_each` needs). Each value resolves to the
   * certificate's domain_validation_options entry for that name:
   * `{ domain_name, resource_record_name, resource_record_type, resource_record_value }`.
   * `*.example.com` is left out when `example.com` is also covered: ACM gives
   * both the same record, and creating it twice would fail.
   */
  readonly domainValidationOptions: Readonly<Record<string, IResolvable>>;
  private readonly certificate: AcmCertificate;
  private validation?: AcmCertificateValidation;

  constructor(scope: Construct, id: string, props: DnsValidatedCertificateProps) {
    super(scope, id);
    this.node.addMetadata('lq3:module', { name: pkg.name, version: pkg.version });
    const owner = `DnsValidatedCertificate "${id}"`;
    const domainNames = validateDomainNames(owner, props.domainNames);
    this.domainNames = domainNames;

    const [primary, ...alternatives] = domainNames;
    this.certificate = new AcmCertificate(this, 'certificate', {
      domainName: primary,
      subjectAlternativeNames: alternatives.length > 0 ? alternatives : undefined,
      validationMethod: 'DNS',
      keyAlgorithm: props.keyAlgorithm ?? 'RSA_2048',
      tags: props.tags,
      // A changed name list replaces the certificate; the listener keeps the old one until the new one exists.
      lifecycle: { createBeforeDestroy: true },
    });
    this.certificateArn = this.certificate.arn;

    // Keys must be known at plan time, so they come from our own list; values are looked up by name.
    const optionsByName = TerraformIterator.fromList(this.certificate.domainValidationOptions).forExpressionForMap('val.domain_name', 'val');
    const entries = domainNames
      .filter((name) => !(name.startsWith('*.') && domainNames.includes(name.slice(2))))
      .map((name) => [name, Fn.lookup(optionsByName, name) as IResolvable]);
    this.domainValidationOptions = Object.fromEntries(entries);
  }

  /**
   * Waits (in Terraform) for ACM to issue the certificate once the given
   * validation records exist, and returns the ARN of the issued certificate.
   * Call it once, with every record created from `domainValidationOptions`.
   */
  validate(validationRecords: ITerraformDependable[]): string {
    if (this.validation) {
      throw new Error(`DnsValidatedCertificate "${this.node.id}": validate() was already called; call it once with all validation records.`);
    }
    if (validationRecords.length === 0) {
      throw new Error(
        `DnsValidatedCertificate "${this.node.id}": validate() got no validation records; pass the DNS records created from domainValidationOptions.`,
      );
    }
    this.validation = new AcmCertificateValidation(this, 'validation', {
      certificateArn: this.certificate.arn,
      dependsOn: validationRecords,
    });
    return this.validation.certificateArn;
  }
}

function validateDomainNames(owner: string, domainNames: string[]): string[] {
  if (domainNames.length === 0) {
    throw new Error(`${owner}: domainNames is empty; expected at least one name, the primary first (e.g. ["app.example.com"]).`);
  }
  if (domainNames.some((name) => isToken(name))) {
    throw new Error(`${owner}: a domain name is a Terraform reference; expected literal names, since they key the validation records at plan time.`);
  }
  const seen = new Set<string>();
  return domainNames.map((raw) => {
    // ACM stores names in lower case; keeping ours lower case avoids a replacement on the next plan.
    const name = raw.toLowerCase();
    const problem = dnsNameProblem(name, true);
    if (problem) throw new Error(`${owner}: domainNames entry "${raw}" ${problem}.`);
    if (seen.has(name)) throw new Error(`${owner}: domainNames lists "${raw}" twice; expected each name once.`);
    seen.add(name);
    return name;
  });
}
