import { MapContext } from './context';
import { Code, Expr, code, print, str } from './expr';
import { unmappable } from './model';
import { onlyKeys, resources, seconds, security } from './values';

const SIDECAR = ['name', 'image', 'imagePullPolicy', 'command', 'args', 'workingDir', 'ports', 'env', 'resources', 'readinessProbe',
  'livenessProbe', 'startupProbe', 'securityContext', 'volumeMounts'];

/** A sidecar's probe as a cdk8s-plus Probe (its port always explicit: a sidecar has no app port). */
function sidecarProbe(p: any, ports: ReadonlyMap<string, number>, ctx: MapContext): Code | undefined {
  if (!p) return undefined;
  onlyKeys(p, ['httpGet', 'tcpSocket', 'exec', 'initialDelaySeconds', 'periodSeconds', 'timeoutSeconds', 'failureThreshold', 'successThreshold'], 'probe');
  ctx.imports.kplus.add('Probe');
  const portOf = (port: unknown) => (typeof port === 'number' ? port : ports.get(String(port)) ?? unmappable(`probe port '${String(port)}' is no port of the sidecar`));
  const timings = {
    initialDelaySeconds: seconds(p.initialDelaySeconds, ctx.imports),
    periodSeconds: seconds(p.periodSeconds, ctx.imports),
    timeoutSeconds: seconds(p.timeoutSeconds, ctx.imports),
    failureThreshold: p.failureThreshold,
    successThreshold: p.successThreshold,
  };
  if (p.httpGet) {
    onlyKeys(p.httpGet, ['path', 'port'], 'httpGet');
    return code(`Probe.fromHttpGet(${str(p.httpGet.path ?? '/')}, ${print({ port: portOf(p.httpGet.port), ...timings })})`);
  }
  if (p.tcpSocket) {
    onlyKeys(p.tcpSocket, ['port'], 'tcpSocket');
    return code(`Probe.fromTcpSocket(${print({ port: portOf(p.tcpSocket.port), ...timings })})`);
  }
  if (p.exec) {
    const o = print(timings);
    return code(`Probe.fromCommand(${print(p.exec.command ?? [])}${o === '{}' ? '' : `, ${o}`})`);
  }
  return unmappable('a probe that is neither httpGet, tcpSocket nor exec');
}

/** A second container of a StandardApp's pod, through `addSidecar`, its env added after. */
export interface SidecarPart {
  readonly lines: string[];
  readonly variable: string;
  readonly name: string;
  readonly ports: Map<string, number>;
}

export function mapSidecar(c: any, pod: any, web: string, ctx: MapContext): SidecarPart {
  onlyKeys(c, SIDECAR, `sidecar ${c.name}`);
  const ports = new Map<string, number>();
  const portList: Expr[] = [];
  for (const p of c.ports ?? []) {
    if (!p.name || (p.protocol ?? 'TCP') !== 'TCP') unmappable(`sidecar port ${p.containerPort} without a name or not TCP`);
    ports.set(p.name, p.containerPort);
    portList.push({ number: p.containerPort, name: p.name });
  }
  const sec = security(c, { securityContext: { ...pod.securityContext, fsGroup: undefined } }, ctx.imports);
  const props = {
    name: c.name,
    image: c.image,
    command: c.command,
    args: c.args,
    workingDir: c.workingDir,
    ports: portList.length ? portList : undefined,
    readiness: sidecarProbe(c.readinessProbe, ports, ctx),
    liveness: sidecarProbe(c.livenessProbe, ports, ctx),
    startup: sidecarProbe(c.startupProbe, ports, ctx),
    resources: resources(c.resources, ctx.imports),
  };
  const variable = ctx.variable(c.name);
  const security2 = print(sec.security);
  const lines = [`const ${variable} = ${web}.addSidecar(${print(props)}${security2 === '{}' ? '' : `, ${security2}`});`];
  for (const e of c.env ?? []) {
    onlyKeys(e, ['name', 'value', 'valueFrom'], `env ${e.name}`);
    if (e.valueFrom) {
      onlyKeys(e.valueFrom, ['secretKeyRef'], `env ${e.name}.valueFrom`);
      onlyKeys(e.valueFrom.secretKeyRef, ['name', 'key'], `env ${e.name} secretKeyRef`);
      const ref = ctx.sealed.get(e.valueFrom.secretKeyRef.name);
      if (!ref) unmappable(`env ${e.name} reads Secret ${e.valueFrom.secretKeyRef.name}, which is no SealedSecret of the app`);
      lines.push(`${variable}.env.addVariable(${str(e.name)}, ${ref}.key(${str(e.valueFrom.secretKeyRef.key)}).envValue);`);
    } else {
      ctx.imports.kplus.add('EnvValue');
      lines.push(`${variable}.env.addVariable(${str(e.name)}, EnvValue.fromValue(${str(String(e.value ?? ''))}));`);
    }
  }
  return { lines, variable, name: String(c.name), ports };
}
