import { symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConventions } from '../../src/conventions';
import { synth } from '../../src/synth/synth';
import { appWithClaim, exists, read, removeScratchRepo, scratchRepo, stillon, tree, writeFiles } from '../adversarial/support/scratch-repo';

let repo: string;
afterEach(() => removeScratchRepo(repo));

const CONFIG = `import { IngressProfile, defineConfig } from './src';
export default defineConfig({
  clusters: { a: {}, b: { ingress: IngressProfile.TRAEFIK } },
  environments: { staging: {}, production: {} },
});
`;

/** An app with a web Deployment; `options` and `body` (extra StandardApp props) as source text. */
const web = (name: string, options: string, props = '') => `import { StandardApp, defineApp } from '../src';
export default defineApp('${name}', ${options}, (app, { env, cluster }) => {
  void env; void cluster;
  new StandardApp(app, '${name}', { image: 'ghcr.io/example/${name}:1.0.0', port: 8080${props} });
});
`;

/** Runs synth expecting it to fail: exit 1, the tree byte-identical, and the error output. */
function failingSynth(...args: string[]): string {
  const before = tree(repo);
  const result = stillon(repo, 'synth', ...args);
  expect(result.code).toBe(1);
  expect(result.stderr).toContain('synth failed: nothing was written.');
  expect(tree(repo)).toEqual(before);
  return result.stderr;
}

describe('synth with clusters and environments refuses', () => {
  test('fails on a cluster the config does not declare, naming the app, its file and the clusters there are', () => {
    repo = scratchRepo({ 'stillon.config.ts': CONFIG, 'apps/shop.ts': web('shop', "{ clusters: ['a', 'c'] }") });
    const err = failingSynth();
    expect(err).toContain('UnknownCluster');
    expect(err).toContain("app 'shop' names the cluster(s) c, which stillon.config.ts does not declare");
    expect(err).toContain('pick from the clusters of stillon.config.ts: a, b (in apps/shop.ts)');
  });

  test('fails on an app that does not say where it runs when there are several clusters', () => {
    repo = scratchRepo({ 'stillon.config.ts': CONFIG, 'apps/shop.ts': web('shop', '{}') });
    const err = failingSynth();
    expect(err).toContain('ClustersRequired');
    expect(err).toContain("add clusters: ['a', 'b'] (or some of them) to the options of defineApp in apps/shop.ts");
  });

  test('fails on an environment the config does not declare', () => {
    repo = scratchRepo({ 'stillon.config.ts': CONFIG, 'apps/shop.ts': web('shop', "{ clusters: ['a'], environments: ['stagign'] }") });
    const err = failingSynth();
    expect(err).toContain('UnknownEnvironment');
    expect(err).toContain("app 'shop' names the environment(s) stagign");
    expect(err).toContain('production, staging');
  });

  test('fails on pick() without a value for the variant being built, naming it', () => {
    repo = scratchRepo({
      'stillon.config.ts': CONFIG,
      'apps/shop.ts': web('shop', "{ clusters: ['a'], environments: ['staging', 'production'] }", ', replicas: env.pick({ staging: 1 })'),
    });
    const err = failingSynth();
    expect(err).toContain('MissingVariant');
    expect(err).toContain("pick() has no value for the environment 'production' (it has: staging) and no fallback");
  });

  test('fails on pick() naming a variant the app does not have (a typo would silently fall back)', () => {
    repo = scratchRepo({
      'stillon.config.ts': CONFIG,
      'apps/shop.ts': web('shop', "{ clusters: ['a', 'b'] }", ', replicas: cluster.pick({ a: 1, bb: 2 }, 1)'),
    });
    const err = failingSynth();
    expect(err).toContain('UnknownVariant');
    expect(err).toContain('pick() names the cluster(s) bb, which the app does not run in (its clusters: a, b)');
  });

  test('fails on two environments of one cluster serving one host (DuplicateHost across variants)', () => {
    repo = scratchRepo({
      'stillon.config.ts': CONFIG,
      'apps/shop.ts': web('shop', "{ clusters: ['a'], environments: ['staging', 'production'] }", ", ingress: { subdomain: 'shop' }"),
    });
    const err = failingSynth();
    expect(err).toContain('DuplicateHost');
    expect(err).toContain('host shop.stillon.top is claimed by shop-production');
  });

  test('fails on two environments put into one namespace (ObjectInTwoApps: each variant would overwrite the other\'s objects)', () => {
    repo = scratchRepo({
      'stillon.config.ts': CONFIG,
      'apps/shop.ts': web('shop', "{ clusters: ['a'], environments: ['staging', 'production'], namespace: () => 'shop' }", ', expose: false'),
    });
    const err = failingSynth();
    expect(err).toContain('ObjectInTwoApps');
    expect(err).toContain('is applied by the apps shop-production, shop-staging');
  });

  test('fails on an app named like another app\'s variant on the same cluster (DuplicateVariant)', () => {
    repo = scratchRepo({
      'stillon.config.ts': CONFIG,
      'apps/shop.ts': web('shop', "{ clusters: ['a'], environments: ['staging'] }"),
      'apps/shop-staging.ts': web('shop-staging', "{ clusters: ['a'] }"),
    });
    const err = failingSynth();
    expect(err).toContain('DuplicateVariant');
    expect(err).toContain("has the name of app 'shop-staging' (apps/shop-staging.ts) on cluster 'a'");
  });

  test('fails on an app named like a cluster (ClusterNameClash: kustomize/<name>/ would be both)', () => {
    repo = scratchRepo({ 'stillon.config.ts': CONFIG, 'apps/a.ts': web('a', "{ clusters: ['a'] }") });
    const err = failingSynth();
    expect(err).toContain('ClusterNameClash');
    expect(err).toContain("the variant 'a' is named like the cluster 'a'");
  });

  test('fails on a platform app that does not run on its cluster', () => {
    repo = scratchRepo({
      'stillon.config.ts': CONFIG.replace('clusters: { a: {}', "clusters: { a: { platform: ['ingress'] }"),
      'apps/shop.ts': web('shop', "{ clusters: ['a'] }"),
    });
    const err = failingSynth();
    expect(err).toContain('UnknownPlatformApp');
    expect(err).toContain("the platform of cluster 'a' names app 'ingress', which does not exist");
  });

  test('fails on a cluster root holding an output folder (Flux would apply every cluster\'s manifests there)', () => {
    repo = scratchRepo({
      'stillon.config.ts': CONFIG.replace('clusters: { a: {}', "clusters: { a: { root: 'kustomize' }"),
      'apps/shop.ts': web('shop', "{ clusters: ['a'] }"),
    });
    const err = failingSynth();
    expect(err).toContain('InvalidOutputPath');
    expect(err).toContain("clusters.a.root ('kustomize') and paths.kustomize ('kustomize') overlap");
  });
});

describe('claims and clusters', () => {
  test('fails when an app leaves a cluster while its shared folder stays for another (the claim leaves that cluster), and passes with --allow-pvc-removal', () => {
    repo = scratchRepo({ 'stillon.config.ts': CONFIG, 'apps/vault.ts': appWithClaim('vault', "{ clusters: ['a', 'b'] }").replace('port: 8080 }', 'port: 8080, expose: false }') });
    const first = stillon(repo, 'synth');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(exists(repo, 'kustomize/vault/persistentvolumeclaim-vault-data.yaml')).toBe(true);
    const claim = read(repo, 'kustomize/vault/persistentvolumeclaim-vault-data.yaml');
    writeFiles(repo, { 'apps/vault.ts': read(repo, 'apps/vault.ts').replace("clusters: ['a', 'b']", "clusters: ['a']") });
    const err = failingSynth();
    expect(err).toContain('PvcRemoval');
    expect(err).toContain('claim vault/vault-data would leave the cluster of clusters/b');
    const allowed = stillon(repo, 'synth', '--allow-pvc-removal');
    expect(allowed.code).toBe(0);
    expect(exists(repo, 'clusters/b/apps/vault.yaml')).toBe(false);
    expect(read(repo, 'clusters/b/apps/kustomization.yaml')).not.toContain('vault');
    expect(read(repo, 'kustomize/vault/persistentvolumeclaim-vault-data.yaml')).toBe(claim);
  });

  test('fails when an app moves to another cluster: the claim of the first stays behind with its data', () => {
    repo = scratchRepo({ 'stillon.config.ts': CONFIG, 'apps/vault.ts': appWithClaim('vault', "{ clusters: ['a'] }") });
    expect(stillon(repo, 'synth').code).toBe(0);
    writeFiles(repo, { 'apps/vault.ts': read(repo, 'apps/vault.ts').replace("clusters: ['a']", "clusters: ['b']") });
    const err = failingSynth();
    expect(err).toContain('claim vault/vault-data would leave the cluster of clusters/a');
  });

  test('moving a one-cluster repository to clusters keeps its claims: the old Flux files are pruned, the claim stays', () => {
    repo = scratchRepo({ 'apps/vault.ts': appWithClaim('vault') });
    expect(stillon(repo, 'synth').code).toBe(0);
    expect(exists(repo, 'apps/vault.yaml')).toBe(true);
    writeFiles(repo, { 'stillon.config.ts': "import { defineConfig } from './src';\nexport default defineConfig({ clusters: { home: {} } });\n" });
    const result = stillon(repo, 'synth');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(exists(repo, 'apps/vault.yaml')).toBe(false);
    expect(exists(repo, 'apps/kustomization.yaml')).toBe(false);
    expect(read(repo, 'clusters/home/apps/vault.yaml')).toContain('path: ./kustomize/vault');
    expect(exists(repo, 'kustomize/vault/persistentvolumeclaim-vault-data.yaml')).toBe(true);
    expect(exists(repo, 'namespaces/home/vault.yaml')).toBe(true);
  });
});

describe('variants and --app', () => {
  test('--app writes every variant of that app and nothing of the others; a dropped environment leaves its cluster\'s list', () => {
    repo = scratchRepo({
      'stillon.config.ts': CONFIG,
      'apps/shop.ts': web('shop', "{ clusters: ['a', 'b'], environments: { a: ['staging', 'production'], b: ['production'] } }"),
      'apps/blog.ts': web('blog', "{ clusters: ['a'] }"),
    });
    expect(stillon(repo, 'synth').code).toBe(0);
    expect(read(repo, 'clusters/a/apps/kustomization.yaml')).toContain('  - shop-staging.yaml');
    expect(exists(repo, 'clusters/b/apps/shop-staging.yaml')).toBe(false);
    const blogBefore = read(repo, 'kustomize/blog/deployment-blog.yaml');
    writeFiles(repo, {
      'apps/shop.ts': read(repo, 'apps/shop.ts').replace("a: ['staging', 'production']", "a: ['production']").replace(':1.0.0', ':1.1.0'),
      'apps/blog.ts': read(repo, 'apps/blog.ts').replace(':1.0.0', ':9.9.9'),
    });
    const result = stillon(repo, 'synth', '--app', 'shop');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('deleted clusters/a/apps/shop-staging.yaml');
    expect(read(repo, 'clusters/a/apps/kustomization.yaml')).not.toContain('shop-staging');
    expect(read(repo, 'clusters/a/apps/kustomization.yaml')).toContain('  - blog.yaml');
    // The production variant's ingress differs between a (nginx) and b (traefik): a folder per cluster.
    expect(read(repo, 'kustomize/a/shop-production/deployment-shop.yaml')).toContain('ghcr.io/example/shop:1.1.0');
    expect(read(repo, 'kustomize/b/shop-production/deployment-shop.yaml')).toContain('ghcr.io/example/shop:1.1.0');
    expect(read(repo, 'kustomize/blog/deployment-blog.yaml')).toBe(blogBefore);
    expect(exists(repo, 'namespaces/a/shop-staging.yaml')).toBe(false);
  });

  test('environments without clusters keep the one-cluster layout, one variant each', () => {
    repo = scratchRepo({
      'stillon.config.ts': "import { defineConfig } from './src';\nexport default defineConfig({ environments: { staging: {}, production: {} } });\n",
      'apps/shop.ts': web('shop', "{ environments: ['staging', 'production'] }"),
    });
    const result = stillon(repo, 'synth');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(read(repo, 'apps/kustomization.yaml')).toContain('  - shop-production.yaml\n  - shop-staging.yaml\n');
    expect(read(repo, 'apps/shop-staging.yaml')).toContain('path: ./kustomize/shop-staging');
    expect(read(repo, 'kustomize/shop-staging/ingress-shop.yaml')).toContain('host: shop-staging.stillon.top');
    expect(read(repo, 'kustomize/shop-production/ingress-shop.yaml')).toContain('host: shop.stillon.top');
    expect(exists(repo, 'namespaces/shop-staging.yaml')).toBe(true);
  });
});

describe('the clusters of stillon.config.ts, checked before anything is read or written', () => {
  const root = () => scratchRepo({});
  const check = (clusters: Record<string, unknown>, environments?: Record<string, unknown>) => {
    repo = root();
    const conventions = resolveConventions({ clusters: clusters as any, environments: environments as any });
    return synth({ rootDir: repo, check: true, apps: [], conventions }).violations;
  };

  test('fails: a root leading out of the repository, through a symlink, or shared by two clusters', () => {
    expect(check({ a: { root: '../elsewhere' } })[0]).toMatchObject({ code: 'InvalidOutputPath', path: 'stillon.config.ts (clusters.a.root)' });
    expect(check({ a: { root: 'clusters/x' }, b: { root: 'clusters/x/y' } }).map((v) => v.message))
      .toEqual([expect.stringContaining("clusters.b.root ('clusters/x/y') and clusters.a.root ('clusters/x') overlap")]);
    repo = root();
    symlinkSync(tmpdir(), join(repo, 'clusters'));
    const linked = synth({ rootDir: repo, check: true, apps: [], conventions: resolveConventions({ clusters: { a: {} } }) }).violations;
    expect(linked[0].message).toContain('resolves through a symlink');
  });

  test('fails: a misspelt cluster or environment setting (it would be ignored silently), or a name that is no DNS-1123 label', () => {
    const violations = check({ a: { ingres: 'traefik' }, Big_Boi: {} }, { staging: { prod: true } });
    expect(violations.map((v) => `${v.code} ${v.path}`).sort()).toEqual([
      'InvalidName stillon.config.ts (clusters.Big_Boi)',
      'UnknownProp stillon.config.ts (clusters.a)',
      'UnknownProp stillon.config.ts (environments.staging)',
    ]);
    expect(violations.find((v) => v.path === 'stillon.config.ts (clusters.a)')!.fix).toBe("did you mean 'ingress'?");
  });
});
