import { MapContext } from './context';
import { Expr, print, str } from './expr';
import { Unmappable, unmappable } from './model';
import { onlyKeys } from './values';

/** Names of the Services an Ingress sends to. */
export function backends(ingress: any): string[] {
  const paths = (ingress.spec?.rules ?? []).flatMap((r: any) => r.http?.paths ?? []);
  return [...paths.map((p: any) => p.backend?.service?.name), ingress.spec?.defaultBackend?.service?.name].filter(Boolean);
}

const NGINX = 'nginx.ingress.kubernetes.io/';
const NGINX_OPTIONS: Record<string, string> = { 'auth-url': 'authUrl', 'auth-signin': 'authSignin', 'backend-protocol': 'backendProtocol', 'rewrite-target': 'rewriteTarget', 'proxy-body-size': 'proxyBodySize' };

interface HostOptions {
  readonly subdomain?: string;
  readonly host?: string;
  readonly allowForeignHost?: boolean;
}

/** `git.stillon.top` → `{ subdomain: 'git' }` (nothing for the app's own `<app>.<domain>`); a foreign host as is, allowed. */
function hostOptions(host: string, ctx: MapContext, omitDefault: boolean): HostOptions {
  const domain = ctx.conventions.domain;
  const subdomain = host.endsWith(`.${domain}`) ? host.slice(0, -domain.length - 1) : undefined;
  if (subdomain === undefined) return { host, allowForeignHost: true };
  return { subdomain: omitDefault && subdomain === ctx.app ? undefined : subdomain };
}

/** The metadata, class, TLS and annotations every mapped Ingress shares; what is left for the props. */
interface Common {
  readonly nginx?: Record<string, Expr>;
  readonly annotations?: Record<string, string>;
  readonly hosts: string[];
  readonly secretName: string;
}

function common(ing: any, ctx: MapContext): Common {
  const name = String(ing.metadata.name);
  onlyKeys(ing.metadata, ['name', 'namespace', 'labels', 'annotations'], `Ingress ${name} metadata`);
  onlyKeys(ing.spec, ['ingressClassName', 'rules', 'tls'], `Ingress ${name} spec`);
  if (ing.spec.ingressClassName !== undefined && ing.spec.ingressClassName !== ctx.conventions.ingress.className) unmappable(`ingress class ${ing.spec.ingressClassName}`);
  for (const k of Object.keys(ing.metadata.labels ?? {})) if (!k.startsWith('app.kubernetes.io/')) unmappable(`Ingress label ${k}`);
  const hosts = (ing.spec.rules ?? []).map((r: any) => String(r.host ?? ''));
  if (!hosts.length || hosts.some((h: string) => !h)) unmappable(`Ingress ${name} without a host on every rule`);
  const tls = ing.spec.tls ?? [];
  if (tls.length !== 1 || JSON.stringify([...tls[0].hosts ?? []].sort()) !== JSON.stringify([...hosts].sort())) unmappable(`Ingress ${name} TLS other than one certificate for its hosts`);
  const nginx: Record<string, Expr> = {};
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries<string>(ing.metadata.annotations ?? {})) {
    if (k === 'cert-manager.io/cluster-issuer' && v === ctx.conventions.clusterIssuer) continue;
    if (k === `${NGINX}ssl-redirect` && v === 'true') continue;
    const option = k.startsWith(NGINX) ? NGINX_OPTIONS[k.slice(NGINX.length)] : undefined;
    if (option) nginx[option] = v;
    else if (k === `${NGINX}auth-response-headers`) nginx.authResponseHeaders = v.split(',');
    else annotations[k] = v;
  }
  return {
    nginx: Object.keys(nginx).length ? nginx : undefined,
    annotations: Object.keys(annotations).length ? annotations : undefined,
    hosts,
    secretName: String(tls[0].secretName),
  };
}

/** StandardApp's ingress options for a plain Ingress (one host, `/` Prefix to the main Service, TLS for it); undefined otherwise. */
export function tryIngressOptions(ing: any, workload: string, ctx: MapContext): Expr {
  try {
    const c = common(ing, ctx);
    const paths = ing.spec.rules[0].http?.paths ?? [];
    if (c.hosts.length !== 1 || paths.length !== 1 || paths[0].path !== '/' || (paths[0].pathType ?? 'Prefix') !== 'Prefix') return undefined;
    const name = String(ing.metadata.name);
    return {
      name: name !== workload ? name : undefined,
      ...hostOptions(c.hosts[0], ctx, true),
      tlsSecretName: c.secretName !== `${name}-tls` ? c.secretName : undefined,
      nginx: c.nginx,
      annotations: c.annotations,
    };
  } catch (error) {
    if (error instanceof Unmappable) return undefined;
    throw error;
  }
}

function port(backend: any): number | string {
  const p = backend?.service?.port;
  if (!backend?.service?.name || !p || (p.number === undefined) === (p.name === undefined)) unmappable('a backend that is not one Service port');
  return p.number ?? String(p.name);
}

/**
 * A StillonIngress for any Ingress of Service backends: several hosts and paths, the
 * certificate over all of them, the nginx options by name; the first path's Service is the
 * Ingress's, the other paths name theirs only where they differ.
 */
export function mapIngress(ing: any, id: string, ctx: MapContext): string[] {
  const c = common(ing, ctx);
  const name = String(ing.metadata.name);
  const rules = ing.spec.rules as any[];
  const first = rules[0].http?.paths?.[0]?.backend;
  const serviceName = String(first?.service?.name);
  const servicePort = port(first);
  const pathsOf = (rule: any) => (rule.http?.paths ?? []).map((p: any) => {
    onlyKeys(p, ['path', 'pathType', 'backend'], 'Ingress path');
    const svc = String(p.backend?.service?.name);
    const prt = port(p.backend);
    return {
      path: p.path ?? '/',
      pathType: p.pathType && p.pathType !== 'Prefix' ? p.pathType : undefined,
      serviceName: svc !== serviceName ? svc : undefined,
      servicePort: svc !== serviceName || prt !== servicePort ? prt : undefined,
    };
  });
  const isDefault = (paths: Array<Record<string, Expr>>) => paths.length === 1 && paths[0].path === '/' && Object.values(paths[0]).filter((v) => v !== undefined).length === 1;
  const mainPaths = pathsOf(rules[0]);
  const props: Record<string, Expr> = {
    name,
    ...hostOptions(c.hosts[0], ctx, true),
    serviceName,
    servicePort: servicePort !== 80 ? servicePort : undefined,
    paths: isDefault(mainPaths) ? undefined : mainPaths,
    additionalHosts: rules.length > 1 ? rules.slice(1).map((r) => {
      const paths = pathsOf(r);
      return { ...hostOptions(String(r.host), ctx, false), paths };
    }) : undefined,
    tlsSecretName: c.secretName !== `${name}-tls` ? c.secretName : undefined,
    nginx: c.nginx,
    annotations: c.annotations,
  };
  ctx.imports.stillon.add('StillonIngress');
  return [`new StillonIngress(app, ${str(id)}, ${print(props)});`];
}
