import { createTwoFilesPatch } from 'diff';
import { WritePlan } from './write';
import { expandLists } from '../policy/k8s-objects';
import { PolicyObject } from '../policy/rule';
import { plainSecret } from '../policy/rules/plain-secret';
import { secretEnvLiteral } from '../policy/rules/secret-env-literal';
import { secretInConfigMap } from '../policy/rules/secret-in-config-map';
import { parseYamlDocuments } from '../yaml/yaml';

/** What `synth --check` reports: the committed output against what synth would write. */
export function describeStaleOutput(plan: WritePlan): string {
  const parts: string[] = [];
  for (const rel of plan.update) parts.push(`stale: ${rel}\n${patch(rel, plan.current.get(rel)!, plan.files.get(rel)!)}`);
  for (const rel of plan.create) parts.push(`missing: ${rel}\n${patch(rel, '', plan.files.get(rel)!)}`);
  for (const rel of plan.remove) parts.push(`extra: ${rel} (synth would delete it)\n${patch(rel, plan.current.get(rel)!, '')}`);
  return parts.join('\n');
}

/** The rules that recognise a credential in an object; their verdict decides which diffs are printed. */
const CREDENTIAL_RULES = [plainSecret, secretEnvLiteral, secretInConfigMap];

/**
 * Why a file's text must not be printed, or undefined when it may be. A plain Secret never comes
 * out of synth (PlainSecret), but one can be typed into a committed file by hand, and a warning
 * such as SecretInConfigMap does not stop synth; their diff would print the values into a terminal
 * or a CI log. Decided on the parsed documents (Lists expanded, as kustomize does), never on a line
 * match: `kind: "Secret"`, `kind: Secret # note` and flow style are all the same Secret. A file
 * that does not parse cannot be judged, so it is withheld too.
 */
export function withheldBecause(rel: string, text: string): string | undefined {
  // Only manifests can hold a Secret; the inventory (Markdown) is written from names and counts.
  if (!text || !/\.ya?ml$/.test(rel)) return undefined;
  let manifests: any[];
  try {
    manifests = parseYamlDocuments(text, rel).flatMap(expandLists);
  } catch {
    return 'it does not parse as YAML, so it cannot be shown to hold no secret';
  }
  if (manifests.some((m) => m?.kind === 'Secret')) return 'it holds a plain Secret, whose values must not be printed';
  const objects: PolicyObject[] = manifests.map((manifest) => ({ app: '', source: rel, manifest, fluxManaged: true }));
  if (CREDENTIAL_RULES.some((rule) => rule.check(objects, {} as never).length > 0)) {
    return 'it looks like it holds a credential, which must not be printed';
  }
  return undefined;
}

function patch(rel: string, before: string, after: string): string {
  const reason = withheldBecause(rel, before) ?? withheldBecause(rel, after);
  if (reason) return `(diff withheld: ${rel}: ${reason}; open the file to compare)\n`;
  return createTwoFilesPatch(`a/${rel}`, `b/${rel}`, before, after, 'committed', 'synth', { context: 3 })
    .split('\n').slice(1).join('\n'); // drop the "====" separator line
}
