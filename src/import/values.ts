import { Code, Expr, code, print, str } from './expr';
import { Imports, unmappable } from './model';

/** `100m` → `Cpu.millis(100)`, `2` → `Cpu.units(2)`. */
export function cpu(q: unknown, imports: Imports): Code {
  imports.kplus.add('Cpu');
  const s = String(q);
  let m = /^(\d+)m$/.exec(s);
  if (m) return code(`Cpu.millis(${Number(m[1])})`);
  m = /^(\d+)$/.exec(s);
  if (m) return code(`Cpu.units(${Number(m[1])})`);
  m = /^(\d*)\.(\d{1,3})$/.exec(s);
  if (m) return code(`Cpu.millis(${Math.round(Number(s) * 1000)})`);
  return unmappable(`CPU quantity '${s}' has no Cpu form`);
}

const SIZE_UNITS: Record<string, string> = { Ki: 'kibibytes', Mi: 'mebibytes', Gi: 'gibibytes', Ti: 'tebibytes' };

/** `256Mi` → `Size.mebibytes(256)`. */
export function size(q: unknown, imports: Imports): Code {
  const m = /^(\d+)(Ki|Mi|Gi|Ti)$/.exec(String(q));
  if (!m) return unmappable(`memory quantity '${String(q)}' is not a whole number of Ki, Mi, Gi or Ti`);
  imports.cdk8s.add('Size');
  return code(`Size.${SIZE_UNITS[m[2]]}(${Number(m[1])})`);
}

export function seconds(n: unknown, imports: Imports): Code | undefined {
  if (n === undefined) return undefined;
  if (!Number.isInteger(n)) return unmappable(`duration ${String(n)} is not a whole number of seconds`);
  imports.cdk8s.add('Duration');
  return code(`Duration.seconds(${n})`);
}

/** A container's `resources` as ContainerResources, or undefined when it has none (the home-lab defaults apply). */
export function resources(r: any, imports: Imports): Expr {
  if (!r || !Object.keys(r).length) return undefined;
  for (const k of Object.keys(r)) if (k !== 'requests' && k !== 'limits') unmappable(`resources.${k}`);
  const keys = new Set([...Object.keys(r.requests ?? {}), ...Object.keys(r.limits ?? {})]);
  for (const k of keys) if (k !== 'cpu' && k !== 'memory') unmappable(`resources of '${k}'`);
  const pair = (name: string, f: (q: unknown, i: Imports) => Code) => {
    const request = r.requests?.[name];
    const limit = r.limits?.[name];
    return request === undefined && limit === undefined ? undefined
      : { request: request === undefined ? undefined : f(request, imports), limit: limit === undefined ? undefined : f(limit, imports) };
  };
  return { cpu: pair('cpu', cpu), memory: pair('memory', size) };
}

const PROBE_KEYS = new Set(['httpGet', 'tcpSocket', 'exec', 'initialDelaySeconds', 'periodSeconds', 'timeoutSeconds', 'failureThreshold', 'successThreshold']);

/**
 * A probe as a HealthProbe, ports by number (a named port resolved through `ports`); the main
 * port (`mainPort`) is left out, as StandardApp probes it by default.
 */
export function probe(p: any, ports: ReadonlyMap<string, number>, mainPort: number | undefined, imports: Imports): Code | undefined {
  if (!p) return undefined;
  for (const k of Object.keys(p)) if (!PROBE_KEYS.has(k)) unmappable(`probe field ${k}`);
  imports.stillon.add('HealthProbe');
  const timings: Record<string, Expr> = {
    initialDelay: seconds(p.initialDelaySeconds, imports),
    period: seconds(p.periodSeconds, imports),
    timeout: seconds(p.timeoutSeconds, imports),
    failureThreshold: p.failureThreshold,
    successThreshold: p.successThreshold,
  };
  const portOf = (port: unknown) => {
    const n = typeof port === 'number' ? port : ports.get(String(port));
    if (n === undefined) return unmappable(`probe port '${String(port)}' is no port of the container`);
    return n === mainPort ? undefined : n;
  };
  const options = (extra: Record<string, Expr>) => {
    const o = print({ ...extra, ...timings });
    return o === '{}' ? '' : `, ${o}`;
  };
  if (p.httpGet) {
    const g = p.httpGet;
    for (const k of Object.keys(g)) if (!['path', 'port', 'scheme'].includes(k)) unmappable(`httpGet.${k}`);
    if (g.scheme !== undefined && g.scheme !== 'HTTP') {
      imports.kplus.add('ConnectionScheme');
    }
    const scheme = g.scheme === 'HTTPS' ? code('ConnectionScheme.HTTPS') : undefined;
    return code(`HealthProbe.http(${str(g.path ?? '/')}${options({ port: portOf(g.port), scheme })})`);
  }
  if (p.tcpSocket) {
    for (const k of Object.keys(p.tcpSocket)) if (k !== 'port') unmappable(`tcpSocket.${k}`);
    const o = print({ port: portOf(p.tcpSocket.port), ...timings });
    return code(`HealthProbe.tcp(${o === '{}' ? '' : o})`);
  }
  if (p.exec) return code(`HealthProbe.exec(${print(p.exec.command ?? [])}${options({})})`);
  return unmappable('a probe that is neither httpGet, tcpSocket nor exec');
}

const CONTAINER_SECURITY_KEYS = new Set(['runAsUser', 'runAsGroup', 'runAsNonRoot', 'readOnlyRootFilesystem', 'allowPrivilegeEscalation', 'capabilities', 'privileged', 'seccompProfile']);
const POD_SECURITY_KEYS = new Set(['fsGroup', 'runAsUser', 'runAsGroup', 'runAsNonRoot', 'seccompProfile']);

/** SecurityOptions that keep what the original allowed (root, a writable root, capabilities it added). */
export function security(container: any, pod: any, imports: Imports): { security: Expr; fsGroup?: number } {
  const sc = container.securityContext ?? {};
  const psc = pod.securityContext ?? {};
  for (const k of Object.keys(sc)) if (!CONTAINER_SECURITY_KEYS.has(k)) unmappable(`securityContext.${k}`);
  for (const k of Object.keys(psc)) if (!POD_SECURITY_KEYS.has(k)) unmappable(`pod securityContext.${k}`);
  if (sc.privileged === true) unmappable('a privileged container');
  if (sc.capabilities && Object.keys(sc.capabilities).some((k) => k !== 'add' && k !== 'drop')) unmappable('capabilities beyond add and drop');
  const user = sc.runAsUser ?? psc.runAsUser;
  const group = sc.runAsGroup ?? psc.runAsGroup;
  const nonRoot = sc.runAsNonRoot ?? psc.runAsNonRoot;
  const add: string[] = sc.capabilities?.add ?? [];
  if (add.some((c) => !/^[A-Z_]+$/.test(c) || c === 'ALL')) unmappable(`capabilities.add ${add.join(', ')}`);
  if (add.length) imports.kplus.add('Capability');
  return {
    security: {
      // Unless the original forbade root, the image may need it: keep it allowed.
      runAsRoot: nonRoot === true || (user !== undefined && user !== 0) ? undefined : true,
      writableRootFilesystem: sc.readOnlyRootFilesystem === true ? undefined : true,
      user,
      group,
      addCapabilities: add.length ? add.map((c) => code(`Capability.${c.replace(/^CAP_/, '')}`)) : undefined,
    },
    fsGroup: psc.fsGroup,
  };
}

/** Only the listed keys may be present (else the mapping would drop a field). */
export function onlyKeys(o: any, allowed: readonly string[], what: string): void {
  for (const k of Object.keys(o ?? {})) if (!allowed.includes(k)) unmappable(`${what}.${k}`);
}
