import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ClusterSettings, Conventions, StillonConfig, sealingCertificateFile } from '../conventions/conventions';
import { CONFIG_FILE } from '../conventions/load-config';
import { StillonError } from '../errors';

/**
 * `clusters` of the repository's `stillon.config.ts`, which resolved conventions do not carry;
 * `{}` without a config or without clusters. The module is the one `loadConventions` required
 * (Node caches it), so it is read once.
 * @throws StillonError `ConfigLoadFailed` when the file does not load
 */
export function readClusterSettings(rootDir: string): Readonly<Record<string, ClusterSettings>> {
  const file = path.join(rootDir, CONFIG_FILE);
  if (!fs.existsSync(file)) return {};
  let config: StillonConfig | undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the file is only known at run time
    config = require(file).default;
  } catch (error) {
    throw new StillonError('ConfigLoadFailed', CONFIG_FILE, (error as Error).message, `fix ${CONFIG_FILE}`);
  }
  return config?.clusters ?? {};
}

/** The repository's conventions with what a cluster's settings change laid over them. */
export function clusterConventions(conventions: Conventions, settings: ClusterSettings | undefined): Conventions {
  if (!settings) return conventions;
  return {
    ...conventions,
    domain: settings.domain ?? conventions.domain,
    clusterIssuer: settings.clusterIssuer ?? conventions.clusterIssuer,
    ingress: settings.ingress ?? conventions.ingress,
    flux: { ...conventions.flux, ...settings.flux },
    allowedForeignHosts: settings.allowedForeignHosts ?? conventions.allowedForeignHosts,
  };
}

/** A cluster's sealing certificate as check knows it. */
export interface ClusterCertificate {
  /** Relative to the repository root. */
  readonly file: string;
  /** SHA-256 fingerprint, colon-separated upper-case hex (as `openssl x509 -fingerprint -sha256` and `stillon seal` write it). */
  readonly fingerprint: string;
}

/**
 * The certificate of cluster `name`: `clusters.<name>.sealing`, else `<sealedSecrets>/<name>/cert.pem`;
 * undefined when that file does not exist (check never guesses another place).
 * Only the fingerprint is read, with node:crypto's X509Certificate as src/seal/certificate.ts does:
 * check identifies the key and never seals with it, so an expired certificate still names its cluster.
 * @throws StillonError `SealCertificateInvalid` when the file is there but is no PEM certificate
 */
export function clusterCertificate(
  rootDir: string, conventions: Conventions, name: string, settings?: ClusterSettings,
): ClusterCertificate | undefined {
  const file = settings?.sealing ?? sealingCertificateFile(conventions.paths, name);
  const abs = path.resolve(rootDir, file);
  if (!fs.existsSync(abs) || !fs.statSync(abs).isFile()) return undefined;
  try {
    return { file, fingerprint: new X509Certificate(fs.readFileSync(abs)).fingerprint256 };
  } catch (e) {
    throw new StillonError('SealCertificateInvalid', file, `the sealing certificate of cluster '${name}' is not a PEM X.509 certificate (${(e as Error).message})`,
      `save the controller's certificate there with \`kubeseal --fetch-cert > ${file}\`, or correct clusters.${name}.sealing in ${CONFIG_FILE}`);
  }
}
