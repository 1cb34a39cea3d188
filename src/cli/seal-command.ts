import { parseArgs } from 'node:util';
import { STILLON_PROFILE, sealingCertificateFile } from '../conventions/conventions';
import { loadConventions } from '../conventions/load-config';
import { SealingScope } from '../conventions/sealed-secret-scope';
import { StillonError } from '../policy/violation';
import {
  checkRawTarget, describeCertificate, loadCertificate, parseSecretType, promptHidden, readAll, readEnvFile, readFromFile,
  seal, SealError, sealRaw, SecretInputStream, SecretType, splitKeyValue, SealingCertificate,
} from '../seal';
import { CliIo } from './io';
import type { Command } from './main';

const DEFAULT_CERTIFICATE = sealingCertificateFile(STILLON_PROFILE.paths);

export const SEAL_USAGE = `Usage: stillon seal --namespace <ns> --name <name> [value options] [options]
       stillon seal --raw [--namespace <ns>] [--name <name>] [--scope <scope>] [one value option]

Seals values into sealed-secrets/<namespace>/<name>.yaml with the controller's public
certificate, offline, as kubeseal would. Plaintext never touches the disk. When the file
exists the given keys are added or replaced and every other key is left byte-identical.

Values (repeatable, combinable; each key at most once):
  --from-literal <key>=<value>   value on the command line (stays in your shell history!)
  --from-file [<key>=]<path>     value = the file's bytes; key defaults to the file name
  --from-env-file <path>         KEY=value lines (verbatim, quotes included; # comments)
  --from-stdin <key>             value read from stdin; prompted without echo on a terminal

Options:
  -n, --namespace <ns>           namespace of the Secret (required for a new file)
      --name <name>              name of the Secret (required for a new file)
      --scope <scope>            strict (default) | namespace-wide | cluster-wide;
                                 an existing file keeps its scope
      --type <type>              Opaque (default) | kubernetes.io/dockerconfigjson |
                                 kubernetes.io/tls | kubernetes.io/basic-auth
      --cert <pem>               controller certificate (default: ${DEFAULT_CERTIFICATE}, or cert.pem
                                 in paths.sealedSecrets of stillon.config.ts; saved by
                                 \`kubeseal --fetch-cert > ${DEFAULT_CERTIFICATE}\`)
      --merge-into <file>        SealedSecret file to add keys to (default: the target
                                 file when it exists)
      --label <key>=<value>      label of the created Secret (repeatable)
      --annotation <key>=<value> annotation of the created Secret (repeatable)
      --raw                      print one sealed value on stdout instead of writing a file
  -h, --help                     show this help

Exit codes: 0 sealed, 2 usage or I/O error.
`;

const OPTIONS = {
  'namespace': { type: 'string', short: 'n' },
  'name': { type: 'string' },
  'scope': { type: 'string' },
  'type': { type: 'string' },
  'cert': { type: 'string' },
  'from-literal': { type: 'string', multiple: true },
  'from-file': { type: 'string', multiple: true },
  'from-env-file': { type: 'string', multiple: true },
  'from-stdin': { type: 'string' },
  'merge-into': { type: 'string' },
  'label': { type: 'string', multiple: true },
  'annotation': { type: 'string', multiple: true },
  'raw': { type: 'boolean' },
  'help': { type: 'boolean', short: 'h' },
} as const;

type Flags = ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];

/** `stillon seal`: offline, kubeseal-compatible sealing into sealed-secrets/. */
export const sealCommand: Command = async (args, io) => {
  let flags: Flags;
  try {
    flags = parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (e) {
    // parseArgs quotes the offending argument, which may be a value typed in the wrong place.
    io.err(`stillon seal: ${usageProblem(e as Error)}\n\n${SEAL_USAGE}`);
    return 2;
  }
  if (flags.help) {
    io.out(SEAL_USAGE);
    return 0;
  }
  try {
    return flags.raw ? await runRaw(flags, io) : await runSeal(flags, io);
  } catch (e) {
    if (e instanceof StillonError) { // a SealError, or a stillon.config.ts that does not load
      io.err(`stillon seal: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
};

async function runSeal(flags: Flags, io: CliIo): Promise<number> {
  // Everything that can fail without the values is checked before the user types a secret.
  const scope = parseScope(flags.scope);
  const type = parseType(flags.type);
  const labels = parsePairs(flags.label, '--label');
  const annotations = parsePairs(flags.annotation, '--annotation');
  if (!flags['merge-into'] && !(flags.namespace && flags.name)) {
    throw usage(flags.namespace ? '--name' : '--namespace', 'a SealedSecret needs a namespace and a name',
      'pass --namespace <ns> --name <name>, or --merge-into <existing file>');
  }
  // Sealed files go where SealedSecretRef reads them: paths.sealedSecrets of stillon.config.ts.
  const sealedSecretsDir = loadConventions(io.cwd).paths.sealedSecrets;
  const certificate = loadCertificate({ repoRoot: io.cwd, certificate: flags.cert, sealedSecretsDir });
  reportCertificate(certificate, io);
  const values = await collectValues(flags, io);
  const result = await seal({
    repoRoot: io.cwd,
    sealedSecretsDir,
    namespace: flags.namespace,
    name: flags.name,
    scope,
    type,
    certificate,
    values,
    labels,
    annotations,
    mergeInto: flags['merge-into'],
  });
  const kept = result.keptKeys.length > 0 ? `; kept ${result.keptKeys.join(', ')} unchanged` : '';
  io.out(`${result.created ? 'created' : 'updated'} ${result.relativeFile} (${result.scope}): sealed ${result.sealedKeys.join(', ')}${kept}\n`);
  return 0;
}

async function runRaw(flags: Flags, io: CliIo): Promise<number> {
  for (const flag of ['merge-into', 'from-env-file', 'label', 'annotation', 'type'] as const) {
    if (flags[flag] !== undefined) throw usage(`--${flag}`, '--raw prints one value and writes no file', `drop --${flag}, or drop --raw`);
  }
  const sources = (flags['from-literal']?.length ?? 0) + (flags['from-file']?.length ?? 0) + (flags['from-stdin'] ? 1 : 0);
  if (sources > 1) throw usage('--raw', `--raw seals exactly one value, got ${sources}`, 'pass one --from-literal, --from-file or --from-stdin');
  const scope = parseScope(flags.scope);
  checkRawTarget(scope ?? SealingScope.STRICT, flags.namespace, flags.name);
  // Sealed files go where SealedSecretRef reads them: paths.sealedSecrets of stillon.config.ts.
  const sealedSecretsDir = loadConventions(io.cwd).paths.sealedSecrets;
  const certificate = loadCertificate({ repoRoot: io.cwd, certificate: flags.cert, sealedSecretsDir });
  reportCertificate(certificate, io);
  // Like kubeseal --raw, no value flag means: read the value from stdin.
  const values = sources === 0 ? { value: await readStdinValue('value', io) } : await collectValues(flags, io);
  const result = await sealRaw({
    repoRoot: io.cwd,
    sealedSecretsDir,
    namespace: flags.namespace,
    name: flags.name,
    scope,
    certificate,
    value: Object.values(values)[0],
  });
  io.out(`${result.encrypted}\n`);
  return 0;
}

async function collectValues(flags: Flags, io: CliIo): Promise<Record<string, Buffer>> {
  const values: Record<string, Buffer> = {};
  const add = (key: string, value: Buffer, flag: string) => {
    if (key in values) throw usage(flag, `key '${key}' is given twice`, 'pass each key once');
    values[key] = value;
  };
  if (flags['from-literal']?.length) {
    io.err('warning: --from-literal leaves the value in your shell history; prefer --from-stdin or --from-file\n');
  }
  for (const arg of flags['from-literal'] ?? []) {
    const [key, value] = splitKeyValue(arg, '--from-literal');
    add(key, Buffer.from(value, 'utf8'), '--from-literal');
  }
  for (const arg of flags['from-file'] ?? []) add(...readFromFile(arg, io.cwd), '--from-file');
  for (const file of flags['from-env-file'] ?? []) {
    for (const [key, value] of readEnvFile(file, io.cwd)) add(key, value, `--from-env-file ${file}`);
  }
  const stdinKey = flags['from-stdin'];
  if (stdinKey !== undefined) {
    splitKeyValue(`${stdinKey}=`, '--from-stdin');
    add(stdinKey, await readStdinValue(stdinKey, io), '--from-stdin');
  }
  if (Object.keys(values).length === 0) {
    throw usage('seal', 'no value to seal', 'pass --from-literal, --from-file, --from-env-file or --from-stdin');
  }
  return values;
}

/** On a terminal: a prompt without echo. From a pipe: every byte, a trailing newline included. */
async function readStdinValue(key: string, io: CliIo): Promise<Buffer> {
  const stdin = process.stdin as SecretInputStream;
  if (stdin.isTTY) return promptHidden(`Value for '${key}' (input hidden): `, stdin, process.stderr);
  const value = await readAll(stdin);
  if (value.length > 0 && value[value.length - 1] === 0x0a) {
    io.err(`warning: the value of '${key}' from stdin ends with a newline, which is sealed too; use printf '%s' instead of echo to leave it out\n`);
  }
  return value;
}

function reportCertificate(cert: SealingCertificate, io: CliIo): void {
  io.err(`${describeCertificate(cert)}\n`);
  for (const warning of cert.warnings) io.err(`warning: ${warning}\n`);
}

function parseScope(text: string | undefined): SealingScope | undefined {
  if (text === undefined) return undefined;
  const scope = Object.values(SealingScope).find((s) => s === text);
  if (!scope) throw usage('--scope', `unknown scope '${text}'`, 'use strict, namespace-wide or cluster-wide');
  return scope;
}

function parseType(text: string | undefined): SecretType | undefined {
  if (text === undefined) return undefined;
  const type = parseSecretType(text);
  if (!type) throw usage('--type', `unsupported type '${text}'`, `use one of ${Object.values(SecretType).join(', ')}`);
  return type;
}

/** `--label`/`--annotation` pairs; these are metadata, not secrets, so they may be echoed. */
function parsePairs(args: string[] | undefined, flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const arg of args ?? []) {
    const at = arg.indexOf('=');
    if (at <= 0) throw usage(flag, `expected key=value, got '${arg}'`, `pass ${flag} app.kubernetes.io/part-of=shop`);
    out[arg.slice(0, at)] = arg.slice(at + 1);
  }
  return out;
}

function usage(where: string, detail: string, fix: string): SealError {
  return new SealError('SealUsage', where, detail, fix);
}

/**
 * parseArgs' message without anything that could be a value: `Unknown option '--x'` is fine, a
 * stray secret pasted where a flag was expected is not.
 */
function usageProblem(e: Error): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return 'unexpected argument (every value needs a flag, e.g. --from-literal key=value)';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = /'([^']*)'/.exec(e.message)?.[1] ?? '';
    return /^--?[a-z][-a-z]*$/.test(option) ? `unknown option '${option}'` : 'unknown option';
  }
  return e.message.split('\n')[0];
}
