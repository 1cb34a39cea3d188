import { KubeObject } from '../compare';
import { PolicyObject } from '../policy/rule';
import { plainSecret } from '../policy/rules/plain-secret';
import { secretEnvLiteral } from '../policy/rules/secret-env-literal';
import { secretInConfigMap } from '../policy/rules/secret-in-config-map';

/** Plaintext the import found: where, which key, and the command that seals it. Never the value. */
export interface PlaintextFinding {
  /** `Secret/<ns>/<name>`, `Deployment/<ns>/<name>`... */
  readonly object: string;
  /** The rule that found it (PlainSecret, SecretEnvLiteral, SecretInConfigMap). */
  readonly rule: string;
  /** What the rule says, naming keys only. */
  readonly message: string;
  /** The `stillon seal` command line to run instead (the value read from stdin, never typed). */
  readonly seal: string;
}

/**
 * The credential rules of `stillon check`, run on the original build: a Secret with data, a
 * credential literal in an env value or a ConfigMap. The import stops on any of them, since the
 * typed app would otherwise carry the plaintext into apps/*.ts.
 */
export function findPlaintext(objects: readonly KubeObject[], app: string, namespace: string): PlaintextFinding[] {
  const policy: PolicyObject[] = objects.map((manifest) => ({ app, source: label(manifest, namespace), manifest, fluxManaged: true }));
  const findings: PlaintextFinding[] = [];
  const run = (rule: typeof plainSecret, seal: (o: KubeObject, message: string) => string) => {
    for (const f of rule.check(policy, {} as never) as Array<{ object: PolicyObject; message: string }>) {
      findings.push({ object: f.object.source, rule: rule.code, message: f.message, seal: seal(f.object.manifest, f.message) });
    }
  };
  run(plainSecret, (o) => {
    const keys = [...Object.keys((o as any).data ?? {}), ...Object.keys((o as any).stringData ?? {})].sort();
    return sealCommand(o.metadata?.namespace ?? namespace, o.metadata?.name ?? app, keys);
  });
  run(secretEnvLiteral, (o, m) => sealCommand(o.metadata?.namespace ?? namespace, o.metadata?.name ?? app, [/^env (\S+) /.exec(m)?.[1] ?? '<KEY>']));
  run(secretInConfigMap, (o, m) => sealCommand(o.metadata?.namespace ?? namespace, o.metadata?.name ?? app, [/^key '([^']+)'/.exec(m)?.[1] ?? '<KEY>']));
  return findings;
}

function sealCommand(namespace: string, name: string, keys: readonly string[]): string {
  return keys.map((k) => `stillon seal --namespace ${namespace} --name ${name} --from-stdin ${k}`).join('\n      ');
}

function label(o: KubeObject, namespace: string): string {
  return `${o.kind}/${o.metadata?.namespace ?? namespace}/${o.metadata?.name}`;
}
