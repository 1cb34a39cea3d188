import { KeyObject, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SealError } from './errors';

/** Certificates closer than this to their end date still seal, with a warning. */
export const EXPIRY_WARNING_DAYS = 30;

/** Smallest RSA modulus we seal to; the controller generates 4096-bit keys by default. */
export const MIN_RSA_KEY_BITS = 2048;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The controller's public certificate, checked and ready to seal with. */
export interface SealingCertificate {
  /** The RSA public key values are sealed to. */
  readonly publicKey: KeyObject;
  /**
   * Subject, e.g. `CN=sealed-secrets-controller` (one line, comma separated); empty for the
   * controller's default certificate (started without `--my-cn`), which has an empty subject.
   */
  readonly subject: string;
  /** SHA-256 fingerprint of the DER certificate, colon-separated hex as `openssl x509 -fingerprint -sha256` prints it. */
  readonly fingerprint256: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** Size of the RSA modulus. */
  readonly keyBits: number;
  /** Where it came from: a file path or `<inline>`. */
  readonly source: string;
  /** Non-fatal findings, e.g. an expiry within 30 days. */
  readonly warnings: string[];
}

/** Options of `loadSealingCertificate` and `parseSealingCertificate`. */
export interface CertificateCheckOptions {
  /** The clock the validity period is checked against. @default - the current time */
  readonly now?: Date;
  /** How messages name the file, e.g. relative to the repository root. @default - the path as given */
  readonly displayPath?: string;
}

/**
 * Reads the PEM certificate `kubeseal --fetch-cert` saved and checks it can be sealed to.
 * @throws SealError `SealCertificateUnreadable` when the file is missing or unreadable
 */
export function loadSealingCertificate(file: string, options: CertificateCheckOptions = {}): SealingCertificate {
  const where = options.displayPath ?? file;
  let pem: Buffer;
  try {
    pem = readFileSync(file);
  } catch (e) {
    throw new SealError('SealCertificateUnreadable', where, `cannot read the certificate (${(e as NodeJS.ErrnoException).code ?? e})`,
      'save the controller\'s certificate with `kubeseal --fetch-cert > sealed-secrets/cert.pem`, or pass --cert <file>');
  }
  return parseSealingCertificate(pem, where, options);
}

/**
 * Checks a PEM certificate the way kubeseal's `ParseKey` does, and more strictly: the key must
 * be RSA of at least 2048 bits and the certificate must be inside its validity period (kubeseal
 * checks only the end date). Only the first certificate of a bundle is used, as kubeseal does.
 */
export function parseSealingCertificate(pem: Buffer | string, source = '<inline>', options: CertificateCheckOptions = {}): SealingCertificate {
  const now = options.now ?? new Date();
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch (e) {
    throw new SealError('SealCertificateInvalid', source, `not a PEM X.509 certificate (${(e as Error).message})`,
      'pass the controller\'s certificate (`kubeseal --fetch-cert`), not its private key or a Secret');
  }

  const keyType = cert.publicKey.asymmetricKeyType;
  if (keyType !== 'rsa') {
    throw new SealError('SealCertificateNotRsa', source, `the certificate holds a ${keyType ?? 'unknown'} key, sealing needs RSA (RSA-OAEP)`,
      'use the certificate of the sealed-secrets controller, which always holds an RSA key');
  }
  const keyBits = cert.publicKey.asymmetricKeyDetails?.modulusLength ?? 0;
  if (keyBits < MIN_RSA_KEY_BITS) {
    throw new SealError('SealCertificateWeakKey', source, `RSA key of ${keyBits} bits, expected at least ${MIN_RSA_KEY_BITS}`,
      'rotate the controller\'s key (its default is 4096 bits) and fetch the new certificate');
  }

  const notBefore = parseCertificateDate(cert.validFrom, source);
  const notAfter = parseCertificateDate(cert.validTo, source);
  if (now.getTime() > notAfter.getTime()) {
    throw new SealError('SealCertificateExpired', source, `the certificate expired on ${notAfter.toISOString()}`,
      'fetch the controller\'s current certificate with `kubeseal --fetch-cert > sealed-secrets/cert.pem`');
  }
  if (now.getTime() < notBefore.getTime()) {
    throw new SealError('SealCertificateNotYetValid', source, `the certificate is valid only from ${notBefore.toISOString()}`,
      'check this machine\'s clock, or fetch the controller\'s current certificate');
  }

  const warnings: string[] = [];
  const daysLeft = Math.floor((notAfter.getTime() - now.getTime()) / DAY_MS);
  if (daysLeft < EXPIRY_WARNING_DAYS) {
    warnings.push(`certificate ${source} expires in ${daysLeft} day(s), on ${notAfter.toISOString()}; `
      + 'fetch the renewed one with `kubeseal --fetch-cert` soon');
  }

  return {
    publicKey: cert.publicKey,
    // Node gives undefined, not '', for an empty subject.
    subject: (cert.subject ?? '').split('\n').filter(Boolean).join(', '),
    fingerprint256: cert.fingerprint256,
    notBefore,
    notAfter,
    keyBits,
    source,
    warnings,
  };
}

/**
 * The one-line description printed on stderr, so the user sees which cluster they sealed for.
 * The fingerprint identifies the key whatever the subject: the controller's default
 * certificate has none, so the subject is shown only when there is one.
 */
export function describeCertificate(cert: SealingCertificate): string {
  const subject = cert.subject ? `${cert.subject}, ` : 'no subject, ';
  return `sealing with ${cert.source}: SHA-256 ${cert.fingerprint256}, ${subject}RSA ${cert.keyBits}, `
    + `valid until ${cert.notAfter.toISOString()}`;
}

/** Node prints validity dates as OpenSSL does, e.g. `Nov 23 05:24:29 2036 GMT`. */
function parseCertificateDate(text: string, source: string): Date {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) {
    throw new SealError('SealCertificateInvalid', source, `unreadable validity date '${text}'`,
      'regenerate or re-fetch the certificate');
  }
  return date;
}
