import * as path from 'node:path';
import { ApiObject } from 'cdk8s';
import { KUSTOMIZE_CONFIG_API_VERSION, LABELS, MANAGED_BY } from '../conventions';
import { BuiltApp } from './build';
import { Layout, headerFor } from './layout';
import { AppliedConvention } from '../constructs/applied-convention';
import { expandLists } from '../policy/k8s-objects';
import { PolicyObject } from '../policy/rule';
import { Severity, Violation } from '../policy/violation';
import { toYaml } from '../yaml/yaml';

/** One object and the file it goes to. */
export interface RenderedObject {
  readonly path: string;
  readonly manifest: any;
  /** Construct path, for messages. */
  readonly source: string;
}

/** An app's objects, as files; pure: nothing here touches the disk. */
export interface RenderedApp {
  /** The variant's name: the app's, or `<app>-<env>`; names its Flux Kustomization. */
  readonly name: string;
  /** The app's name, as defined. */
  readonly appName: string;
  /** The cluster it is rendered for. @default - none: the one-cluster layout */
  readonly cluster?: string;
  /** The environment it is rendered for. @default - none */
  readonly environment?: string;
  /** The folder of its manifests, e.g. `kustomize/linkding` (or `kustomize/<cluster>/linkding`). */
  readonly dir: string;
  /** The file of its Flux Kustomization, e.g. `apps/linkding.yaml` (or `clusters/<name>/apps/linkding.yaml`). */
  readonly fluxFile: string;
  readonly namespace: string;
  readonly sourceFile: string;
  readonly objects: RenderedObject[];
  readonly violations: Violation[];
  /** Conventions the library applied to the objects (what an adopted workload changes). */
  readonly conventions: AppliedConvention[];
  /** Whether synth writes the app's namespace file (`createNamespace` of defineApp). */
  readonly createNamespace: boolean;
}

/** Turns an app's tree into objects with their paths; resolution errors become Violations. */
export function renderApp(built: BuiltApp, layout: Layout): RenderedApp | undefined {
  const chart = built.chart;
  if (!chart) return undefined;
  const objects: RenderedObject[] = [];
  const violations: Violation[] = [...built.violations];
  const paths = new Map<string, string>();
  const cluster = built.variant?.cluster;
  const variant = chart.instanceName;
  const fluxFile = layout.fluxFile(variant, cluster);
  for (const construct of chart.node.findAll()) {
    if (!ApiObject.isApiObject(construct)) continue;
    let manifest: any;
    try {
      manifest = construct.toJson();
    } catch (error) {
      violations.push({ code: 'RenderFailed', severity: Severity.ERROR, app: chart.appName, path: construct.node.path, message: (error as Error).message, fix: 'complete the construct\'s props' });
      continue;
    }
    // The shared folder `kustomize/<variant>`: cluster-layout.ts moves manifests that differ per cluster.
    const file = construct === chart.flux.apiObject
      ? fluxFile
      : layout.objectFile(variant, manifest.kind, manifest.metadata?.name ?? '');
    if (file === layout.fluxKustomization(cluster)) {
      // The list of every app's Flux Kustomization lives there: it would silently replace this one.
      violations.push({
        code: 'ReservedAppName',
        severity: Severity.ERROR,
        app: chart.appName,
        path: chart.node.path,
        message: `an app named '${variant}' would write its Flux Kustomization to ${file}, the list of every app`,
        fix: 'rename the app',
      });
      continue;
    }
    const previous = paths.get(file);
    if (previous) {
      violations.push({
        code: 'DuplicateObject',
        severity: Severity.ERROR,
        app: chart.appName,
        path: construct.node.path,
        message: `${manifest.kind}/${manifest.metadata?.name} is also defined at ${previous}`,
        fix: 'give one of them another name',
      });
      continue;
    }
    const elsewhere = construct === chart.flux.apiObject ? undefined
      : expandLists(manifest).find((m) => m?.metadata?.namespace !== undefined && m.metadata.namespace !== chart.namespace);
    if (elsewhere) {
      // Flux's targetNamespace would move it anyway, and a SealedSecret moved after sealing no longer decrypts.
      const namespace = elsewhere.metadata.namespace;
      violations.push({
        code: 'NamespaceMismatch',
        severity: Severity.ERROR,
        app: chart.appName,
        path: construct.node.path,
        message: `${elsewhere.kind}/${elsewhere.metadata?.name} sets namespace '${namespace}', but app '${chart.appName}' lives in '${chart.namespace}'`,
        fix: `leave metadata.namespace unset (every object of an app goes to its namespace), or define the object in an app whose namespace is '${namespace}'`,
      });
      continue;
    }
    paths.set(file, construct.node.path);
    objects.push({ path: file, manifest, source: construct.node.path });
  }
  return {
    name: variant,
    appName: chart.appName,
    ...cluster === undefined ? {} : { cluster },
    ...built.variant?.environment === undefined ? {} : { environment: built.variant.environment },
    dir: layout.appDir(variant),
    fluxFile,
    namespace: chart.namespace,
    sourceFile: built.loaded.sourceFile,
    objects,
    violations,
    conventions: chart.conventionsApplied(),
    createNamespace: chart.createNamespace,
  };
}

/** What the rules see of an app: everything Flux applies, the items of Lists included. */
export function policyObjects(app: RenderedApp): PolicyObject[] {
  return app.objects.flatMap((o) => {
    const manifests = expandLists(o.manifest);
    const inList = manifests.length !== 1 || manifests[0] !== o.manifest;
    return manifests.map((manifest) => ({
      app: app.name,
      source: inList ? `${o.source} (${o.manifest.kind} item ${manifest?.kind}/${manifest?.metadata?.name})` : o.source,
      manifest,
      fluxManaged: true,
    }));
  });
}

/** The files of a set of apps, and the paths two of them claimed (a broken layout: an error). */
export interface RenderedFiles {
  readonly files: Map<string, string>;
  readonly collisions: string[];
  /** Each kustomization written, with the `resources:` it lists (relative to its folder). */
  readonly listings: Map<string, readonly string[]>;
}

/**
 * Every file of a set of apps: objects, per-app and Flux kustomizations, namespaces. `fluxLists`
 * names, per cluster (undefined: the one-cluster layout), the apps listed in its Flux
 * kustomization. The variants of one app on several clusters share a folder by writing the same
 * bytes to the same paths; any other path written twice is a collision.
 */
export function renderFiles(apps: readonly RenderedApp[], layout: Layout,
  fluxLists: ReadonlyMap<string | undefined, readonly string[]>): RenderedFiles {
  const files = new Map<string, string>();
  const collisions: string[] = [];
  const listings = new Map<string, readonly string[]>();
  // Two outputs for one path would silently keep the last: whatever the layout, that is an error.
  const put = (rel: string, content: string) => {
    if (files.has(rel) && files.get(rel) !== content) collisions.push(rel);
    files.set(rel, content);
  };
  for (const app of apps) {
    const header = headerFor([app.sourceFile]);
    const resources: string[] = [];
    for (const object of app.objects) {
      put(object.path, header + toYaml(object.manifest));
      if (object.path.startsWith(`${app.dir}/`)) resources.push(object.path.slice(app.dir.length + 1));
    }
    const list = path.posix.join(app.dir, 'kustomization.yaml');
    put(list, header + toYaml(kustomization(resources)));
    listings.set(list, resources);
  }
  for (const { namespace, cluster, sources } of namespaces(apps)) {
    put(layout.namespaceFile(namespace, cluster), headerFor(sources) + toYaml({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace, labels: { [LABELS.managedBy]: MANAGED_BY } },
    }));
  }
  for (const [cluster, names] of [...fluxLists].sort(([a], [b]) => ((a ?? '') < (b ?? '') ? -1 : 1))) {
    // A cluster's root reaches this file directly (Flux generates a kustomization of everything
    // below `clusters/<name>/`), so no Flux Kustomization of ours points at it: two would own its objects.
    const file = layout.fluxKustomization(cluster);
    const fluxResources = names.map((n) => `${n}.yaml`);
    put(file, headerFor([`${layout.fluxDir()}/*.ts`]) + toYaml(kustomization(fluxResources)));
    listings.set(file, fluxResources);
  }
  return { files, collisions: [...new Set(collisions)].sort(), listings };
}

function kustomization(resources: string[]): object {
  return { apiVersion: KUSTOMIZE_CONFIG_API_VERSION, kind: 'Kustomization', resources: [...resources].sort() };
}

/**
 * Namespaces and the apps that live in them (several apps may share one); a namespace every app
 * in it says exists already (`createNamespace: false`, e.g. kube-system) gets no file.
 */
function namespaces(apps: readonly RenderedApp[]): { namespace: string; cluster?: string; sources: string[] }[] {
  const result = new Map<string, { namespace: string; cluster?: string; sources: string[] }>();
  for (const app of apps.filter((a) => a.createNamespace)) {
    const key = `${app.cluster ?? ''}/${app.namespace}`;
    const entry = result.get(key) ?? { namespace: app.namespace, cluster: app.cluster, sources: [] };
    entry.sources = [...new Set([...entry.sources, app.sourceFile])].sort();
    result.set(key, entry);
  }
  return [...result.values()];
}
