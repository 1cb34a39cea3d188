import { z } from 'zod';
import { measureChanges } from './changes';
import { McpContext } from './context';
import { COMMIT_NOTE } from './synth-tool';
import { ToolAnswer, ToolDefinition, defineTool, errorAnswer, repositoryWrite } from './tool';
import { loadConventions } from '../conventions/load-config';
import { SealingScope } from '../conventions/sealed-secret-scope';
import { StillonError } from '../errors';
import { describeCertificate, parseSecretType, seal } from '../seal';

/** What replaces a sealed value wherever it would appear in an answer. */
const WITHHELD = '(withheld: a sealed value)';
/** Values this short occur by chance in any text; replacing them would garble the answer, not protect it. */
const MIN_SCRUBBED_LENGTH = 4;

export const sealSecret = (context: McpContext): ToolDefinition<any> => defineTool({
  name: 'seal_secret',
  title: 'Seal values into a SealedSecret file',
  description: 'Runs `stillon seal`: seals each value with the controller\'s public certificate (sealed-secrets/cert.pem), offline, into '
    + 'sealed-secrets/<namespace>/<name>.yaml; other keys of an existing file keep their ciphertext. The values never come back in any '
    + 'answer, error or log, and never touch the disk in clear. Returns the file, the keys sealed and a diff (ciphertext only). Never commits, '
    + 'never contacts the cluster.',
  input: {
    namespace: z.string().describe('namespace of the Secret (the app\'s namespace)'),
    name: z.string().describe('name of the Secret, e.g. <app>-env'),
    values: z.record(z.string()).describe('key → plaintext value; sealed, never echoed'),
    scope: z.string().optional().describe('strict (default) | namespace-wide | cluster-wide; an existing file keeps its scope'),
    type: z.string().optional().describe('Opaque (default) | kubernetes.io/dockerconfigjson | kubernetes.io/tls | kubernetes.io/basic-auth'),
  },
  annotations: repositoryWrite({ destructive: true, idempotent: false }),
  run: async (args) => {
    const secrets = Object.values(args.values as Record<string, string>);
    let answer: ToolAnswer;
    try {
      answer = await context.exclusive(() => sealInto(context, args));
    } catch (error) {
      answer = errorAnswer(error);
    }
    return { ...answer, result: scrub(answer.result, secrets) };
  },
});

interface SealArgs {
  readonly namespace: string;
  readonly name: string;
  readonly values: Record<string, string>;
  readonly scope?: string;
  readonly type?: string;
}

async function sealInto(context: McpContext, args: SealArgs): Promise<ToolAnswer> {
  // Checked here, not by the schema: a schema's error quotes what it got, which may be a value
  // passed in the wrong field.
  const scope = args.scope === undefined ? undefined : Object.values(SealingScope).find((s) => s === args.scope);
  if (args.scope !== undefined && !scope) throw new StillonError('SealUsage', 'scope', 'unknown scope', 'use strict, namespace-wide or cluster-wide');
  const type = args.type === undefined ? undefined : parseSecretType(args.type);
  if (args.type !== undefined && !type) throw new StillonError('SealUsage', 'type', 'unsupported Secret type', 'use Opaque, kubernetes.io/dockerconfigjson, kubernetes.io/tls or kubernetes.io/basic-auth');
  const conventions = loadConventions(context.rootDir);
  const { value: result, changes } = await measureChanges(context.rootDir, conventions, () => seal({
    repoRoot: context.rootDir,
    sealedSecretsDir: conventions.paths.sealedSecrets,
    namespace: args.namespace,
    name: args.name,
    scope,
    type,
    values: args.values,
  }));
  return {
    result: {
      file: result.relativeFile,
      fileCreated: result.created,
      scope: result.scope,
      sealedKeys: result.sealedKeys,
      keptKeys: result.keptKeys,
      certificate: describeCertificate(result.certificate),
      warnings: result.certificate.warnings,
      ...changes,
      note: COMMIT_NOTE,
    },
  };
}

/**
 * The answer with every value (and its base64 form, as a Secret's data holds it) replaced. The
 * seal code never puts a value in a message; this makes sure of it for every answer that leaves.
 */
export function scrub(value: unknown, secrets: readonly string[]): unknown {
  const needles = secrets.filter((s) => s.length >= MIN_SCRUBBED_LENGTH)
    .flatMap((s) => [s, Buffer.from(s, 'utf8').toString('base64')])
    .sort((a, b) => b.length - a.length);
  if (!needles.length) return value;
  const clean = (text: string) => needles.reduce((t, n) => t.split(n).join(WITHHELD), text);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return clean(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [clean(k), walk(x)]));
    return v;
  };
  return walk(value);
}
