import { Finding, Rule, describe } from '../rule';
import { Severity } from '../violation';

/**
 * Characters that no manifest carries to the cluster intact, although our YAML holds them
 * correctly escaped: kustomize (and so Flux) re-encodes DEL, the C1 controls and U+FFFE/U+FFFF
 * raw and refuses its own output; it turns NEL, LS and PS into a space or a line break; a lone
 * surrogate is no character at all, and go-yaml refuses its escape.
 */
const UNREPRESENTABLE = /[\u007F-\u009F\u2028\u2029\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A key or value holding such a character: the object that reaches the cluster is another. */
export const unrepresentableCharacter: Rule = {
  code: 'UnrepresentableCharacter',
  severity: Severity.ERROR,
  rationale: 'kustomize and Flux refuse or rewrite DEL, C1 controls, NEL, U+2028/2029, U+FFFE/FFFF and lone surrogates, so the object applied would differ from Git, or not apply at all',
  fix: 'remove the character, or encode the value (e.g. base64 in a ConfigMap binaryData key) and decode it in the app',
  check(objects) {
    const findings: Finding[] = [];
    for (const object of objects) {
      const found = firstUnrepresentable(object.manifest, '');
      // The field and the character's code, never the value: it may be a credential.
      if (found) findings.push({ object, message: `${describe(object)} has U+${found.code} at ${found.at || '(root)'}` });
    }
    return findings;
  },
};

function firstUnrepresentable(value: unknown, at: string): { at: string; code: string } | undefined {
  if (typeof value === 'string') {
    const match = UNREPRESENTABLE.exec(value);
    return match ? { at, code: match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0') } : undefined;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = firstUnrepresentable(value[i], `${at}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const path = at ? `${at}.${key}` : key;
      const inKey = firstUnrepresentable(key, at ? `${at} (a key)` : '(a key)');
      if (inKey) return inKey;
      const found = firstUnrepresentable(child, path);
      if (found) return found;
    }
  }
  return undefined;
}
