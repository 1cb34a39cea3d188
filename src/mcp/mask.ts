/** The annotation `kubectl apply` leaves on an object: the whole object as applied, a Secret's data included. */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** What replaces a value: its size, as `kubectl describe secret` shows it, never the bytes. */
function masked(value: unknown, base64: boolean): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? '';
  const bytes = base64 ? Buffer.from(text, 'base64').length : Buffer.byteLength(text, 'utf8');
  return `(masked: ${bytes} bytes)`;
}

const isObjectWithMeta = (o: any) => !!o.metadata && typeof o.metadata === 'object';

function isSecret(object: any, inSecretList: boolean): boolean {
  if (!object || typeof object !== 'object' || Array.isArray(object)) return false;
  if (object.kind === 'Secret') return true;
  // An item of a list may come without its kind: any kind-less object with data is taken for a
  // Secret (a ConfigMap masked by mistake costs a look with kubectl_describe; a Secret shown costs the secret).
  return object.kind === undefined && ('data' in object || 'stringData' in object) && (inSecretList || isObjectWithMeta(object));
}

function maskSecret(secret: any): any {
  const copy = { ...secret };
  for (const [field, base64] of [['data', true], ['stringData', false]] as const) {
    if (copy[field] && typeof copy[field] === 'object') {
      copy[field] = Object.fromEntries(Object.entries(copy[field]).map(([k, v]) => [k, masked(v, base64)]));
    } else if (copy[field] !== undefined) {
      copy[field] = masked(copy[field], false);
    }
  }
  const annotations = copy.metadata?.annotations;
  if (annotations && LAST_APPLIED in annotations) {
    copy.metadata = { ...copy.metadata, annotations: { ...annotations, [LAST_APPLIED]: masked(annotations[LAST_APPLIED], false) } };
  }
  return copy;
}

/**
 * A copy of a parsed kubectl answer with the data of every Secret in it masked: the object itself,
 * the items of a List (of any depth), and the copy of the data in `last-applied-configuration`.
 * Key names and sizes stay, as `kubectl describe` shows them.
 */
export function maskSecrets(value: any, inSecretList = false): any {
  if (Array.isArray(value)) return value.map((v) => maskSecrets(v, inSecretList));
  if (!value || typeof value !== 'object') return value;
  const list = typeof value.kind === 'string' && value.kind === 'SecretList';
  const object = isSecret(value, inSecretList) ? maskSecret(value) : value;
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, maskSecrets(v, list)]));
}

/**
 * `kubectl describe` text with the Data section of each Secret reduced to `key: N bytes`, which is
 * all kubectl prints there; any other line in that section (a future kubectl, a plugin) is masked.
 * A ConfigMap's Data section, which holds no secret, is left as it is.
 */
export function maskDescribe(text: string): string {
  return text.split(/\n(?=Name:)/).map((block) => {
    if (!/^Type:\s/m.test(block)) return block;
    const lines = block.split('\n');
    const start = lines.findIndex((line, i) => line === 'Data' && /^=+$/.test(lines[i + 1] ?? ''));
    if (start < 0) return block;
    for (let i = start + 2; i < lines.length && lines[i] !== '' && !/^\S.*:$/.test(lines[i]) ; i++) {
      if (!/^[-._a-zA-Z0-9]+:\s+\d+ bytes$/.test(lines[i])) lines[i] = '(masked line)';
    }
    return lines.join('\n');
  }).join('\n');
}
