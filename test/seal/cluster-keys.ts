/**
 * Two clusters' sealing keys for tests, generated per run: an RSA key pair (node:crypto) and its
 * self-signed certificate (openssl), as each sealed-secrets controller holds its own.
 */
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, KeyObject } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fingerprintOf } from './unseal';

export interface TestCluster {
  readonly name: string;
  /** Absolute path of its certificate, outside every repository. */
  readonly certFile: string;
  readonly privateKey: KeyObject;
  /** SHA-256 of the certificate, as openssl prints it. */
  readonly fingerprint: string;
}

/** A new key pair and certificate (CN=sealed-secrets-<name>, RSA 2048, valid a year) in a temp folder. */
export function generateCluster(name: string): TestCluster {
  const dir = mkdtempSync(join(tmpdir(), `stillon-cluster-${name}-`));
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyFile = join(dir, 'key.pem');
  writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const certFile = join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-new', '-key', keyFile, '-subj', `/CN=sealed-secrets-${name}`, '-days', '365', '-sha256', '-out', certFile],
    { stdio: 'pipe' });
  return { name, certFile, privateKey, fingerprint: fingerprintOf(certFile) };
}

/**
 * Makes `root` a repository feeding `clusters`: stillon.config.ts declares them, and each
 * certificate is at its default place, sealed-secrets/<name>/cert.pem.
 */
export function declareClusters(root: string, clusters: readonly TestCluster[]): void {
  const entries = clusters.map((c) => `${c.name}: {}`).join(', ');
  writeFileSync(join(root, 'stillon.config.ts'), `export default { clusters: { ${entries} } };\n`);
  for (const cluster of clusters) {
    const file = join(root, 'sealed-secrets', cluster.name, 'cert.pem');
    mkdirSync(dirname(file), { recursive: true });
    copyFileSync(cluster.certFile, file);
  }
}
