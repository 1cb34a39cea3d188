import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

/**
 * Upstream schemas: Kubernetes 1.28 definitions and the CRDs the cluster runs, committed in
 * imports/crds/ (byte for byte from ../shared/crds; provenance in imports/crds/SOURCES.md) so
 * that a clean clone validates offline.
 */
export const CRDS_DIR = join(__dirname, '..', '..', 'imports', 'crds');
const K8S_DEFINITIONS = join(CRDS_DIR, 'k8s', 'v1.28.0', '_definitions.json');
const K8S_ID = 'k8s';
const OBJECT_META = `${K8S_ID}#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta`;

/**
 * Tightens an upstream schema the way the API server's strict field validation (kubectl's default)
 * reads it: an object with declared properties rejects unknown fields, and int-or-string allows
 * exactly an integer or a string.
 */
function strict(schema: any): any {
  if (Array.isArray(schema)) return schema.map(strict);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: any = {};
  for (const [key, value] of Object.entries(schema)) {
    // `properties` and `definitions` map names to schemas: recurse into the values only.
    out[key] = key === 'properties' || key === 'definitions' || key === 'patternProperties'
      ? Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, strict(v)]))
      : strict(value);
  }
  if (out['x-kubernetes-int-or-string'] === true || out.format === 'int-or-string') {
    delete out.format;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (out.properties && out.additionalProperties === undefined && out['x-kubernetes-preserve-unknown-fields'] !== true) {
    out.additionalProperties = false;
  }
  return out;
}

export interface SchemaError {
  readonly path: string;
  readonly message: string;
}

/**
 * Validates manifests against the upstream schemas with ajv. Core kinds are found through the
 * definitions' `x-kubernetes-group-version-kind`; custom resources through their CRD's
 * `openAPIV3Schema`, with `metadata` checked as an ObjectMeta.
 */
export class SchemaValidator {
  private readonly ajv: Ajv;
  private readonly byGvk = new Map<string, () => ValidateFunction>();
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor() {
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv, ['date-time', 'byte']);
    const int = (bits: number) => ({ type: 'number' as const, validate: (n: number) => Number.isInteger(n) && Math.abs(n) <= 2 ** (bits - 1) });
    this.ajv.addFormat('int32', int(32));
    this.ajv.addFormat('int64', int(64));
    this.ajv.addFormat('double', { type: 'number', validate: () => true });

    const definitions = strict(JSON.parse(readFileSync(K8S_DEFINITIONS, 'utf8')).definitions);
    this.ajv.addSchema({ $id: K8S_ID, definitions });
    for (const [name, def] of Object.entries<any>(definitions)) {
      for (const gvk of def['x-kubernetes-group-version-kind'] ?? []) {
        const key = gvkKey(gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version, gvk.kind);
        // Some kinds appear in several definitions (e.g. DeleteOptions); the first full object wins.
        if (!this.byGvk.has(key)) this.byGvk.set(key, () => this.ajv.getSchema(`${K8S_ID}#/definitions/${name}`)!);
      }
    }

    for (const file of readdirSync(CRDS_DIR).filter((f) => f.endsWith('.yaml'))) {
      const crd = parse(readFileSync(join(CRDS_DIR, file), 'utf8'));
      for (const version of crd.spec.versions) {
        const schema = strict(version.schema.openAPIV3Schema);
        schema.properties.metadata = { $ref: OBJECT_META };
        const key = gvkKey(`${crd.spec.group}/${version.name}`, crd.spec.names.kind);
        this.byGvk.set(key, () => this.ajv.compile(schema));
      }
    }
  }

  /** Whether a schema exists for the object's apiVersion and kind. */
  public knows(apiVersion: string, kind: string): boolean {
    return this.byGvk.has(gvkKey(apiVersion, kind));
  }

  /** Every schema error of one manifest; an unknown apiVersion/kind is an error too. */
  public validate(manifest: any): SchemaError[] {
    const key = gvkKey(manifest?.apiVersion, manifest?.kind);
    const load = this.byGvk.get(key);
    if (!load) return [{ path: '', message: `no schema for ${key}` }];
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = load();
      this.compiled.set(key, validate);
    }
    if (validate(manifest)) return [];
    return (validate.errors ?? []).map((e) => ({
      path: e.instancePath,
      message: `${e.message}${e.keyword === 'additionalProperties' ? ` '${(e.params as any).additionalProperty}'` : ''}`,
    }));
  }
}

function gvkKey(apiVersion: string, kind: string): string {
  return `${apiVersion}, Kind=${kind}`;
}

let shared: SchemaValidator | undefined;
/** One validator per test file: compiling the schemas takes a moment. */
export function schemaValidator(): SchemaValidator {
  shared ??= new SchemaValidator();
  return shared;
}
