import { ANNOTATIONS, IngressProfile } from '../conventions';
import { StillonError } from '../errors';
import { PropSchema, propSchema } from '../private/known-props';

/**
 * ingress-nginx annotations the library knows by name, each rendered only when given.
 * @see https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/
 */
export interface NginxIngressOptions {
  /**
   * Forward authentication: every request is first sent to this URL (e.g. an oauth2-proxy's
   * `http://oauth2-proxy.auth.svc.cluster.local/oauth2/auth`); a 2xx lets it through.
   * @default - omitted: no forward auth
   */
  readonly authUrl?: string;
  /** Where an unauthenticated browser is sent, e.g. `https://auth.stillon.top/oauth2/start?rd=$scheme://$host$escaped_request_uri`. @default - omitted */
  readonly authSignin?: string;
  /** Headers of the auth response passed on to the app, e.g. `['X-Auth-Request-User', 'X-Auth-Request-Email']`. @default - omitted */
  readonly authResponseHeaders?: readonly string[];
  /** Protocol to the backend. @default - omitted (ingress-nginx: HTTP) */
  readonly backendProtocol?: 'HTTP' | 'HTTPS' | 'GRPC' | 'GRPCS' | 'FCGI';
  /** Proxy to the Service's ClusterIP instead of the pod endpoints (`service-upstream`). @default - omitted (ingress-nginx: false) */
  readonly serviceUpstream?: boolean;
  /** Rewrite the matched path, e.g. `'/$2'` with a path `'/api(/|$)(.*)'`. @default - omitted: paths pass unchanged */
  readonly rewriteTarget?: string;
  /** Largest request body, e.g. `'0'` (no limit) or `'512m'` for uploads. @default - omitted (ingress-nginx: 1m) */
  readonly proxyBodySize?: string;
}

/** A Traefik Middleware (a `traefik.io` CRD object) the router runs. */
export interface TraefikMiddlewareRef {
  readonly name: string;
  /** @default - the app's namespace */
  readonly namespace?: string;
}

/** Traefik annotations the library knows by name. @see https://doc.traefik.io/traefik/routing/providers/kubernetes-ingress/ */
export interface TraefikIngressOptions {
  /** Middlewares in order (forward auth, headers, redirects). @default - omitted: none */
  readonly middlewares?: readonly TraefikMiddlewareRef[];
}

export const NGINX_INGRESS_OPTIONS = propSchema<NginxIngressOptions>({
  authUrl: true, authSignin: true, authResponseHeaders: true, backendProtocol: true, serviceUpstream: true, rewriteTarget: true, proxyBodySize: true,
});
export const TRAEFIK_INGRESS_OPTIONS: PropSchema<TraefikIngressOptions> = propSchema<TraefikIngressOptions>({ middlewares: true });

const NGINX = 'nginx.ingress.kubernetes.io/';
const BACKEND_PROTOCOLS = ['HTTP', 'HTTPS', 'GRPC', 'GRPCS', 'FCGI'];

/** The typed options as annotations, checked against the cluster's ingress profile. */
export function profileAnnotations(profile: IngressProfile, namespace: string, where: string,
  nginx: NginxIngressOptions | undefined, traefik: TraefikIngressOptions | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (nginx) {
    if (profile.className !== 'nginx') throw wrongProfile('nginx', profile, where);
    const set = (key: string, value: string | undefined) => { if (value !== undefined) out[`${NGINX}${key}`] = value; };
    if (nginx.backendProtocol !== undefined && !BACKEND_PROTOCOLS.includes(nginx.backendProtocol)) {
      throw new StillonError('InvalidIngressOption', where, `nginx.backendProtocol '${nginx.backendProtocol}' is not one of ${BACKEND_PROTOCOLS.join(', ')}`, "pass e.g. { backendProtocol: 'HTTPS' }");
    }
    if (nginx.authSignin !== undefined && nginx.authUrl === undefined) {
      throw new StillonError('InvalidIngressOption', where, 'nginx.authSignin given without nginx.authUrl', 'pass the auth endpoint as authUrl too');
    }
    set('auth-url', nginx.authUrl);
    set('auth-signin', nginx.authSignin);
    set('auth-response-headers', nginx.authResponseHeaders?.join(','));
    set('backend-protocol', nginx.backendProtocol);
    set('service-upstream', nginx.serviceUpstream === undefined ? undefined : String(nginx.serviceUpstream));
    set('rewrite-target', nginx.rewriteTarget);
    set('proxy-body-size', nginx.proxyBodySize);
  }
  if (traefik) {
    if (profile.className !== 'traefik') throw wrongProfile('traefik', profile, where);
    for (const m of traefik.middlewares ?? []) checkMiddleware(m, where);
    if (traefik.middlewares?.length) {
      out['traefik.ingress.kubernetes.io/router.middlewares'] = traefik.middlewares
        .map((m) => `${m.namespace ?? namespace}-${m.name}@kubernetescrd`).join(',');
    }
  }
  return out;
}

/**
 * Annotations the construct owns (TLS, issuer, class, the foreign-host marker): a raw map
 * cannot override them, so TLS and the host rule stay enforced.
 */
export function checkRawAnnotations(raw: Record<string, string>, owned: readonly string[], where: string): void {
  for (const [key, value] of Object.entries(raw)) {
    if (owned.includes(key) || key === ANNOTATIONS.allowForeignHost || key === ANNOTATIONS.deprecatedIngressClass) {
      throw new StillonError('ReservedAnnotation', where, `annotation '${key}' is set by StillonIngress`,
        key === ANNOTATIONS.allowForeignHost ? 'pass { allowForeignHost: true } with the host instead' : 'remove it from annotations; the conventions set it');
    }
    if (typeof value !== 'string') {
      throw new StillonError('InvalidIngressOption', where, `annotation '${key}' must be a string, got ${typeof value}`, `pass '${String(value)}' in quotes`);
    }
  }
}

function checkMiddleware(m: TraefikMiddlewareRef, where: string): void {
  if (!m || typeof m.name !== 'string' || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(m.name)) {
    throw new StillonError('InvalidIngressOption', where, `traefik middleware name '${m?.name}' is not a DNS-1123 label`, "pass e.g. { name: 'forward-auth' }");
  }
}

function wrongProfile(given: string, profile: IngressProfile, where: string): StillonError {
  return new StillonError('WrongIngressProfile', where, `${given} options given, but the cluster's ingress class is '${profile.className}'`,
    `use the ${profile.className} options, or the raw { annotations } map for another controller`);
}
