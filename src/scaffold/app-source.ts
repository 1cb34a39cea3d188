/** What `stillon new` writes into `apps/<app>.ts`, already validated (see scaffold.ts). */
export interface AppSpec {
  readonly name: string;
  readonly image: string;
  readonly description?: string;
  readonly port?: number;
  /** Claims mounted into the workload, each a ProtectedPvc. */
  readonly volumes: readonly VolumeSpec[];
  /** Sealed secrets whose every key becomes an environment variable. */
  readonly secrets: readonly string[];
  /** Publish through a StillonIngress. */
  readonly expose: boolean;
  /** StillonIngress props beyond the defaults, e.g. `{ subdomain: 'links' }`. */
  readonly ingress?: { readonly subdomain?: string; readonly host?: string };
}

export interface VolumeSpec {
  /** Mount path in the container. */
  readonly path: string;
  /** Construct id of the claim; the claim is named `<app>-<id>`. */
  readonly id: string;
  readonly size: string;
}

/** A single-quoted TypeScript string literal. */
function str(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

/** `demo-env` → `demoEnv`: a variable name for a secret; never a reserved word, never `app` or `web`. */
export function variableName(name: string, taken: ReadonlySet<string>): string {
  const base = name.replace(/[^a-zA-Z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase()).replace(/^[0-9]/, '_$&');
  let candidate = `${base || 'secret'}Secret`;
  for (let i = 2; taken.has(candidate); i++) candidate = `${base}Secret${i}`;
  return candidate;
}

/**
 * The source of a new app file: the same shape as the example apps (one StandardApp, a
 * ProtectedPvc per volume, a SealedSecretRef per secret). It type-checks as is. `library` is what
 * it imports from: `stillon-gitops` in a user's repository, `../src` in this one.
 */
export function appSource(spec: AppSpec, library = '../src'): string {
  const imports = ['StandardApp', 'defineApp'];
  if (spec.volumes.length) imports.push('ProtectedPvc');
  if (spec.secrets.length) imports.push('SealedSecretRef');
  imports.sort(); // ASCII order, as in the example apps: classes, then defineApp

  const props: string[] = [`image: ${str(spec.image)},`];
  if (spec.port !== undefined) props.push(`port: ${spec.port},`);
  if (spec.port !== undefined && !spec.expose) props.push('// Reachable inside the cluster only: no Ingress.', 'expose: false,');
  if (spec.expose && spec.ingress?.subdomain) props.push(`ingress: { subdomain: ${str(spec.ingress.subdomain)} },`);
  if (spec.expose && spec.ingress?.host) props.push(`ingress: { host: ${str(spec.ingress.host)} },`);
  props.push(
    '// The container runs as non-root with a read-only root filesystem (and a writable /tmp).',
    '// For an image that needs root or writes elsewhere, uncomment the next line:',
    '// security: { runAsRoot: true, writableRootFilesystem: true },',
  );

  const body: string[] = [];
  const needsVariable = spec.volumes.length > 0 || spec.secrets.length > 0;
  body.push(`${needsVariable ? 'const web = ' : ''}new StandardApp(app, ${str(spec.name)}, {`, ...props.map((p) => `  ${p}`), '});');
  for (const v of spec.volumes) {
    body.push(`web.mount(${str(v.path)}, new ProtectedPvc(app, ${str(v.id)}, { size: ${str(v.size)} }));`);
  }
  const taken = new Set(['app', 'web']);
  for (const secret of spec.secrets) {
    const variable = variableName(secret, taken);
    taken.add(variable);
    body.push(
      `// sealed-secrets/${spec.name}/${secret}.yaml, written by \`stillon seal --namespace ${spec.name} --name ${secret} --from-stdin <KEY>\`.`,
      `// Every key becomes an environment variable; for one key: web.env('NAME', ${variable}.key('KEY')).`,
      `const ${variable} = new SealedSecretRef(app, ${str(secret)});`,
      `web.envFrom(${variable});`,
    );
  }

  const options = spec.description ? `{ description: ${str(spec.description)} }, ` : '';
  return [
    `import { ${imports.join(', ')} } from ${str(library)};`,
    '',
    `export default defineApp(${str(spec.name)}, ${options}(app) => {`,
    ...body.map((line) => `  ${line}`),
    '});',
    '',
  ].join('\n');
}
