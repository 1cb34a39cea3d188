import { LoadedApp } from './build';
import { ClusterSettings, Conventions, EnvironmentSettings, clusterConventions, clusterNames, environmentConventions } from '../conventions';
import { CONFIG_FILE } from '../conventions/load-config';
import { explainDns1123Label, isDns1123Label } from '../conventions/names';
import { Severity, StillonError, Violation } from '../policy/violation';
import { checkProps, propSchema } from '../private/known-props';

/** What a cluster and an environment of `stillon.config.ts` may set: a misspelt key would be ignored silently. */
const CLUSTER_SETTINGS = propSchema<ClusterSettings>({
  root: true, domain: true, clusterIssuer: true, ingress: true, flux: true, allowedForeignHosts: true, sealing: true, platform: true,
});
const ENVIRONMENT_SETTINGS = propSchema<EnvironmentSettings>({ production: true });

/** One rendering of an app: on one cluster (with clusters), in one environment (with environments). */
export interface AppVariant {
  readonly loaded: LoadedApp;
  /** The app's name. */
  readonly app: string;
  /** `<app>` or `<app>-<env>`: the Flux Kustomization's name and the kustomize folder. */
  readonly name: string;
  /** @default - none: the one-cluster layout */
  readonly cluster?: string;
  /** @default - none: the app has no environments */
  readonly environment?: string;
  /** The repository's conventions refined by the cluster and the environment. */
  readonly conventions: Conventions;
  /** Every cluster the app runs on, sorted (empty without clusters). */
  readonly clusters: readonly string[];
  /** Every environment the app runs in on any of its clusters, sorted (empty without environments): the keys pick() accepts. */
  readonly environments: readonly string[];
  /** Flux Kustomizations (variants of the cluster's platform apps) this variant depends on. */
  readonly platformDependencies: readonly string[];
  /** Whether the variant belongs to its cluster's platform (it then waits for its objects). */
  readonly platform: boolean;
}

export interface Variants {
  readonly variants: AppVariant[];
  readonly violations: Violation[];
}

/**
 * The variants of every app: one per (cluster, environment) it runs in. Without clusters or
 * environments each app is one variant under its own name, which keeps today's layout byte for
 * byte. Unknown names, a missing `clusters` option, a bad config and a platform app that is not
 * on its cluster are violations naming the app or the config, the file and the fix.
 */
export function expandVariants(apps: readonly LoadedApp[], conventions: Conventions): Variants {
  const violations = configViolations(conventions);
  if (violations.length) return { variants: [], violations };
  const clusters = clusterNames(conventions);
  const environments = Object.keys(conventions.environments ?? {}).sort();
  const placed: { loaded: LoadedApp; clusters: (string | undefined)[]; envs: Map<string | undefined, string[]> }[] = [];
  for (const loaded of apps) {
    const { name } = loaded.definition;
    const options = loaded.definition.options;
    const bad = (code: string, message: string, fix: string) => violations.push({
      code, severity: Severity.ERROR, app: name, path: loaded.sourceFile, message, fix,
    });
    let on: (string | undefined)[];
    if (options.clusters !== undefined) {
      const given = [...new Set(options.clusters)];
      const unknown = given.filter((c) => !clusters.includes(c));
      if (!clusters.length) {
        bad('UnknownCluster', `app '${name}' names the clusters ${given.join(', ')}, but ${CONFIG_FILE} declares no clusters`, `declare them in ${CONFIG_FILE} (clusters: { ${given[0] ?? 'home'}: {} }), or drop the clusters option of ${loaded.sourceFile}`);
        continue;
      }
      if (unknown.length || !given.length) {
        bad('UnknownCluster', given.length ? `app '${name}' names the cluster(s) ${unknown.join(', ')}, which ${CONFIG_FILE} does not declare` : `app '${name}' runs on no cluster (clusters: [])`,
          `pick from the clusters of ${CONFIG_FILE}: ${clusters.join(', ')} (in ${loaded.sourceFile})`);
        continue;
      }
      on = given.sort();
    } else if (clusters.length > 1) {
      bad('ClustersRequired', `app '${name}' does not say where it runs, and ${CONFIG_FILE} declares ${clusters.length} clusters`,
        `add clusters: [${clusters.map((c) => `'${c}'`).join(', ')}] (or some of them) to the options of defineApp in ${loaded.sourceFile}`);
      continue;
    } else {
      on = clusters.length ? [clusters[0]] : [undefined];
    }
    const envs = new Map<string | undefined, string[]>();
    const given = options.environments;
    let failed = false;
    for (const cluster of on) {
      const list = given === undefined ? [] : Array.isArray(given) ? given : (given as Record<string, readonly string[]>)[cluster ?? ''] ?? [];
      const unknown = list.filter((e) => !environments.includes(e));
      if (unknown.length) {
        bad('UnknownEnvironment', `app '${name}' names the environment(s) ${unknown.join(', ')}, which ${CONFIG_FILE} does not declare`,
          environments.length ? `pick from the environments of ${CONFIG_FILE}: ${environments.join(', ')} (in ${loaded.sourceFile})` : `declare them in ${CONFIG_FILE} (environments: { ${unknown[0]}: {} }), or drop the environments option of ${loaded.sourceFile}`);
        failed = true;
        break;
      }
      envs.set(cluster, [...new Set(list)].sort());
    }
    if (given !== undefined && !Array.isArray(given)) {
      const stray = Object.keys(given).filter((c) => !on.includes(c));
      if (stray.length) {
        bad('UnknownCluster', `app '${name}' lists environments for the cluster(s) ${stray.join(', ')}, which it does not run on (its clusters: ${on.join(', ') || '(none)'})`,
          `add them to the clusters option, or remove them from environments in ${loaded.sourceFile}`);
        failed = true;
      }
    }
    if (!failed) placed.push({ loaded, clusters: on, envs });
  }
  const variants: AppVariant[] = [];
  for (const { loaded, clusters: on, envs } of placed) {
    const app = loaded.definition.name;
    const allEnvironments = [...new Set([...envs.values()].flat())].sort();
    for (const cluster of on) {
      const base = cluster === undefined ? conventions : clusterConventions(conventions, cluster);
      const platform = base.cluster?.platform ?? [];
      const list = envs.get(cluster)!;
      const dependencies = platform.includes(app) ? [] : placed
        .filter((p) => platform.includes(p.loaded.definition.name) && p.clusters.includes(cluster))
        .flatMap((p) => variantNames(p.loaded.definition.name, p.envs.get(cluster)!));
      for (const environment of list.length ? list : [undefined]) {
        variants.push({
          loaded,
          app,
          name: environment === undefined ? app : `${app}-${environment}`,
          cluster,
          environment,
          conventions: environment === undefined ? base : environmentConventions(base, environment),
          clusters: on.filter((c): c is string => c !== undefined),
          environments: allEnvironments,
          platformDependencies: [...new Set(dependencies)].sort(),
          platform: platform.includes(app),
        });
      }
    }
  }
  violations.push(...platformViolations(conventions, placed.map((p) => ({ app: p.loaded.definition.name, clusters: p.clusters })), apps));
  violations.push(...clashes(variants, clusters));
  return { variants, violations };
}

function variantNames(app: string, envs: readonly string[]): string[] {
  return envs.length ? envs.map((e) => `${app}-${e}`) : [app];
}

/** Names in `clusters` and `environments` of the config: DNS-1123 labels (they name folders and namespaces). */
function configViolations(conventions: Conventions): Violation[] {
  const violations: Violation[] = [];
  for (const [key, names] of [['clusters', Object.keys(conventions.clusters ?? {})], ['environments', Object.keys(conventions.environments ?? {})]] as const) {
    for (const name of names) {
      const settings = key === 'clusters' ? conventions.clusters![name] : conventions.environments![name];
      try {
        if (key === 'clusters') checkProps(settings as ClusterSettings, CLUSTER_SETTINGS, `${CONFIG_FILE} (clusters.${name})`);
        else checkProps(settings as EnvironmentSettings, ENVIRONMENT_SETTINGS, `${CONFIG_FILE} (environments.${name})`);
      } catch (error) {
        if (!(error instanceof StillonError)) throw error;
        violations.push(error.toViolation());
      }
      if (isDns1123Label(name)) continue;
      violations.push({
        code: 'InvalidName',
        severity: Severity.ERROR,
        path: `${CONFIG_FILE} (${key}.${name})`,
        message: `the ${key === 'clusters' ? 'cluster' : 'environment'} name ${explainDns1123Label(name)}`,
        fix: `rename it to a lower-case DNS-1123 label, e.g. '${name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'home'}'`,
      });
    }
  }
  return violations;
}

/** A cluster's platform apps must exist and run on that cluster: Flux would wait forever for a missing dependency. */
type Placed = { readonly app: string; readonly clusters: readonly (string | undefined)[] };

function platformViolations(conventions: Conventions, placed: readonly Placed[], apps: readonly LoadedApp[]): Violation[] {
  const violations: Violation[] = [];
  for (const cluster of clusterNames(conventions)) {
    for (const app of conventions.clusters![cluster].platform ?? []) {
      const exists = apps.some((a) => a.definition.name === app);
      const where = placed.find((p) => p.app === app);
      // An app that failed to place has its own error; one on the cluster is fine.
      if ((exists && !where) || where?.clusters.includes(cluster)) continue;
      {
        violations.push({
          code: 'UnknownPlatformApp',
          severity: Severity.ERROR,
          path: `${CONFIG_FILE} (clusters.${cluster}.platform)`,
          message: `the platform of cluster '${cluster}' names app '${app}', which ${exists ? `does not run on '${cluster}'` : 'does not exist'}; every app there would wait for it forever`,
          fix: `add '${cluster}' to the clusters of app '${app}', or remove '${app}' from clusters.${cluster}.platform`,
        });
      }
    }
  }
  return violations;
}

/**
 * Names that would share a file: two variants of one cluster with one name (an app `shop-staging`
 * next to the staging variant of `shop`), and a variant named like a cluster (its shared folder
 * `kustomize/<variant>/` would be the per-cluster folder `kustomize/<cluster>/`).
 */
function clashes(variants: readonly AppVariant[], clusters: readonly string[]): Violation[] {
  const violations: Violation[] = [];
  const seen = new Map<string, AppVariant>();
  const reported = new Set<string>();
  for (const v of variants) {
    const key = `${v.cluster ?? ''}/${v.name}`;
    const first = seen.get(key);
    if (first && first.app !== v.app) {
      violations.push({
        code: 'DuplicateVariant',
        severity: Severity.ERROR,
        app: v.app,
        path: v.loaded.sourceFile,
        message: `the variant '${v.name}' of app '${v.app}' has the name of app '${first.app}' (${first.loaded.sourceFile})${v.cluster ? ` on cluster '${v.cluster}'` : ''}: both would write ${v.name}.yaml`,
        fix: 'rename one of the apps, or one of the environments',
      });
    }
    if (!first) seen.set(key, v);
    if (clusters.includes(v.name) && !reported.has(v.name)) {
      reported.add(v.name);
      violations.push({
        code: 'ClusterNameClash',
        severity: Severity.ERROR,
        app: v.app,
        path: v.loaded.sourceFile,
        message: `the variant '${v.name}' is named like the cluster '${v.name}': its folder kustomize/${v.name}/ is where the per-cluster manifests of '${v.name}' go`,
        fix: `rename the app (or the cluster in ${CONFIG_FILE})`,
      });
    }
  }
  return violations;
}
