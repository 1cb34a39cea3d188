import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ClusterInfo } from '../conventions/conventions';

/**
 * The SHA-256 fingerprint of a PEM certificate file, as `openssl x509 -fingerprint -sha256`
 * prints it, or undefined when there is no such file or it holds no certificate. No validity
 * check: an expired certificate still tells whose key sealed a file.
 */
export function certificateFingerprint(file: string): string | undefined {
  let pem: Buffer;
  try {
    pem = readFileSync(file);
  } catch {
    return undefined;
  }
  try {
    return new X509Certificate(pem).fingerprint256;
  } catch {
    return undefined;
  }
}

/**
 * A fingerprint as hex digits only, upper case: `sha256 Fingerprint=ab:cd` and `AB:CD` compare
 * equal (a record edited by hand, or pasted from openssl).
 */
export function normalizeFingerprint(fingerprint: string): string {
  return fingerprint.replace(/^\s*sha256 fingerprint=/i, '').replace(/[^0-9a-f]/gi, '').toUpperCase();
}

/**
 * The clusters whose certificate file (relative to `repoRoot`) reads, by its fingerprint: who
 * owns the key a SealedSecret records. Two clusters sharing one certificate share one key, so
 * the first by name is named.
 */
export function clustersByFingerprint(repoRoot: string, clusters: readonly ClusterInfo[]): Map<string, ClusterInfo> {
  const owners = new Map<string, ClusterInfo>();
  for (const cluster of clusters) {
    const fingerprint = certificateFingerprint(resolve(repoRoot, cluster.sealingCertificate));
    if (fingerprint && !owners.has(fingerprint)) owners.set(fingerprint, cluster);
  }
  return owners;
}

/** `cluster b (sealed-secrets/b/cert.pem)`: how messages name a certificate's owner. */
export function describeClusterCertificate(cluster: ClusterInfo): string {
  return `cluster ${cluster.name} (${cluster.sealingCertificate})`;
}
