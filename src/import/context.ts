import { KubeObject } from '../compare';
import { Conventions } from '../conventions';
import { Imports } from './model';

/** What mapping one object needs to know about the rest of the app. */
export interface MapContext {
  readonly app: string;
  readonly namespace: string;
  readonly conventions: Conventions;
  readonly imports: Imports;
  readonly objects: readonly KubeObject[];
  /** Secret name → variable of its SealedSecretRef. */
  readonly sealed: ReadonlyMap<string, string>;
  /** Claim name → variable of its ProtectedPvc. */
  readonly claims: ReadonlyMap<string, string>;
  /** ConfigMap name as the workloads refer to it (kustomize's hashed one too) → variable of its AppConfigMap. */
  readonly configMaps: ReadonlyMap<string, string>;
  /** ServiceAccount name → variable of its ApiAccess. */
  readonly apiAccess: ReadonlyMap<string, string>;
  /** A variable name not taken yet, from `base` (`gitea-postgres` → `giteaPostgres`). */
  variable(base: string): string;
}

const RESERVED = new Set(['app', 'break', 'case', 'catch', 'class', 'const', 'continue', 'default', 'delete', 'do', 'else', 'enum', 'export',
  'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null', 'return', 'super', 'switch', 'this',
  'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'let', 'static', 'yield', 'await', 'Duration', 'Size', 'Cpu', 'Volume',
  'Capability', 'Protocol', 'HealthProbe', 'StandardApp', 'ProtectedPvc', 'SealedSecretRef', 'AppConfigMap', 'RawObject', 'ServiceKind',
  'StillonIngress', 'defineApp', 'placePod', 'ConnectionScheme']);

/** A variable namer: camel case of the name, numbered when taken. */
export function variableNamer(): (base: string) => string {
  const taken = new Set<string>();
  return (base: string) => {
    let name = base.replace(/[^a-zA-Z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase()).replace(/^[0-9]/, '_$&') || 'x';
    name = name[0].toLowerCase() + name.slice(1);
    let candidate = name;
    for (let i = 2; taken.has(candidate) || RESERVED.has(candidate); i++) candidate = `${name}${i}`;
    taken.add(candidate);
    return candidate;
  };
}

/** Pod spec of a workload (CronJob: its job template's). */
export function podSpecOf(o: any): any {
  return o.kind === 'CronJob' ? o.spec?.jobTemplate?.spec?.template?.spec : o.spec?.template?.spec;
}

/** Whether every label of `selector` is in `labels`. */
export function selects(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  return !!selector && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}
