import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { declareClusters, generateCluster, TestCluster } from './cluster-keys';
import { filesContaining, makeTempRepo, removeTempRepo } from './temp-repo';
import { TEST_CERT, fingerprintOf, unsealDocument } from './unseal';
import { BufferIo } from '../../src/cli/io';
import { main } from '../../src/cli/main';
import { readTree } from '../support/temp-repo';

const FINGERPRINT = 'stillon.top/sealing-certificate';
let a: TestCluster;
let b: TestCluster;
let repo: string;
beforeAll(() => {
  a = generateCluster('a');
  b = generateCluster('b');
});
afterAll(() => {
  for (const c of [a, b]) rmSync(dirname(c.certFile), { recursive: true, force: true });
});
beforeEach(() => {
  repo = makeTempRepo();
  declareClusters(repo, [a, b]);
});
afterEach(() => removeTempRepo(repo));

async function run(...args: string[]): Promise<{ code: number; io: BufferIo }> {
  const io = new BufferIo(repo);
  return { code: await main(['seal', ...args], io), io };
}
const read = (rel: string) => readFileSync(join(repo, rel), 'utf8');
const opened = (text: string, cluster: TestCluster) => Object.fromEntries(
  Object.entries(unsealDocument(text, { key: cluster.privateKey })).map(([k, v]) => [k, v.toString()]));

describe('stillon seal --cluster', () => {
  test('seals with each cluster\'s certificate into its own file, which only that cluster\'s private key opens', async () => {
    const forA = await run('--cluster', 'a', '-n', 'shop', '--name', 'db', '--from-literal', 'password=A-S3CRET');
    expect(forA.code).toBe(0);
    expect(forA.io.stdout).toBe('created sealed-secrets/a/shop/db.yaml (strict): sealed password\n');
    expect(forA.io.stderr).toContain(`cluster a: sealing with sealed-secrets/a/cert.pem: SHA-256 ${a.fingerprint}, CN=sealed-secrets-a, RSA 2048`);
    const forB = await run('--cluster', 'b', '-n', 'shop', '--name', 'db', '--from-literal', 'password=B-S3CRET');
    expect(forB.code).toBe(0);
    expect(forB.io.stdout).toBe('created sealed-secrets/b/shop/db.yaml (strict): sealed password\n');

    const fileA = read('sealed-secrets/a/shop/db.yaml');
    const fileB = read('sealed-secrets/b/shop/db.yaml');
    expect(opened(fileA, a)).toEqual({ password: 'A-S3CRET' });
    expect(opened(fileB, b)).toEqual({ password: 'B-S3CRET' });
    expect(() => unsealDocument(fileA, { key: b.privateKey })).toThrow();
    expect(() => unsealDocument(fileB, { key: a.privateKey })).toThrow();
    expect(parse(fileA).metadata.annotations).toEqual({ [FINGERPRINT]: a.fingerprint });
    expect(parse(fileB).metadata.annotations).toEqual({ [FINGERPRINT]: b.fingerprint });
    for (const secret of ['A-S3CRET', 'B-S3CRET']) expect(filesContaining(repo, secret)).toEqual([]);
  });

  test('records the fingerprint as openssl prints it, on metadata only (the controller copies the template into the Secret)', async () => {
    await run('--cluster', 'a', '-n', 'shop', '--name', 'db', '--scope', 'namespace-wide', '--from-literal', 'k=v');
    const obj = parse(read('sealed-secrets/a/shop/db.yaml'));
    expect(obj.metadata.annotations).toEqual({ 'sealedsecrets.bitnami.com/namespace-wide': 'true', [FINGERPRINT]: a.fingerprint });
    expect(obj.spec.template.metadata.annotations).toEqual({ 'sealedsecrets.bitnami.com/namespace-wide': 'true' });
  });

  test('uses clusters.<name>.sealing when stillon.config.ts sets it', async () => {
    mkdirSync(join(repo, 'certs'));
    copyFileSync(b.certFile, join(repo, 'certs/b.pem'));
    writeFileSync(join(repo, 'stillon.config.ts'), "export default { clusters: { a: {}, b: { sealing: 'certs/b.pem' } } };\n");
    const { code, io } = await run('--cluster', 'b', '-n', 'shop', '--name', 'db', '--from-literal', 'k=v');
    expect(code).toBe(0);
    expect(io.stderr).toContain('cluster b: sealing with certs/b.pem');
    expect(opened(read('sealed-secrets/b/shop/db.yaml'), b)).toEqual({ k: 'v' });
  });

  test('a merge records the certificate it sealed with, in a file kubeseal wrote (no record) or after a key renewal', async () => {
    // kubeseal's shape: no stillon annotation, metadata starting at name.
    await run('--cluster', 'a', '-n', 'shop', '--name', 'db', '--from-literal', 'old=1');
    const file = 'sealed-secrets/a/shop/db.yaml';
    writeFileSync(join(repo, file), read(file).replace(/ {2}annotations:\n {4}stillon\.top\/sealing-certificate: .*\n/, ''));
    expect(read(file)).not.toContain(FINGERPRINT);
    const merged = await run('--cluster', 'a', '-n', 'shop', '--name', 'db', '--from-literal', 'new=2');
    expect(merged.code).toBe(0);
    expect(read(file)).toContain(`metadata:\n  annotations:\n    ${FINGERPRINT}: ${a.fingerprint}\n  name: db\n`);
    expect(opened(read(file), a)).toEqual({ old: '1', new: '2' });

    // A fingerprint no cluster has (the controller's previous key): replaced by the current one.
    writeFileSync(join(repo, file), read(file).replace(a.fingerprint, fingerprintOf(TEST_CERT)));
    expect((await run('--cluster', 'a', '--merge-into', file, '--from-literal', 'third=3')).code).toBe(0);
    expect(parse(read(file)).metadata.annotations).toEqual({ [FINGERPRINT]: a.fingerprint });
  });

  test('--raw --cluster seals one value with that cluster\'s certificate', async () => {
    const { code, io } = await run('--raw', '--cluster', 'b', '-n', 'shop', '--name', 'db', '--scope', 'cluster-wide', '--from-literal', 'k=RAW');
    expect(code).toBe(0);
    const text = `apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  annotations:\n    sealedsecrets.bitnami.com/cluster-wide: "true"\n  name: db\n  namespace: shop\nspec:\n  encryptedData:\n    k: ${io.stdout.trim()}\n`;
    expect(opened(text, b)).toEqual({ k: 'RAW' });
  });

  test('without --cluster, --cert with an explicit --output seals outside the per-cluster layout', async () => {
    const { code, io } = await run('--cert', b.certFile, '--output', 'elsewhere/db.yaml', '-n', 'shop', '--name', 'db', '--from-literal', 'k=v');
    expect(code).toBe(0);
    expect(io.stdout).toBe('created elsewhere/db.yaml (strict): sealed k\n');
    expect(opened(read('elsewhere/db.yaml'), b)).toEqual({ k: 'v' });
  });

  test.each<[string, number, string[], string[], (() => void) | undefined]>([
    ['an unknown cluster, listing the clusters', 2, ['--cluster', 'staging'],
      ['error SealUnknownCluster at --cluster', 'unknown cluster (the argument is not repeated here: it may be a value); the clusters are: a, b'], undefined],
    ['a misspelled cluster, naming the one meant', 2, ['--cluster', 'aa'], ["unknown cluster 'aa' (did you mean 'a'?); the clusters are: a, b"], undefined],
    ['no --cluster in a repository with clusters', 2, [],
      ['error SealClusterRequired at --cluster', 'stillon.config.ts declares clusters (a, b), each with its own sealing key: which cluster is the secret for?', 'pass --cluster a|b'], undefined],
    ['--cert without an explicit file in a repository with clusters', 2, ['--cert', TEST_CERT], ['error SealClusterRequired at --cluster'], undefined],
    ['--cluster with --cert', 2, ['--cluster', 'a', '--cert', TEST_CERT], ["error SealUsage at --cert\n    --cluster a seals with the cluster's certificate, sealed-secrets/a/cert.pem"], undefined],
    ['--cluster with --output', 2, ['--cluster', 'a', '--output', 'x.yaml'], ['error SealUsage at --output'], undefined],
    ['--cluster with --merge-into another cluster\'s file', 1, ['--cluster', 'a', '--merge-into', 'sealed-secrets/b/shop/db.yaml'],
      ["error SealClusterPathConflict at --merge-into\n    the file is not under sealed-secrets/a/, where cluster a's sealed files are"], undefined],
    ['a cluster whose certificate is not fetched yet', 2, ['--cluster', 'a'],
      ['error SealCertificateUnreadable at sealed-secrets/a/cert.pem', "cluster a's certificate is missing", "kubeseal --context <a's context> --fetch-cert > sealed-secrets/a/cert.pem"],
      () => rmSync(join(repo, 'sealed-secrets/a/cert.pem'))],
    ['--cluster in a repository without clusters', 1, ['--cluster', 'a'],
      ['error SealNoClusters at --cluster', 'stillon.config.ts declares no clusters: this repository feeds one cluster, whose sealed files are sealed-secrets/<namespace>/<name>.yaml'],
      () => rmSync(join(repo, 'stillon.config.ts'))],
  ])('fails on %s, with exit %d, writing nothing and never naming the value', async (_what, exit, args, says, setup) => {
    setup?.();
    const before = readTree(repo);
    const { code, io } = await run(...args, '-n', 'shop', '--name', 'db', '--from-literal', 'password=F41L-S3CRET');
    expect(code).toBe(exit);
    for (const text of says) expect(io.stderr).toContain(text);
    expect(io.stderr).toContain('stillon seal: nothing was written.\n');
    expect(io.stdout + io.stderr).not.toContain('F41L-S3CRET');
    expect(readTree(repo)).toEqual(before);
  });

  test('fails with SealedForAnotherCluster merging into a file recorded as sealed for another cluster, naming both certificates', async () => {
    await run('--cluster', 'b', '-n', 'shop', '--name', 'db', '--from-literal', 'k=v');
    mkdirSync(join(repo, 'sealed-secrets/a/shop'), { recursive: true });
    copyFileSync(join(repo, 'sealed-secrets/b/shop/db.yaml'), join(repo, 'sealed-secrets/a/shop/db.yaml'));
    const before = readTree(repo);
    const { code, io } = await run('--cluster', 'a', '-n', 'shop', '--name', 'db', '--from-literal', 'k2=M3RGE-S3CRET');
    expect(code).toBe(1);
    expect(io.stderr).toContain('error SealedForAnotherCluster at sealed-secrets/a/shop/db.yaml');
    expect(io.stderr).toContain(`the file's values were sealed for cluster b (sealed-secrets/b/cert.pem) (SHA-256 ${b.fingerprint}), `
      + `this seals with sealed-secrets/a/cert.pem (SHA-256 ${a.fingerprint})`);
    expect(io.stdout + io.stderr).not.toContain('M3RGE-S3CRET');
    expect(readTree(repo)).toEqual(before);
  });
});
