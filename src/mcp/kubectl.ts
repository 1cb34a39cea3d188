import { execFile } from 'node:child_process';
import { StillonError } from '../errors';

/** The verbs the server may run. Everything else (apply, delete, patch, scale, rollout, exec, ...) is refused. */
export const READ_VERBS = ['get', 'describe', 'logs', 'api-resources'] as const;
export type ReadVerb = typeof READ_VERBS[number];

/** The longest log tail the server fetches; without --tail it asks for DEFAULT_TAIL lines. */
export const MAX_TAIL = 1000;
export const DEFAULT_TAIL = 200;

/**
 * Flags each verb may carry, and whether they take a value. Only these: `--as` (impersonation),
 * `--kubeconfig`, `--server`, `--token` would change who asks or where; `-f/--follow` and `-w/--watch`
 * never end; `-o jsonpath|go-template|custom-columns` could print a Secret's data past the masking.
 */
const SCOPE_FLAGS: Record<string, boolean> = { '-n': true, '--namespace': true, '-A': false, '--all-namespaces': false, '-l': true, '--selector': true, '--field-selector': true };
const FLAGS: Record<ReadVerb, Record<string, boolean>> = {
  'get': { ...SCOPE_FLAGS, '-o': true, '--output': true, '--show-labels': false, '--show-kind': false },
  'describe': { ...SCOPE_FLAGS, '--show-events': true },
  'logs': { '-n': true, '--namespace': true, '-l': true, '--selector': true, '-c': true, '--container': true, '--tail': true, '--since': true, '-p': false, '--previous': false, '--timestamps': false, '--all-containers': false, '--prefix': false },
  'api-resources': { '--namespaced': true, '--api-group': true, '-o': true, '--output': true, '--verbs': true },
};
const OUTPUTS: Record<ReadVerb, string[]> = { 'get': ['json', 'wide', 'name'], 'describe': [], 'logs': [], 'api-resources': ['wide', 'name'] };
/** A resource type, a name, `kind/name` or a comma list of them: never an option, never a path. */
const POSITIONAL = /^[A-Za-z0-9][A-Za-z0-9._:/,-]*$/;
/** Flag values: selectors and durations; no spaces, no quotes, nothing a shell or kubectl reads twice. */
const FLAG_VALUE = /^[A-Za-z0-9._:/,=!()-]*$/;

const refuse = (where: string, detail: string, fix: string) => new StillonError('KubectlRefused', where, detail, fix);
const GITOPS_FIX = 'change the repository instead (new_app, seal_secret, synth), review the diff, commit and push: Flux applies it';

/**
 * The argv the server will run for `argv`, or a `KubectlRefused` error. Decided on the words alone,
 * before any process starts: the first word must be a read verb, every flag must be one that verb
 * may take, every other word a resource or a name. Logs always get a bounded `--tail`.
 */
export function readOnlyArgv(argv: readonly string[]): string[] {
  const [verb, ...rest] = argv;
  if (!READ_VERBS.includes(verb as ReadVerb)) {
    throw refuse(verb === undefined ? 'kubectl' : `kubectl ${verb}`,
      `'${String(verb ?? '')}' is not a read verb: this server only runs ${READ_VERBS.join(', ')} and never changes the cluster`, GITOPS_FIX);
  }
  const allowed = FLAGS[verb as ReadVerb];
  const out: string[] = [verb];
  let tail: number | undefined;
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i];
    if (!word.startsWith('-')) {
      if (!POSITIONAL.test(word)) throw refuse(`kubectl ${verb}`, `'${word}' is not a resource type or object name`, 'pass names such as pods, deployment/web or kustomizations.kustomize.toolkit.fluxcd.io');
      out.push(word);
      continue;
    }
    const eq = word.indexOf('=');
    const flag = eq > 0 ? word.slice(0, eq) : word;
    if (!(flag in allowed)) {
      throw refuse(`kubectl ${verb} ${flag}`, `the flag ${flag} is not allowed with ${verb}`, `use only ${Object.keys(allowed).join(', ')}`);
    }
    let value: string | undefined;
    if (allowed[flag]) {
      value = eq > 0 ? word.slice(eq + 1) : rest[++i];
      if (value === undefined || !FLAG_VALUE.test(value)) throw refuse(`kubectl ${verb} ${flag}`, `${flag} needs a plain value`, `pass e.g. ${flag}=value`);
      if ((flag === '-o' || flag === '--output') && !OUTPUTS[verb as ReadVerb].includes(value)) {
        throw refuse(`kubectl ${verb} ${flag}`, `output '${value}' is not allowed`, `use ${OUTPUTS[verb as ReadVerb].join(', ') || 'the default output'}; Secret data is masked only in json`);
      }
      if (flag === '--tail') {
        tail = /^[0-9]+$/.test(value) ? Number(value) : NaN;
        if (!(tail >= 0 && tail <= MAX_TAIL)) throw refuse('kubectl logs --tail', `--tail must be a number from 0 to ${MAX_TAIL}`, `pass --tail=${DEFAULT_TAIL}`);
        continue; // added once, below
      }
      out.push(`${flag}=${value}`);
    } else {
      if (eq > 0) throw refuse(`kubectl ${verb} ${flag}`, `${flag} takes no value`, `pass ${flag} alone`);
      out.push(flag);
    }
  }
  if (verb === 'logs') out.push(`--tail=${tail ?? DEFAULT_TAIL}`);
  return out;
}

export interface KubectlResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Starts a process; tests and the server use the real one, a unit test may count calls. */
export type KubectlExec = (argv: readonly string[]) => Promise<KubectlResult>;

/** A kubectl that hangs on an unreachable API server would hang the assistant: every call is bounded. */
const TIMEOUT_MS = 60_000;
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

/** `kubectl` from PATH, on the user's kubeconfig. */
export const spawnKubectl: KubectlExec = (argv) => new Promise((resolve, reject) => {
  execFile('kubectl', [...argv, '--request-timeout=30s'], { timeout: TIMEOUT_MS, maxBuffer: MAX_OUTPUT_BYTES, encoding: 'utf8' }, (error, stdout, stderr) => {
    const errno = (error as NodeJS.ErrnoException | null)?.code;
    if (errno === 'ENOENT') {
      reject(new StillonError('KubectlNotFound', 'kubectl', 'kubectl is not on PATH', 'install kubectl and point it at the cluster (KUBECONFIG), then restart the server'));
      return;
    }
    const code = error ? (typeof errno === 'number' ? errno : 1) : 0;
    resolve({ code, stdout, stderr });
  });
});

/** The only way any tool reaches the cluster. */
export class Kubectl {
  constructor(private readonly exec: KubectlExec = spawnKubectl) {}

  /** Runs a read; a refused argv throws before any process starts. */
  public async read(argv: readonly string[]): Promise<KubectlResult> {
    return this.exec(readOnlyArgv(argv));
  }

  /** Like `read`, but a failure (exit code not 0) throws `KubectlFailed` with kubectl's own message. */
  public async readOk(argv: readonly string[]): Promise<string> {
    const result = await this.read(argv);
    if (result.code !== 0) {
      throw new StillonError('KubectlFailed', `kubectl ${argv.join(' ')}`, result.stderr.trim().split('\n').slice(0, 5).join(' ') || `exit code ${result.code}`,
        'check the names and the namespace (list_apps, kubectl_get), and that KUBECONFIG points at the cluster');
    }
    return result.stdout;
  }
}
