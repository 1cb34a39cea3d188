import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoWithCorpusApp, repoWithImportFixture } from './support';
import { exists, read, removeScratchRepo, stillon, tree, writeFiles } from '../adversarial/support/scratch-repo';

const roots: string[] = [];
function repo(fixture: string): string {
  const root = repoWithImportFixture(fixture);
  roots.push(root);
  return root;
}
afterAll(() => roots.forEach(removeScratchRepo));

/** Every file's bytes in the repository (the linked library left out), as one text to search. */
function allBytes(root: string): string {
  return Object.keys(tree(root)).filter((rel) => tree(root)[rel] !== 'symlink').map((rel) => readFileSync(join(root, rel), 'latin1')).join('\n');
}

describe('overlays', () => {
  test('a staging overlay imports as <app>-<overlay> in its namespace, with the overlay\'s image and host', () => {
    const root = repo('overlays');
    const r = stillon(root, 'import', 'legacy/overlays/whoami/overlays/staging');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('import whoami-staging (namespace whoami-staging)');
    expect(r.stdout).toContain('Other differences: none');
    const source = read(root, 'apps/whoami-staging.ts');
    expect(source).toContain("image: 'traefik/whoami:v1.10.4'");
    // The Ingress is StandardApp's default one: named as the workload, at <app>.<domain>.
    expect(source).not.toContain('ingress:');
    expect(source).toContain("selector: { app: 'whoami' }");
    expect(stillon(root, 'synth').code).toBe(0);
    expect(read(root, 'kustomize/whoami-staging/deployment-whoami.yaml')).toContain('namespace: whoami-staging');
    expect(read(root, 'kustomize/whoami-staging/ingress-whoami.yaml')).toContain('host: whoami-staging.stillon.top');
  });

  test('the production overlay keeps its replicas; --app names it', () => {
    const root = repo('overlays');
    const r = stillon(root, 'import', 'legacy/overlays/whoami/overlays/production', '--app', 'whoami');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Other differences: none');
    expect(read(root, 'apps/whoami.ts')).toContain('replicas: 2');
    expect(stillon(root, 'synth').code).toBe(0);
  });

  test('a repository imports every Flux Kustomization, carrying interval, wait, timeout, dependsOn and the target namespace', () => {
    const root = repo('overlays');
    const r = stillon(root, 'import', 'legacy/overlays');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const prod = read(root, 'apps/whoami.ts');
    // The per-cluster overlay: production plus the node selector of cluster nucy.
    expect(prod).toContain("flux: { wait: true, timeout: '3m', dependsOn: ['whoami-staging'] }");
    expect(prod).toContain("placePod(whoami, { nodeSelector: { 'kubernetes.io/hostname': 'nucy' } });");
    expect(read(root, 'apps/whoami-staging.ts')).toContain("defineApp('whoami-staging', { flux: { interval: '5m' } }");
    expect(stillon(root, 'synth').code).toBe(0);
    expect(read(root, 'apps/whoami.yaml')).toMatch(/dependsOn:\n\s+- name: whoami-staging/);
  });

  test('a repository import skips the Flux Kustomizations synth wrote (apps already adopted)', () => {
    const root = repo('overlays');
    expect(stillon(root, 'import', 'legacy/overlays/whoami/overlays/staging').code).toBe(0);
    expect(stillon(root, 'synth').code).toBe(0);
    // From the root, the legacy Kustomizations' paths (relative to legacy/overlays/) do not resolve, and our own
    // apps/whoami-staging.yaml (path ./kustomize/whoami-staging, which does) is no hand-written app to import.
    const before = tree(root);
    const r = stillon(root, 'import', '.');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('NothingToImport');
    expect(r.stderr).not.toContain('AppExists');
    expect(tree(root)).toEqual(before);
  });

  test('--dry-run prints the app and the report and writes nothing', () => {
    const root = repo('overlays');
    const before = tree(root);
    const r = stillon(root, 'import', 'legacy/overlays/whoami/overlays/staging', '--dry-run');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--- apps/whoami-staging.ts');
    expect(r.stdout).toContain("new StandardApp(app, 'whoami', {");
    expect(r.stdout).toContain('--dry-run: nothing written');
    expect(tree(root)).toEqual(before);
  });

  test('fails on an existing apps/<app>.ts, writing nothing', () => {
    const root = repo('overlays');
    writeFiles(root, { 'apps/whoami-staging.ts': '// mine\n' });
    const before = tree(root);
    const r = stillon(root, 'import', 'legacy/overlays/whoami/overlays/staging');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('AppExists');
    expect(r.stderr).toContain('apps/whoami-staging.ts exists already');
    expect(tree(root)).toEqual(before);
  });

  test('fails with --app for a repository of several apps (usage)', () => {
    const root = repo('overlays');
    const before = tree(root);
    const r = stillon(root, 'import', 'legacy/overlays', '--app', 'x');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('AmbiguousApp');
    expect(tree(root)).toEqual(before);
  });
});

describe('plaintext', () => {
  const VALUES = ['correct-horse-battery-staple-4711', 'Y29ycmVjdC1ob3JzZS1iYXR0ZXJ5LXN0YXBsZS00NzEx', 'tok-Zq81VxLmP0rT5yW2'];

  test('fails on a Secret with data: names the keys and the seal commands, never a value, writes nothing', () => {
    const root = repo('plaintext-secret');
    const before = tree(root);
    const r = stillon(root, 'import', 'legacy/plaintext-secret', '--accept-differences');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('PlainSecret: Secret/notes-db has plaintext data (keys: API_TOKEN, DB_PASSWORD)');
    expect(r.stderr).toContain('stillon seal --namespace notes --name notes-db --from-stdin DB_PASSWORD');
    expect(r.stderr).toContain('stillon seal --namespace notes --name notes-db --from-stdin API_TOKEN');
    expect(r.stderr).toContain('nothing was written');
    for (const v of VALUES) {
      expect(r.stdout).not.toContain(v);
      expect(r.stderr).not.toContain(v);
    }
    expect(tree(root)).toEqual(before);
    // The only copy of a value is the user's original.
    const outside = allBytes(root).split(read(root, 'legacy/plaintext-secret/notes.yaml')).join('');
    for (const v of VALUES) expect(outside).not.toContain(v);
  });

  test('fails on a password in env and in a ConfigMap, also with --dry-run', () => {
    const root = repo('env-password');
    const before = tree(root);
    const r = stillon(root, 'import', 'legacy/env-password', '--dry-run');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('SecretEnvLiteral: env ADMIN_PASSWORD');
    expect(r.stderr).toContain('stillon seal --namespace wiki --name wiki --from-stdin ADMIN_PASSWORD');
    expect(r.stderr).toContain('SecretInConfigMap: key \'db_password\'');
    for (const v of ['Tr0ub4dor&3-wiki-admin', 'pg-Secr3t-9f8e7d']) expect(r.stdout + r.stderr).not.toContain(v);
    expect(r.stdout).not.toContain('--- apps/');
    expect(tree(root)).toEqual(before);
  });
});

test('fails on a remote base, naming it, without network and without writing', () => {
  const root = repo('remote-base');
  const before = tree(root);
  const r = stillon(root, 'import', 'legacy/remote-base');
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('error RemoteBase at legacy/remote-base/kustomization.yaml');
  expect(r.stderr).toContain('https://github.com/stefanprodan/podinfo//kustomize?ref=6.7.1');
  expect(r.stderr).toContain('copy the base into the repository');
  expect(tree(root)).toEqual(before);
});

test('a PodDisruptionBudget goes through RawObject with its reason, and synth still runs every rule on it', () => {
  const root = repo('pdb');
  const r = stillon(root, 'import', 'legacy/pdb', '--app', 'echo');
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('PodDisruptionBudget/echo: no typed construct for PodDisruptionBudget in stillon import yet');
  const source = read(root, 'apps/echo.ts');
  expect(source).toContain('// no typed construct for PodDisruptionBudget in stillon import yet');
  expect(source).toContain("new RawObject(app, 'poddisruptionbudget-echo', {");
  expect(source).toContain("new StandardApp(app, 'echo', {");
  expect(stillon(root, 'synth').code).toBe(0);
  const pdb = read(root, 'kustomize/echo/poddisruptionbudget-echo.yaml');
  expect(pdb).toContain('minAvailable: 1');
  expect(pdb).toContain('namespace: echo');
});

describe('differences no convention explains', () => {
  test('fails on a Flux postBuild the app options cannot carry: prints it, writes nothing', () => {
    const root = repo('flux-extra');
    const before = tree(root);
    const r = stillon(root, 'import', 'legacy/flux-extra/flux.yaml');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Other differences: 1');
    expect(r.stderr).toContain('Kustomization/flux-system/echo flux.postBuild [flux] removed');
    expect(r.stderr).toContain('--accept-differences');
    expect(tree(root)).toEqual(before);
    expect(exists(root, 'apps/echo.ts')).toBe(false);
  });

  test('--accept-differences writes it anyway, after printing them', () => {
    const root = repo('flux-extra');
    const r = stillon(root, 'import', 'legacy/flux-extra/flux.yaml', '--accept-differences');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('flux.postBuild [flux] removed');
    expect(exists(root, 'apps/echo.ts')).toBe(true);
    expect(stillon(root, 'synth').code).toBe(0);
  });
});

test('fails with a usage error without a path', () => {
  const root = repo('pdb');
  const r = stillon(root, 'import');
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('missing the path to import');
});

test.each(['rename:2:ENOSPC', 'openExclusive:2:EIO', 'kill-after-stage'])('fails all or nothing when the disk fails (%s): no file of the import is left', (fault) => {
  const root = repoWithCorpusApp('gitea');
  roots.push(root);
  const before = tree(root);
  process.env.STILLON_FAULT = fault;
  let r;
  try {
    r = stillon(root, 'import', 'legacy/clusters/home/gitea.yaml');
  } finally {
    delete process.env.STILLON_FAULT;
  }
  expect(r.code).not.toBe(0);
  // A kill leaves no message at all; an errno is a WriteFailed naming the file.
  expect(fault === 'kill-after-stage' || r.stderr.includes('WriteFailed')).toBe(true);
  // A kill leaves only the staged temporary files, which the next write removes; never a renamed one.
  const after = Object.keys(tree(root)).filter((f) => !/\.stillon-tmp$/.test(f));
  expect(after).toEqual(Object.keys(before));
  expect(exists(root, 'apps/gitea.ts')).toBe(false);
  expect(exists(root, 'sealed-secrets/gitea/gitea-db.yaml')).toBe(false);
});
