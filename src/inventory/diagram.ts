import { AppFacts, selects } from './facts';

/**
 * Mermaid flowcharts (GitHub renders them natively). Node ids are derived from kinds and names,
 * so the same apps always give the same text.
 * @see https://mermaid.js.org/syntax/flowchart.html
 */

/** A Mermaid node id: letters, digits and `_` only, never a keyword such as `end`. */
export function nodeId(...parts: string[]): string {
  return `n_${parts.join('_').replace(/[^A-Za-z0-9]+/g, '_')}`;
}

/** A quoted label; `"` and `<` `>` cannot appear raw inside one. */
function label(lines: readonly string[]): string {
  return `"${lines.map((l) => l.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;')).join('<br/>')}"`;
}

function block(lines: readonly string[]): string {
  return ['```mermaid', 'flowchart LR', ...lines.map((l) => `  ${l}`), '```'].join('\n');
}

export interface FluxWiringOptions {
  /** The source the root Kustomization reconciles, e.g. GitRepository flux-system. */
  readonly rootSource: { readonly kind: string; readonly name: string };
  /** `apps/kustomization.yaml`: what the root applies. */
  readonly fluxIndex: string;
}

/** GitRepository → root Kustomization → apps/ → each app's Kustomization → its kustomize folder. */
export function fluxWiring(apps: readonly AppFacts[], options: FluxWiringOptions): string {
  const { rootSource } = options;
  const source = nodeId('source', rootSource.kind, rootSource.name);
  const lines = [
    `${source}[(${label([`${rootSource.kind} ${rootSource.name}`])})]`,
    `${source} --> root[${label(['root Kustomization'])}]`,
    `root --> index[${label([options.fluxIndex])}]`,
  ];
  const otherSources = new Set<string>();
  for (const app of apps) {
    const flux = nodeId('flux', app.name);
    const dir = nodeId('dir', app.name);
    lines.push(`index --> ${flux}[${label([`Kustomization ${app.flux?.name ?? app.name}`, app.flux?.file ?? ''].filter(Boolean))}]`);
    lines.push(`${flux} --> ${dir}[${label([`${app.flux?.path ?? '?'}/`, `namespace ${app.namespace}`])}]`);
    const ref = app.flux?.sourceRef;
    if (ref && (ref.kind !== rootSource.kind || ref.name !== rootSource.name)) {
      const other = nodeId('source', ref.kind, ref.name);
      if (!otherSources.has(other)) lines.push(`${other}[(${label([`${ref.kind} ${ref.name}`])})]`);
      otherSources.add(other);
      lines.push(`${other} -.-> ${flux}`);
    }
  }
  for (const app of apps) {
    for (const dependency of app.flux?.dependsOn ?? []) {
      if (apps.some((a) => a.name === dependency)) lines.push(`${nodeId('flux', app.name)} -. dependsOn .-> ${nodeId('flux', dependency)}`);
    }
  }
  return block(lines);
}

/** One app: ingress → service → workload → claims and secrets. */
export function appDiagram(app: AppFacts): string {
  const lines: string[] = [];
  const declared = new Set<string>();
  const node = (id: string, shape: [string, string], text: string[]) => {
    if (declared.has(id)) return id;
    declared.add(id);
    lines.push(`${id}${shape[0]}${label(text)}${shape[1]}`);
    return id;
  };
  const service = (name: string) => {
    const s = app.services.find((x) => x.name === name);
    return node(nodeId('service', name), ['[', ']'], [`Service ${name}`, ...s ? [s.ports.join(', ')] : ['(not in this app)']]);
  };
  const claim = (name: string) => {
    const c = app.claims.find((x) => x.name === name);
    return node(nodeId('claim', name), ['[(', ')]'], [`PVC ${name}`, c ? [c.size, c.storageClass].filter(Boolean).join(' ') : '(not in this app)']);
  };
  const secret = (name: string) => {
    const s = app.sealedSecrets.find((x) => x.name === name);
    return node(nodeId('secret', name), ['{{', '}}'], s ? [`SealedSecret ${name}`, s.keys.join(', ')] : [`Secret ${name}`, '(not in this app)']);
  };
  const edges: string[] = [];
  for (const ingress of app.ingresses) {
    const id = node(nodeId('ingress', ingress.name), ['([', '])'], [`Ingress ${ingress.name}`, ...ingress.urls]);
    for (const name of ingress.services) edges.push(`${id} --> ${service(name)}`);
  }
  for (const s of app.services) service(s.name);
  for (const w of app.workloads) {
    const id = node(nodeId(w.kind.toLowerCase(), w.name), ['[[', ']]'], [`${w.kind} ${w.name}`, ...w.images]);
    for (const s of app.services.filter((x) => selects(x, w))) edges.push(`${service(s.name)} --> ${id}`);
    for (const name of w.claims) edges.push(`${id} --> ${claim(name)}`);
    for (const name of w.secrets) edges.push(`${id} --> ${secret(name)}`);
  }
  // Claims and sealed secrets nothing mounts still belong in the picture.
  for (const c of app.claims) claim(c.name);
  for (const s of app.sealedSecrets) secret(s.name);
  return block([...lines, ...edges]);
}
