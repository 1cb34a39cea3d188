import { MapContext } from './context';
import { Expr, code, print, str } from './expr';
import { unmappable } from './model';
import { onlyKeys } from './values';

/** A container's env as the `env` prop: literals, and keys of the app's SealedSecrets. */
export function env(list: any[] | undefined, ctx: MapContext): Expr {
  if (!list?.length) return undefined;
  const out: Record<string, Expr> = {};
  for (const e of list) {
    onlyKeys(e, ['name', 'value', 'valueFrom'], `env ${e.name}`);
    if (e.name in out) unmappable(`env ${e.name} twice`);
    if (e.valueFrom) {
      const ref = e.valueFrom.secretKeyRef;
      onlyKeys(e.valueFrom, ['secretKeyRef'], `env ${e.name}.valueFrom`);
      onlyKeys(ref, ['name', 'key'], `env ${e.name} secretKeyRef`);
      const variable = ctx.sealed.get(ref.name);
      if (!variable) unmappable(`env ${e.name} reads Secret ${ref.name}, which is no SealedSecret of the app`);
      out[e.name] = code(`${variable}.key(${str(ref.key)})`);
    } else {
      out[e.name] = String(e.value ?? '');
    }
  }
  return out;
}

/** A container whose mounts are mapped: the main one (`expr` undefined), or a sidecar by its variable. */
export interface MountedContainer {
  readonly c: any;
  readonly expr?: string;
}

/**
 * The containers' mounts, through ProtectedPvc, AppConfigMap or an emptyDir Volume shared by
 * the containers that mount it; every volume of the pod must be mounted by one of them.
 */
export function mounts(containers: readonly MountedContainer[], pod: any, web: string, ctx: MapContext, standardApp: boolean): string[] {
  const lines: string[] = [];
  const volumes = new Map<string, any>((pod.volumes ?? []).map((v: any) => [v.name, v]));
  const used = new Set<string>();
  const shared = new Map<string, string>();
  const volumeOf = (name: string, create: string) => {
    let variable = shared.get(name);
    if (!variable) {
      variable = ctx.variable(`${name}-volume`);
      shared.set(name, variable);
      lines.push(`const ${variable} = ${create};`);
    }
    return variable;
  };
  for (const { c, expr } of containers) {
    const into = expr ?? `${web}.container`;
    for (const m of c.volumeMounts ?? []) {
      onlyKeys(m, ['name', 'mountPath', 'subPath', 'readOnly'], `volumeMount ${m.name}`);
      const v = volumes.get(m.name);
      if (!v) unmappable(`mount of unknown volume ${m.name}`);
      used.add(m.name);
      const options = print({ subPath: m.subPath, readOnly: m.readOnly });
      const tail = options === '{}' ? '' : `, ${options}`;
      if (v.persistentVolumeClaim) {
        onlyKeys(v.persistentVolumeClaim, ['claimName'], 'persistentVolumeClaim');
        const claim = ctx.claims.get(v.persistentVolumeClaim.claimName);
        if (!claim) unmappable(`claim ${v.persistentVolumeClaim.claimName} is not in the app`);
        if (standardApp && !expr) lines.push(`${web}.mount(${str(m.mountPath)}, ${claim}${tail});`);
        else lines.push(`${into}.mount(${str(m.mountPath)}, ${volumeOf(m.name, `${claim}.toVolume(${web}, ${str(m.name)}, ${str(m.name)})`)}${tail});`);
      } else if (v.configMap) {
        onlyKeys(v.configMap, ['name', 'defaultMode'], 'configMap volume');
        const cm = ctx.configMaps.get(v.configMap.name);
        if (!cm) unmappable(`ConfigMap ${v.configMap.name} is not in the app`);
        const container = expr ? code(expr) : undefined;
        if (m.subPath) {
          if (v.configMap.defaultMode !== undefined) unmappable('a defaultMode on a file mount');
          lines.push(`${cm}.mountFile(${web}, ${str(m.mountPath)}, ${str(m.subPath)}, ${print({ container, volumeName: m.name })});`);
        } else {
          lines.push(`${cm}.mount(${web}, ${str(m.mountPath)}, ${print({ container, volumeName: m.name, defaultMode: v.configMap.defaultMode })});`);
        }
      } else if (v.emptyDir && !Object.keys(v.emptyDir).length) {
        ctx.imports.kplus.add('Volume');
        lines.push(`${into}.mount(${str(m.mountPath)}, ${volumeOf(m.name, `Volume.fromEmptyDir(${web}, ${str(m.name)}, ${str(m.name)})`)}${tail});`);
      } else {
        unmappable(`volume ${m.name} (${Object.keys(v).filter((k) => k !== 'name').join(', ')})`);
      }
    }
  }
  for (const name of volumes.keys()) if (!used.has(name)) unmappable(`volume ${name} is mounted by no container`);
  return lines;
}
