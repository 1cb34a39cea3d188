import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { loadClusters } from '../conventions/clusters';
import { ClusterInfo, STILLON_PROFILE, sealingCertificateFile } from '../conventions/conventions';
import { loadConventions } from '../conventions/load-config';
import { SealingScope } from '../conventions/sealed-secret-scope';
import { StillonError } from '../errors';
import { findRepositoryRoot } from '../private/repository-root';
import {
  argumentPosition, checkRawTarget, clustersByFingerprint, describeCertificate, describeClusterCertificate, loadCertificate, parseSecretType,
  promptHidden, readAll, readEnvFile,
  readFromFile, seal, SealError, sealRaw, SecretInputStream, SecretType, splitKeyValue, SealingCertificate,
} from '../seal';
import type { Command } from './command';
import { CliIo } from './io';
import { formatError, reportUsage, usageError } from './print';
import { repositoryRoot } from './repository';

const DEFAULT_CERTIFICATE = sealingCertificateFile(STILLON_PROFILE.paths);

export const SEAL_USAGE = `Usage: stillon seal [--cluster <cluster>] --namespace <ns> --name <name> [value options] [options]
       stillon seal --raw [--cluster <cluster>] [--namespace <ns>] [--name <name>] [--scope <scope>] [one value option]

Seals values into sealed-secrets/<namespace>/<name>.yaml with the controller's public
certificate, offline, as kubeseal would. Plaintext never touches the disk. When the file
exists the given keys are added or replaced and every other key is left byte-identical.
In a repository whose stillon.config.ts declares clusters, each cluster's controller has its
own key: --cluster <cluster> seals with that cluster's certificate into
sealed-secrets/<cluster>/<namespace>/<name>.yaml. The file records the certificate's SHA-256
fingerprint (annotation stillon.top/sealing-certificate), which synth checks.

Values (repeatable, combinable; each key at most once):
  --from-literal <key>=<value>   value on the command line (stays in your shell history!)
  --from-file [<key>=]<path>     value = the file's bytes; key defaults to the file name
  --from-env-file <path>         KEY=value lines (verbatim, quotes included; # comments)
  --from-stdin <key>             value read from stdin; prompted without echo on a terminal

Options:
      --cluster <cluster>        the cluster to seal for (required when stillon.config.ts
                                 declares clusters, unless --cert and --output/--merge-into
                                 are given); uses clusters.<cluster>.sealing, default
                                 sealed-secrets/<cluster>/cert.pem
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
      --output <file>            file to write instead of the default one (merged into
                                 when it exists); not with --cluster
      --label <key>=<value>      label of the created Secret (repeatable)
      --annotation <key>=<value> annotation of the created Secret (repeatable)
      --allow-empty              seal an empty value from stdin or --from-file (refused by
                                 default: an empty pipe or file is usually a command that failed)
      --raw                      print one sealed value on stdout instead of writing a file
  -h, --help                     show this help

Errors name the flag and its position (--from-literal #2) or the file and line, and a key only
once it is valid: never a value. Nothing is written when a command fails.

Exit codes: 0 sealed; 1 refused (an invalid key, name or value, an empty value, a conflict with
the existing file, an unusable certificate, --cluster in a repository without clusters); 2 usage
(an unknown cluster, a missing --cluster) or I/O error.
`;

const OPTIONS = {
  'namespace': { type: 'string', short: 'n' },
  'name': { type: 'string' },
  'scope': { type: 'string' },
  'type': { type: 'string' },
  'cert': { type: 'string' },
  'cluster': { type: 'string' },
  'output': { type: 'string' },
  'from-literal': { type: 'string', multiple: true },
  'from-file': { type: 'string', multiple: true },
  'from-env-file': { type: 'string', multiple: true },
  'from-stdin': { type: 'string' },
  'merge-into': { type: 'string' },
  'label': { type: 'string', multiple: true },
  'annotation': { type: 'string', multiple: true },
  'allow-empty': { type: 'boolean' },
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
    return reportUsage(io, 'seal', usageProblem(e as Error, args));
  }
  if (flags.help) {
    io.out(SEAL_USAGE);
    return 0;
  }
  // --raw writes no file and may run anywhere; everything else writes into the repository's
  // sealed-secrets/, found from any subfolder. Paths given on the command line stay the user's,
  // relative to where they are.
  const repoRoot = flags.raw ? findRepositoryRoot(io.cwd) ?? io.cwd : repositoryRoot(io, 'seal');
  if (repoRoot === undefined) return 2;
  for (const flag of ['cert', 'merge-into', 'output'] as const) {
    const given = flags[flag];
    if (given !== undefined && !path.isAbsolute(given)) flags = { ...flags, [flag]: path.relative(repoRoot, path.resolve(io.cwd, given)) };
  }
  try {
    return flags.raw ? await runRaw(flags, io, repoRoot) : await runSeal(flags, io, repoRoot);
  } catch (e) {
    if (e instanceof StillonError) { // a SealError, or a stillon.config.ts that does not load
      io.err(formatError('seal', e, { color: io.color?.err }));
      io.err('stillon seal: nothing was written.\n');
      return e instanceof SealError && !USAGE_OR_IO.has(e.code) ? 1 : 2;
    }
    throw e;
  }
};

/** Codes of a bad command line or a failing disk (exit 2); every other SealError refuses the input (exit 1). */
const USAGE_OR_IO = new Set([
  'SealUsage', 'SealUnknownCluster', 'SealClusterRequired', 'SealBadArgument', 'SealMissingName', 'SealFileUnreadable', 'SealFileUnwritable', 'SealCertificateUnreadable', 'SealCancelled',
]);

async function runSeal(flags: Flags, io: CliIo, repoRoot: string): Promise<number> {
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
  const sealedSecretsDir = loadConventions(repoRoot).paths.sealedSecrets;
  const target = sealingTarget(flags, repoRoot, sealedSecretsDir, false);
  const certificate = loadTargetCertificate(target, repoRoot, sealedSecretsDir);
  reportCertificate(certificate, io, target.cluster);
  const values = await collectValues(flags, io);
  const result = await seal({
    repoRoot,
    sealedSecretsDir,
    cluster: target.cluster?.name,
    output: flags.output,
    knownCertificates: target.knownCertificates,
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

async function runRaw(flags: Flags, io: CliIo, repoRoot: string): Promise<number> {
  for (const flag of ['merge-into', 'output', 'from-env-file', 'label', 'annotation', 'type'] as const) {
    if (flags[flag] !== undefined) throw usage(`--${flag}`, '--raw prints one value and writes no file', `drop --${flag}, or drop --raw`);
  }
  const sources = (flags['from-literal']?.length ?? 0) + (flags['from-file']?.length ?? 0) + (flags['from-stdin'] ? 1 : 0);
  if (sources > 1) throw usage('--raw', `--raw seals exactly one value, got ${sources}`, 'pass one --from-literal, --from-file or --from-stdin');
  const scope = parseScope(flags.scope);
  checkRawTarget(scope ?? SealingScope.STRICT, flags.namespace, flags.name);
  // Sealed files go where SealedSecretRef reads them: paths.sealedSecrets of stillon.config.ts.
  const sealedSecretsDir = loadConventions(repoRoot).paths.sealedSecrets;
  const target = sealingTarget(flags, repoRoot, sealedSecretsDir, true);
  const certificate = loadTargetCertificate(target, repoRoot, sealedSecretsDir);
  reportCertificate(certificate, io, target.cluster);
  // Like kubeseal --raw, no value flag means: read the value from stdin.
  const values = sources === 0 ? { value: await readStdinValue('value', '--from-stdin', flags, io) } : await collectValues(flags, io);
  const result = await sealRaw({
    repoRoot,
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
  // Keys reach `add` only once valid, so naming them here is safe.
  const add = (key: string, value: Buffer, where: string) => {
    if (key in values) throw usage(where, `key '${key}' is given twice`, 'pass each key once');
    values[key] = value;
  };
  if (flags['from-literal']?.length) {
    io.err('warning: --from-literal leaves the value in your shell history; prefer --from-stdin or --from-file\n');
  }
  (flags['from-literal'] ?? []).forEach((arg, i) => {
    const [key, value] = splitKeyValue(arg, '--from-literal', i + 1);
    add(key, Buffer.from(value, 'utf8'), argumentPosition('--from-literal', i + 1));
  });
  (flags['from-file'] ?? []).forEach((arg, i) => {
    const where = argumentPosition('--from-file', i + 1);
    const [key, value] = readFromFile(arg, io.cwd, i + 1);
    refuseEmpty(value, key, where, flags);
    add(key, value, where);
  });
  (flags['from-env-file'] ?? []).forEach((file, i) => {
    for (const [key, value] of readEnvFile(file, io.cwd, i + 1)) add(key, value, `--from-env-file ${file}`);
  });
  const stdinKey = flags['from-stdin'];
  if (stdinKey !== undefined) {
    splitKeyValue(`${stdinKey}=`, '--from-stdin');
    add(stdinKey, await readStdinValue(stdinKey, '--from-stdin', flags, io), '--from-stdin');
  }
  if (Object.keys(values).length === 0) {
    throw usage('seal', 'no value to seal', 'pass --from-literal, --from-file, --from-env-file or --from-stdin');
  }
  return values;
}

/** On a terminal: a prompt without echo. From a pipe: every byte, a trailing newline included. */
async function readStdinValue(key: string, where: string, flags: Flags, io: CliIo): Promise<Buffer> {
  const stdin = process.stdin as SecretInputStream;
  const value = stdin.isTTY ? await promptHidden(`Value for '${key}' (input hidden): `, stdin, process.stderr) : await readAll(stdin);
  refuseEmpty(value, key, where, flags);
  if (!stdin.isTTY && value.length > 0 && value[value.length - 1] === 0x0a) {
    io.err(`warning: the value of '${key}' from stdin ends with a newline, which is sealed too; use printf '%s' instead of echo to leave it out\n`);
  }
  return value;
}

/**
 * An empty pipe or file is most often a command that failed (`vault read ... | stillon seal`);
 * sealing it would replace a working secret with nothing, so it takes --allow-empty.
 */
function refuseEmpty(value: Buffer, key: string, where: string, flags: Flags): void {
  if (value.length === 0 && !flags['allow-empty']) {
    throw new SealError('SealEmptyValue', where, `the value of '${key}' is empty (an empty stdin or file)`,
      'check the command that produces the value, or pass --allow-empty to seal an empty value on purpose');
  }
}

/** Which certificate seals and for which cluster, from --cluster, --cert and the configured clusters. */
interface SealingTarget {
  /** The certificate file, relative to the repository root. @default - the one-cluster `<sealedSecrets>/cert.pem` */
  readonly certificate?: string;
  readonly cluster?: ClusterInfo;
  /** Fingerprints of the clusters' certificates, each named by its cluster. */
  readonly knownCertificates: ReadonlyMap<string, string>;
}

/**
 * With clusters, a secret sealed with the wrong certificate opens nowhere it is used, so the
 * cluster is never guessed: --cluster names it, or --cert and an explicit file take the
 * responsibility. Checked before any value is read.
 */
function sealingTarget(flags: Flags, repoRoot: string, sealedSecretsDir: string, raw: boolean): SealingTarget {
  const clusters = loadClusters(repoRoot);
  const knownCertificates = new Map([...clustersByFingerprint(repoRoot, clusters)].map(([fp, c]) => [fp, describeClusterCertificate(c)]));
  const names = clusters.map((c) => c.name);
  if (flags.cluster === undefined) {
    if (clusters.length > 0 && !(flags.cert && (raw || flags.output || flags['merge-into']))) {
      throw new SealError('SealClusterRequired', '--cluster',
        `stillon.config.ts declares clusters (${names.join(', ')}), each with its own sealing key: which cluster is the secret for?`,
        `pass --cluster ${names.join('|')}${raw ? ', or --cert <pem>' : ', or --cert <pem> with --output <file> to seal outside the per-cluster layout'}`);
    }
    return { certificate: flags.cert, knownCertificates };
  }
  if (clusters.length === 0) {
    throw new SealError('SealNoClusters', '--cluster',
      `stillon.config.ts declares no clusters: this repository feeds one cluster, whose sealed files are ${sealedSecretsDir}/<namespace>/<name>.yaml`,
      'drop --cluster, or declare the clusters in stillon.config.ts (clusters: { <name>: {} })');
  }
  const cluster = clusters.find((c) => c.name === flags.cluster);
  if (!cluster) {
    throw new SealError('SealUnknownCluster', '--cluster', `unknown cluster${nearMiss(flags.cluster, names)}; the clusters are: ${names.join(', ')}`,
      `pass one of ${names.join(', ')}, or add the cluster to clusters in stillon.config.ts`);
  }
  if (flags.cert !== undefined) {
    throw usage('--cert', `--cluster ${cluster.name} seals with the cluster's certificate, ${cluster.sealingCertificate}`,
      `drop --cert (or --cluster); a cluster's certificate is set by clusters.${cluster.name}.sealing in stillon.config.ts`);
  }
  if (flags.output !== undefined) {
    throw usage('--output', `--cluster ${cluster.name} writes the cluster's file, ${sealedSecretsDir}/${cluster.name}/<namespace>/<name>.yaml`,
      'drop --output, or drop --cluster and pass --cert');
  }
  const clusterDir = `${sealedSecretsDir}/${cluster.name}/`;
  const mergeInto = flags['merge-into'];
  if (mergeInto !== undefined && !path.resolve(repoRoot, mergeInto).startsWith(path.resolve(repoRoot, clusterDir) + path.sep)) {
    throw new SealError('SealClusterPathConflict', '--merge-into', `the file is not under ${clusterDir}, where cluster ${cluster.name}'s sealed files are`,
      `merge into a file under ${clusterDir}, or pass --cluster of the cluster the file is for`);
  }
  return { certificate: cluster.sealingCertificate, cluster, knownCertificates };
}

/** The target's certificate; a cluster's missing one is fetched from that cluster's controller. */
function loadTargetCertificate(target: SealingTarget, repoRoot: string, sealedSecretsDir: string): SealingCertificate {
  try {
    return loadCertificate({ repoRoot, certificate: target.certificate, sealedSecretsDir });
  } catch (e) {
    if (!(e instanceof SealError) || e.code !== 'SealCertificateUnreadable' || !target.cluster) throw e;
    const { name, sealingCertificate } = target.cluster;
    throw new SealError(e.code, e.where, `${e.detail}: cluster ${name}'s certificate is missing`,
      `save it from that cluster's controller: \`kubeseal --context <${name}'s context> --fetch-cert > ${sealingCertificate}\`, or set clusters.${name}.sealing in stillon.config.ts`);
  }
}

function reportCertificate(cert: SealingCertificate, io: CliIo, cluster?: ClusterInfo): void {
  io.err(`${cluster ? `cluster ${cluster.name}: ` : ''}${describeCertificate(cert)}\n`);
  for (const warning of cert.warnings) io.err(`warning: ${warning}\n`);
}

function parseScope(text: string | undefined): SealingScope | undefined {
  if (text === undefined) return undefined;
  const scope = Object.values(SealingScope).find((s) => s === text);
  if (!scope) throw usage('--scope', `unknown scope${nearMiss(text, Object.values(SealingScope))}`, 'use strict, namespace-wide or cluster-wide');
  return scope;
}

function parseType(text: string | undefined): SecretType | undefined {
  if (text === undefined) return undefined;
  const type = parseSecretType(text);
  if (!type) throw usage('--type', `unsupported type${nearMiss(text, Object.values(SecretType))}`, `use one of ${Object.values(SecretType).join(', ')}`);
  return type;
}

/**
 * `--label`/`--annotation` pairs. These are metadata, not secrets, but a malformed one is named
 * by its position: it may be a value given to the wrong flag.
 */
function parsePairs(args: string[] | undefined, flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  (args ?? []).forEach((arg, i) => {
    const at = arg.indexOf('=');
    if (at <= 0) throw usage(argumentPosition(flag, i + 1), 'expected key=value', `pass ${flag} app.kubernetes.io/part-of=shop`);
    out[arg.slice(0, at)] = arg.slice(at + 1);
  });
  return out;
}

function usage(where: string, detail: string, fix: string): SealError {
  return new SealError('SealUsage', where, detail, fix);
}

/**
 * parseArgs' message without anything that could be a value: `--form-literal` is named (it is
 * one letter pair away from a real flag), a stray secret pasted where a flag was expected is not.
 */
function usageProblem(e: Error, args: readonly string[]): StillonError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const position = args.findIndex((a, i) => !a.startsWith('-') && (i === 0 || !takesValue(args[i - 1])));
    return usageError('seal', position >= 0 ? `argument ${position + 1}` : 'arguments',
      'unexpected argument (not repeated here: it may be a value)', 'every value needs a flag, e.g. --from-stdin <key>; see `stillon seal --help`');
  }
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = /'([^']*)'/.exec(e.message)?.[1] ?? '';
    const position = args.findIndex((a) => a === option || a.startsWith(`${option}=`) || (!a.startsWith('--') && a.startsWith(option)));
    const where = position >= 0 ? `argument ${position + 1}` : 'arguments';
    const near = nearestOption(option);
    return near ? usageError('seal', where, `unknown option '${option}'`, `did you mean '--${near}'? see \`stillon seal --help\``)
      : usageError('seal', where, 'unknown option (not repeated here: it may be a value)');
  }
  // Node's other parseArgs messages name the option only (`Option '--name <value>' argument missing`).
  const message = e.message.split('\n')[0];
  return usageError('seal', /'(-[^'=\s]*)/.exec(message)?.[1] ?? 'arguments', message);
}

/** Whether `arg` is a flag that takes the next argument as its value. */
function takesValue(arg: string): boolean {
  const name = arg.replace(/^--?/, '');
  const option = Object.entries(OPTIONS).find(([long, o]) => long === name || ('short' in o && o.short === name));
  return option?.[1].type === 'string' && !arg.includes('=');
}

/**
 * ` 'globl' (did you mean 'global'?)` when `text` is a typo of a known word, else nothing: an
 * argument far from every known word may be a value typed after the wrong flag.
 */
function nearMiss(text: string, known: readonly string[]): string {
  const near = known.find((k) => editDistance(text, k) <= 2);
  return near ? ` '${text}' (did you mean '${near}'?)` : ' (the argument is not repeated here: it may be a value)';
}

/** The known option within two edits of `option`, which then is a typo and safe to repeat. */
function nearestOption(option: string): string | undefined {
  if (!/^--[a-z][-a-z]*$/.test(option)) return undefined;
  const name = option.slice(2);
  return Object.keys(OPTIONS).find((known) => editDistance(name, known) <= 2);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
