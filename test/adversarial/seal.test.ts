/**
 * The promises of `stillon seal` under attack: a secret value never reaches stdout, stderr or any
 * file other than as ciphertext, whatever is wrong with the input; nothing changes on disk when
 * the command fails; keys that YAML 1.1 reads as booleans or numbers survive seal, synth and every
 * reader; the controller's default (empty-subject) certificate works. Each refused case asserts
 * the exit code, a message naming the problem, the absence of its distinctive values (canaries)
 * from the output and from every file of the tree, and a tree byte-identical afterwards.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes, X509Certificate } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { read, removeScratchRepo, scratchRepo, tree } from './support/scratch-repo';
import { SealedSecretRef, StandardApp, clusterConventions, defineApp, loadConventions } from '../../src';
import { seal as sealLibrary } from '../../src/seal';
import { declareClusters, generateCluster, TestCluster } from '../seal/cluster-keys';
import { filesContaining, listFiles, makeTempRepo, removeTempRepo } from '../seal/temp-repo';
import { EMPTY_SUBJECT_CERT, FIXTURES, TEST_CERT, emptySubjectPrivateKey, unsealDocument } from '../seal/unseal';
import { manifestOf, renderDefinition } from '../support/app-fixture';
import { CliResult, REPO_ROOT, readTree } from '../support/temp-repo';

// js-yaml 3: a YAML 1.1 reader independent of the yaml package.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const jsYaml: { safeLoad(text: string): any } = require('js-yaml');

const BIN = join(REPO_ROOT, 'bin', 'stillon.js');
/** The transpile cache of the CLI processes, outside every repository under test. */
const CACHE = mkdtempSync(join(tmpdir(), 'stillon-seal-adversarial-cache-'));
/** Input files (env files, value files) live outside the repository, as a user's would. */
let inputs: string;
let repo: string;
beforeEach(() => {
  repo = makeTempRepo();
  inputs = mkdtempSync(join(tmpdir(), 'stillon-seal-adversarial-in-'));
});
afterEach(() => {
  removeTempRepo(repo);
  removeTempRepo(inputs);
});
afterAll(() => rmSync(CACHE, { recursive: true, force: true }));

/** `stillon <args>` in `cwd` as a real process, `input` on its stdin (a pipe, never a terminal). */
function stillon(cwd: string, args: readonly string[], input = ''): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd, input, encoding: 'utf8', timeout: 120_000, env: { ...process.env, STILLON_CACHE_DIR: CACHE },
  });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A distinctive value: found anywhere it must not be, it can only have come from this case. */
function canary(label: string): string {
  return `cnry${label}${randomBytes(5).toString('hex')}`;
}

/** Where a canary shows up: in the output, or in a file (as itself or base64, as a plain Secret's `data` would hold it). */
function leaks(root: string, result: CliResult, secrets: readonly string[]): string[] {
  const found: string[] = [];
  for (const secret of secrets) {
    if ((result.stdout + result.stderr).includes(secret)) found.push(`output holds ${secret}`);
    for (const needle of [secret, Buffer.from(secret).toString('base64')]) {
      for (const file of filesContaining(root, needle)) found.push(`${file} holds ${secret}`);
    }
  }
  return found;
}

/** Seals with the library (real crypto) as a setup step: a file a later command merges into. */
async function existingFile(values: Record<string, string>): Promise<string> {
  const result = await sealLibrary({ repoRoot: repo, namespace: 'ns', name: 'app', values });
  return result.relativeFile;
}

const STACK = /\n\s+at .*:\d+:\d+\)?\n/;

interface RefusedCase {
  /** Exit code: 1 refused input, 2 usage or I/O. */
  readonly exit: 1 | 2;
  /** What stderr must say (the code and where, the problem). */
  readonly says: readonly string[];
  readonly args: readonly string[];
  readonly input?: string;
  /** Values that must appear nowhere: not in the output, not in any file of the repository. */
  readonly secrets: readonly string[];
  /** Names that must not be echoed (an invalid key or name may hold a value). */
  readonly unnamed?: readonly string[];
  /** Files to create under `inputs` (paths relative to it) before the run. */
  readonly inputFiles?: Readonly<Record<string, string>>;
  /** Setup in the repository before the run. */
  readonly setup?: () => Promise<void> | void;
  /** Values the setup put in the repository itself: checked in the output only. */
  readonly inTree?: readonly string[];
}

/** Runs a refused case: exit code, message, no canary anywhere, no stack trace, and no byte of the tree changed. */
async function refused(c: RefusedCase): Promise<CliResult> {
  for (const [rel, content] of Object.entries(c.inputFiles ?? {})) {
    mkdirSync(dirname(join(inputs, rel)), { recursive: true });
    writeFileSync(join(inputs, rel), content);
  }
  await c.setup?.();
  const before = readTree(repo);
  const args = c.args.map((a) => a.replace('$IN', inputs));
  const result = stillon(repo, ['seal', ...args], c.input ?? '');
  expect({ code: result.code, stdout: result.stdout }).toEqual({ code: c.exit, stdout: '' });
  for (const text of c.says) expect(result.stderr).toContain(text.replace('$IN', inputs));
  expect(result.stderr).not.toMatch(STACK);
  expect(result.stderr).not.toContain('internal error');
  expect(leaks(repo, result, c.secrets)).toEqual([]);
  for (const secret of [...c.unnamed ?? [], ...c.inTree ?? []]) expect(result.stdout + result.stderr).not.toContain(secret);
  expect(readTree(repo)).toEqual(before);
  return result;
}

/** The shared error format of print.ts, then the promise that nothing was written. */
const failed = (code: string, where: string) => [`stillon seal:\n  error ${code} at ${where}\n`, '1 error(s), 0 warning(s)\nstillon seal: nothing was written.\n'];
/** A command line parseArgs refuses: the same format, before anything is read. */
const badUsage = (where: string, detail: string) => [`stillon seal:\n  error SealUsage at ${where}\n    ${detail}`, '1 error(s), 0 warning(s)\n'];
const TARGET = ['-n', 'ns', '--name', 'app'];

// One canary per case, chosen when the table is built.
const C = Object.fromEntries(Array.from({ length: 44 }, (_, i) => [i, canary(`V${i}x`)])) as Record<number, string>;
const LOWER = canary('lower').toLowerCase();
const ENV_TOKEN = Buffer.from(`token-${C[1]}`).toString('base64');

describe('stillon seal never prints or writes a value, and writes nothing, when it refuses', () => {
  // eslint-disable-next-line jest/expect-expect -- refused() holds the assertions, the same for every case
  test.each<[string, RefusedCase]>([
    ['an env-file line written `KEY: value` (YAML style, base64 padding makes a `=`)', {
      exit: 1,
      inputFiles: { 'app.env': `A=1\n# comment\nAPI_TOKEN: ${ENV_TOKEN}==\n` },
      args: [...TARGET, '--from-env-file', '$IN/app.env'],
      says: [...failed('SealInvalidKey', '$IN/app.env:3'), "has ':' at character 10", 'the form is KEY=value'],
      secrets: [ENV_TOKEN, C[1]],
      unnamed: ['API_TOKEN'],
    }],
    ['an env-file line whose key holds a space and a value', {
      exit: 1,
      inputFiles: { 'app.env': `DB_PASSWORD ${C[2]}=x\n` },
      args: [...TARGET, '--from-env-file', '$IN/app.env'],
      says: [...failed('SealInvalidKey', '$IN/app.env:1'), 'has a space at character 12'],
      secrets: [C[2]],
      unnamed: ['DB_PASSWORD'],
    }],
    ['an env-file line without `=`', {
      exit: 1,
      inputFiles: { 'app.env': `OK=${C[3]}\n${C[4]}\n` },
      args: [...TARGET, '--from-env-file', '$IN/app.env'],
      says: [...failed('SealBadEnvFile', '$IN/app.env:2'), 'expected KEY=value'],
      secrets: [C[3], C[4]],
    }],
    ['an env-file line `export KEY=value`', {
      exit: 1,
      inputFiles: { 'app.env': `export TOKEN=${C[5]}\n` },
      args: [...TARGET, '--from-env-file', '$IN/app.env'],
      says: failed('SealInvalidKey', '$IN/app.env:1'),
      secrets: [C[5]],
      unnamed: ['export TOKEN'],
    }],
    ['a literal whose key holds a space and a value', {
      exit: 1,
      args: [...TARGET, '--from-literal', `DB_PASSWORD ${C[6]}=x`],
      says: [...failed('SealInvalidKey', '--from-literal #1'), 'has a space at character 12'],
      secrets: [C[6]],
      unnamed: ['DB_PASSWORD'],
    }],
    ['a literal without `=` (the value alone)', {
      exit: 2, args: [...TARGET, '--from-literal', C[7]], says: [...failed('SealBadArgument', '--from-literal #1'), 'expected key=value'], secrets: [C[7]],
    }],
    ['a bad literal after a good one', {
      exit: 1,
      args: [...TARGET, '--from-literal', `good=${C[8]}`, '--from-literal', `bad/${C[9]}=x`],
      says: [...failed('SealInvalidKey', '--from-literal #2'), "has '/' at character 4"],
      secrets: [C[8], C[9]],
    }],
    ['a value given to --from-file instead of a path', {
      exit: 2, args: [...TARGET, '--from-file', `token=${C[10]}`], says: [...failed('SealFileUnreadable', '--from-file #1'), 'no such file (ENOENT'], secrets: [C[10]],
    }],
    ['a value given to --from-env-file instead of a path', {
      exit: 2, args: [...TARGET, '--from-env-file', `TOKEN=${C[11]}`], says: failed('SealFileUnreadable', '--from-env-file #1'), secrets: [C[11]],
    }],
    ['a value given as a positional argument', {
      exit: 2, args: [...TARGET, C[12]], says: badUsage('argument 5', 'unexpected argument (not repeated here: it may be a value)'), secrets: [C[12]],
    }],
    ['a value given as an unknown long option', {
      exit: 2, args: [...TARGET, `--${LOWER}`, '--from-literal', 'a=1'], says: badUsage('argument 5', 'unknown option (not repeated here'), secrets: [LOWER],
    }],
    ['a value given as an unknown short option', {
      exit: 2, args: [...TARGET, `-${C[13]}`], says: badUsage('argument 5', 'unknown option (not repeated here'), secrets: [C[13]],
    }],
    ['a namespace that is not a DNS-1123 label (holding a value)', {
      exit: 1,
      args: ['-n', `Team_${C[14]}`, '--name', 'app', '--from-stdin', 'k'],
      input: C[15],
      says: [...failed('SealInvalidName', '--namespace'), 'has an upper-case letter at character 1'],
      secrets: [C[14], C[15]],
    }],
    ['a name that climbs out of sealed-secrets/', {
      exit: 1,
      args: ['-n', 'ns', '--name', `../../${C[16].toLowerCase()}`, '--from-stdin', 'k'],
      input: C[17],
      says: [...failed('SealInvalidName', '--name'), "has '/' at character 3"],
      secrets: [C[16].toLowerCase(), C[17]],
    }],
    ['a --from-stdin key that is not valid (stdin never read)', {
      exit: 1, args: [...TARGET, '--from-stdin', `bad ${C[18]}`], input: C[19], says: failed('SealInvalidKey', '--from-stdin #1'), secrets: [C[18], C[19]],
    }],
    ['a certificate file that does not exist', {
      exit: 2,
      args: [...TARGET, '--cert', 'missing.pem', '--from-stdin', 'k'],
      input: C[20],
      says: [...failed('SealCertificateUnreadable', 'missing.pem'), 'ENOENT', 'kubeseal --fetch-cert'],
      secrets: [C[20]],
    }],
    ['a secret file passed as the certificate', {
      exit: 1,
      inputFiles: { 'token.txt': C[21] },
      args: [...TARGET, '--cert', '$IN/token.txt', '--from-stdin', 'k'],
      input: C[22],
      says: failed('SealCertificateInvalid', '$IN/token.txt'),
      secrets: [C[21], C[22]],
    }],
    ['an expired certificate', {
      exit: 1,
      args: [...TARGET, '--cert', join(FIXTURES, 'expired-cert.pem'), '--from-stdin', 'k'],
      input: C[23],
      says: [...failed('SealCertificateExpired', join(FIXTURES, 'expired-cert.pem')), 'expired on 2021-01-01'],
      secrets: [C[23]],
    }],
    ['an empty stdin', {
      exit: 1,
      args: [...TARGET, '--from-literal', `other=${C[24]}`, '--from-stdin', 'password'],
      input: '',
      says: [...failed('SealEmptyValue', '--from-stdin'), "the value of 'password' is empty", '--allow-empty'],
      secrets: [C[24]],
    }],
    ['an empty --from-file (a command that failed)', {
      exit: 1,
      inputFiles: { 'empty.txt': '' },
      args: [...TARGET, '--from-file', 'token=$IN/empty.txt'],
      says: [...failed('SealEmptyValue', '--from-file #1'), "the value of 'token' is empty"],
      secrets: [],
    }],
    ['an empty stdin with --raw', {
      exit: 1, args: ['--raw', ...TARGET], input: '', says: failed('SealEmptyValue', '--from-stdin'), secrets: [],
    }],
    ['a key given twice', {
      exit: 2,
      args: [...TARGET, '--from-literal', `k=${C[25]}`, '--from-stdin', 'k'],
      input: C[26],
      says: [...failed('SealUsage', '--from-stdin'), "key 'k' is given twice"],
      secrets: [C[25], C[26]],
    }],
    ['merging with a scope that conflicts with the file', {
      exit: 1,
      setup: async () => { await existingFile({ a: C[27] }); },
      args: [...TARGET, '--scope', 'cluster-wide', '--from-stdin', 'b'],
      input: C[28],
      says: [...failed('SealScopeConflict', 'sealed-secrets/ns/app.yaml'), 'sealed strict, --scope asks for cluster-wide'],
      secrets: [C[27], C[28]],
    }],
    ['merging into a file of another namespace', {
      exit: 1,
      setup: async () => { await existingFile({ a: C[29] }); },
      args: ['-n', 'other', '--merge-into', 'sealed-secrets/ns/app.yaml', '--from-stdin', 'b'],
      input: C[30],
      says: [...failed('SealNameConflict', 'sealed-secrets/ns/app.yaml'), "the file's metadata.namespace is ns, --namespace says other"],
      secrets: [C[29], C[30]],
    }],
    ['merging with a type that conflicts with the file', {
      exit: 1,
      setup: async () => { await existingFile({ a: C[31] }); },
      args: [...TARGET, '--type', 'kubernetes.io/basic-auth', '--from-literal', `password=${C[32]}`],
      says: [...failed('SealTypeConflict', 'sealed-secrets/ns/app.yaml'), "the file's Secret type is Opaque"],
      secrets: [C[31], C[32]],
    }],
    ['merging into a hand-edited file with a plain `Y:` key', {
      exit: 1,
      setup: async () => {
        const file = join(repo, await existingFile({ a: 'x' }));
        const text = readFileSync(file, 'utf8');
        writeFileSync(file, text.replace(/^( {4}a: )(.*)$/m, '$1$2\n    Y: $2'));
      },
      args: [...TARGET, '--from-stdin', 'b'],
      input: C[33],
      says: [...failed('SealInvalidExistingFile', 'sealed-secrets/ns/app.yaml'), "key `Y` (line 11): YAML 1.1 (Kubernetes) reads it as the boolean true, not the string 'Y'"],
      secrets: [C[33]],
    }],
    ['merging into a plain Secret left where the sealed file goes', {
      exit: 1,
      setup: () => {
        mkdirSync(join(repo, 'sealed-secrets/ns'));
        writeFileSync(join(repo, 'sealed-secrets/ns/app.yaml'), `apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\n  namespace: ns\nstringData:\n  password: ${C[34]}\n`);
      },
      args: [...TARGET, '--from-stdin', 'b'],
      input: C[35],
      says: [...failed('SealInvalidExistingFile', 'sealed-secrets/ns/app.yaml'), 'got v1, Secret'],
      secrets: [C[35]],
      inTree: [C[34]],
    }],
    ['merging into a broken YAML file that holds a value', {
      exit: 1,
      setup: () => {
        mkdirSync(join(repo, 'sealed-secrets/ns'));
        writeFileSync(join(repo, 'sealed-secrets/ns/app.yaml'), `apiVersion: v1\nkind: Secret\nstringData: { password: ${C[36]}\n  other: [\n`);
      },
      args: [...TARGET, '--from-stdin', 'b'],
      input: C[37],
      says: [...failed('SealInvalidExistingFile', 'sealed-secrets/ns/app.yaml'), 'not valid YAML at line'],
      secrets: [C[37]],
      inTree: [C[36]],
    }],
    ['a folder that is a file where the sealed file goes', {
      exit: 2,
      setup: () => writeFileSync(join(repo, 'sealed-secrets/ns'), 'not a folder\n'),
      args: [...TARGET, '--from-stdin', 'k'],
      input: C[38],
      says: failed('SealFileUnwritable', 'sealed-secrets/ns/app.yaml'),
      secrets: [C[38]],
    }],
    ['a TLS Secret without tls.key', {
      exit: 1,
      args: [...TARGET, '--type', 'kubernetes.io/tls', '--from-literal', `tls.crt=${C[39]}`],
      says: [...failed('SealMissingTypeKey', 'sealed-secrets/ns/app.yaml'), 'needs the key tls.key'],
      secrets: [C[39]],
    }],
    ['a docker config that is not JSON', {
      exit: 1,
      args: [...TARGET, '--type', 'kubernetes.io/dockerconfigjson', '--from-stdin', '.dockerconfigjson'],
      input: `{"auths": ${C[0]}`,
      says: failed('SealInvalidDockerConfig', 'sealed-secrets/ns/app.yaml'),
      secrets: [C[0]],
    }],
    ['a value given to --scope', {
      exit: 2, args: [...TARGET, '--scope', LOWER, '--from-literal', 'a=1'], says: [...failed('SealUsage', '--scope'), 'unknown scope (the argument is not repeated'], secrets: [LOWER],
    }],
    ['a value given to --type', {
      exit: 2, args: [...TARGET, '--type', C[1], '--from-literal', 'a=1'], says: [...failed('SealUsage', '--type'), 'unsupported type (the argument is not repeated'], secrets: [C[1]],
    }],
    ['a --label without `=`', {
      exit: 2, args: [...TARGET, '--label', LOWER, '--from-literal', 'a=1'], says: [...failed('SealUsage', '--label #1'), 'expected key=value'], secrets: [LOWER],
    }],
  ])('fails on %s', async (_what, c) => {
    await refused(c);
  });

  test('fails on a misspelled option, naming it and the flag meant, and on nothing else', () => {
    const result = stillon(repo, ['seal', ...TARGET, '--form-stdin', 'k'], 'v');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("error SealUsage at argument 5\n    unknown option '--form-stdin'\n    fix: did you mean '--from-stdin'?");
    expect(listFiles(repo)).toEqual(['package.json', 'sealed-secrets/cert.pem']);
  });
});

/** The ten keys of the report: YAML 1.1 reads each, written plain, as a boolean, null or number. */
const YAML_11_KEYS = ['Y', 'y', 'yes', 'on', 'NO', 'Off', 'true', 'null', '0777', '1e3'];

/** Every reader a sealed file or synth's output meets: the controller's YAML 1.1, kustomize's 1.2, js-yaml 3. */
const READERS: Record<string, (text: string) => any> = {
  'yaml 1.1': (text) => parse(text, { version: '1.1' }),
  'yaml 1.2': (text) => parse(text, { version: '1.2' }),
  'js-yaml 3': (text) => jsYaml.safeLoad(text),
};

/** The keys of `spec.encryptedData` as each reader reads them. */
function keysByReader(text: string): Record<string, string[]> {
  return Object.fromEntries(Object.entries(READERS).map(([reader, readYaml]) => [reader, Object.keys(readYaml(text).spec.encryptedData).sort()]));
}
const everyReader = (keys: string[]) => Object.fromEntries(Object.keys(READERS).map((reader) => [reader, [...keys].sort()]));

describe('keys that YAML 1.1 reads as booleans, null or numbers', () => {
  test('seal one by one from stdin (new file, then merges) and read back as themselves, quoted, opening to their values', () => {
    const values = Object.fromEntries(YAML_11_KEYS.map((k) => [k, canary(`k${k.replace(/[^a-zA-Z0-9]/g, '')}`)]));
    for (const key of YAML_11_KEYS) {
      const result = stillon(repo, ['seal', '-n', 'whoami', '--name', 'flags', '--from-stdin', key], values[key]);
      expect({ code: result.code, stdout: result.stdout }).toEqual({ code: 0, stdout: expect.stringContaining(`: sealed ${key}`) });
      expect(leaks(repo, result, Object.values(values))).toEqual([]);
    }
    const text = read(repo, 'sealed-secrets/whoami/flags.yaml');
    for (const key of YAML_11_KEYS) expect(text).toMatch(new RegExp(`^ {4}"${key}": `, 'm'));
    expect(keysByReader(text)).toEqual(everyReader(YAML_11_KEYS));
    const opened = unsealDocument(text);
    expect(Object.fromEntries(Object.entries(opened).map(([k, v]) => [k, v.toString()]))).toEqual(values);
  });

  test('seal from one env file into a new file, just as well', () => {
    const values = Object.fromEntries(YAML_11_KEYS.map((k) => [k, canary('env')]));
    writeFileSync(join(inputs, 'flags.env'), YAML_11_KEYS.map((k) => `${k}=${values[k]}\n`).join(''));
    const result = stillon(repo, ['seal', '-n', 'whoami', '--name', 'flags', '--from-env-file', join(inputs, 'flags.env')]);
    expect(result.code).toBe(0);
    expect(leaks(repo, result, Object.values(values))).toEqual([]);
    const text = read(repo, 'sealed-secrets/whoami/flags.yaml');
    expect(keysByReader(text)).toEqual(everyReader(YAML_11_KEYS));
    expect(Object.keys(unsealDocument(text)).sort()).toEqual([...YAML_11_KEYS].sort());
  });
});

describe('the empty stdin, allowed', () => {
  test('--allow-empty seals an empty value on purpose, which opens to nothing', () => {
    const result = stillon(repo, ['seal', ...TARGET, '--allow-empty', '--from-stdin', 'optional'], '');
    expect(result.code).toBe(0);
    expect(unsealDocument(read(repo, 'sealed-secrets/ns/app.yaml')).optional).toEqual(Buffer.alloc(0));
  });
});

describe('the controller\'s default certificate (empty subject, no --my-cn)', () => {
  test('seals with it, says which key by its fingerprint, and only its own private key opens the value', () => {
    copyFileSync(EMPTY_SUBJECT_CERT, join(repo, 'sealed-secrets/cert.pem'));
    const value = canary('es');
    const result = stillon(repo, ['seal', ...TARGET, '--from-stdin', 'password'], value);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`sealing with sealed-secrets/cert.pem: SHA-256 ${new X509Certificate(readFileSync(EMPTY_SUBJECT_CERT)).fingerprint256}, no subject, RSA 4096, valid until 2036-`);
    expect(leaks(repo, result, [value])).toEqual([]);
    const text = read(repo, 'sealed-secrets/ns/app.yaml');
    expect(unsealDocument(text, { key: emptySubjectPrivateKey() }).password.toString()).toBe(value);
    expect(() => unsealDocument(text)).toThrow(); // the other test key does not open it: the right certificate was used
  });

  test('--raw seals with it too', () => {
    const result = stillon(repo, ['seal', '--raw', ...TARGET, '--cert', EMPTY_SUBJECT_CERT], 'raw-value');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^[A-Za-z0-9+/]+=*\n$/);
  });
});

describe('sealed keys through synth, end to end', () => {
  let scratch: string;
  afterEach(() => removeScratchRepo(scratch));

  /** A repository with app `flags` reading `keys` of its SealedSecretRef `flags` as environment variables. */
  function flagsRepo(keys: readonly string[]): string {
    const env = keys.map((k, i) => `web.env('FLAG_${i}', secrets.key(${JSON.stringify(k)}));`).join('\n  ');
    scratch = scratchRepo({
      'apps/flags.ts': `import { SealedSecretRef, StandardApp, defineApp } from '../src';
export default defineApp('flags', (app) => {
  const secrets = new SealedSecretRef(app, 'flags');
  const web = new StandardApp(app, 'web', { image: 'ghcr.io/example/web:1.0.0', port: 8080 });
  ${env}
});
`,
    });
    mkdirSync(join(scratch, 'sealed-secrets'));
    copyFileSync(TEST_CERT, join(scratch, 'sealed-secrets/cert.pem'));
    return scratch;
  }

  test('every one of the ten keys seals, synthesizes and reads back as itself in the output, by every reader and kubectl kustomize', () => {
    const root = flagsRepo(YAML_11_KEYS);
    const values = Object.fromEntries(YAML_11_KEYS.map((k) => [k, canary('synth')]));
    writeFileSync(join(inputs, 'flags.env'), YAML_11_KEYS.map((k) => `${k}=${values[k]}\n`).join(''));
    const sealed = stillon(root, ['seal', '-n', 'flags', '--name', 'flags', '--from-env-file', join(inputs, 'flags.env')]);
    expect(sealed.code).toBe(0);

    const synth = stillon(root, ['synth']);
    expect({ code: synth.code, stderr: synth.stderr }).toEqual({ code: 0, stderr: '' });
    const output = read(root, 'kustomize/flags/sealedsecret-flags.yaml');
    expect(keysByReader(output)).toEqual(everyReader(YAML_11_KEYS));
    const deployment = readFileSync(join(root, 'kustomize/flags/deployment-web.yaml'), 'utf8');
    for (const [reader, readYaml] of Object.entries(READERS)) {
      const env = readYaml(deployment).spec.template.spec.containers[0].env;
      expect({ reader, keys: env.map((e: any) => e.valueFrom.secretKeyRef.key) }).toEqual({ reader, keys: YAML_11_KEYS });
    }
    // What Flux applies: kustomize's own rendering, read back as the API server reads it (YAML 1.1).
    const built = parseAllDocuments(execFileSync('kubectl', ['kustomize', join(root, 'kustomize/flags')], { encoding: 'utf8' }), { version: '1.1' })
      .map((d) => d.toJS()).find((o) => o.kind === 'SealedSecret');
    expect(Object.keys(built.spec.encryptedData).sort()).toEqual([...YAML_11_KEYS].sort());
    const opened = unsealDocument(output);
    expect(Object.fromEntries(Object.entries(opened).map(([k, v]) => [k, v.toString()]))).toEqual(values);
    for (const file of Object.keys(tree(root))) {
      const bytes = readFileSync(join(root, file));
      for (const value of Object.values(values)) expect({ file, leaks: bytes.includes(value) }).toEqual({ file, leaks: false });
    }
  });

  test('fails with SealedSecretKeyNotString on a hand-written file with a plain `Y:` key, and passes once it is quoted', () => {
    const root = flagsRepo(['Y']);
    const sealed = stillon(root, ['seal', '-n', 'flags', '--name', 'flags', '--from-stdin', 'Y'], 'v');
    expect(sealed.code).toBe(0);
    const file = join(root, 'sealed-secrets/flags/flags.yaml');
    const quoted = readFileSync(file, 'utf8');
    writeFileSync(file, quoted.replace('"Y":', 'Y:'));
    const before = tree(root);

    const refusedSynth = stillon(root, ['synth']);
    expect(refusedSynth.code).toBe(1);
    expect(refusedSynth.stderr).toContain('error SealedSecretKeyNotString at flags/flags');
    expect(refusedSynth.stderr).toContain("key `Y` (line 10): YAML 1.1 (Kubernetes) reads it as the boolean true, not the string 'Y'");
    expect(refusedSynth.stderr).not.toContain('Map keys must be unique');
    expect(tree(root)).toEqual(before);

    writeFileSync(file, quoted);
    expect(stillon(root, ['synth']).code).toBe(0);
  });
});

describe('per-cluster sealing, end to end with two generated key pairs', () => {
  let a: TestCluster;
  let b: TestCluster;
  beforeAll(() => {
    a = generateCluster('a');
    b = generateCluster('b');
  });
  afterAll(() => {
    for (const c of [a, b]) rmSync(dirname(c.certFile), { recursive: true, force: true });
  });
  beforeEach(() => declareClusters(repo, [a, b]));

  /** App `shop` reading `password` of its sealed secret `db`, rendered for `cluster` with the conventions synth gives that variant. */
  const renderOn = (cluster: string) => renderDefinition(defineApp('shop', (app) => {
    const db = new SealedSecretRef(app, 'db');
    new StandardApp(app, 'web', { image: 'ghcr.io/example/shop:1.0.0', env: { PASSWORD: db.key('password') } });
  }), repo, clusterConventions(loadConventions(repo), cluster));

  test('a secret sealed for A fails on B naming B\'s file and command; sealed for B too it passes, and each key opens only its own file', () => {
    const value = canary('cl');
    const forA = stillon(repo, ['seal', '--cluster', 'a', '-n', 'shop', '--name', 'db', '--from-stdin', 'password'], value);
    expect(forA.code).toBe(0);
    expect(renderOn('a').violations).toEqual([]);
    expect(renderOn('b').violations).toEqual([expect.objectContaining({
      code: 'SealedSecretMissing',
      message: expect.stringContaining('sealed-secrets/b/shop/db.yaml does not exist: the app runs on cluster b'),
      fix: 'seal the secret for cluster b, once per key: stillon seal --cluster b --namespace shop --name db --from-stdin <key>',
    })]);

    const forB = stillon(repo, ['seal', '--cluster', 'b', '-n', 'shop', '--name', 'db', '--from-stdin', 'password'], value);
    expect(forB.code).toBe(0);
    expect(renderOn('b').violations).toEqual([]);
    const rendered = manifestOf(renderOn('b').objects, 'SealedSecret', 'db');
    expect(rendered.metadata.annotations).toEqual({ 'stillon.top/sealing-certificate': b.fingerprint });

    const fileA = read(repo, 'sealed-secrets/a/shop/db.yaml');
    const fileB = read(repo, 'sealed-secrets/b/shop/db.yaml');
    expect(unsealDocument(fileA, { key: a.privateKey }).password.toString()).toBe(value);
    expect(unsealDocument(fileB, { key: b.privateKey }).password.toString()).toBe(value);
    expect(() => unsealDocument(fileA, { key: b.privateKey })).toThrow();
    expect(() => unsealDocument(fileB, { key: a.privateKey })).toThrow();
    expect(leaks(repo, forA, [value])).toEqual([]);
    expect(leaks(repo, forB, [value])).toEqual([]);
  });

  test('a file of B copied to A\'s place fails synth with SealedForAnotherCluster, naming both clusters', () => {
    expect(stillon(repo, ['seal', '--cluster', 'b', '-n', 'shop', '--name', 'db', '--from-stdin', 'password'], 'v').code).toBe(0);
    mkdirSync(join(repo, 'sealed-secrets/a/shop'), { recursive: true });
    copyFileSync(join(repo, 'sealed-secrets/b/shop/db.yaml'), join(repo, 'sealed-secrets/a/shop/db.yaml'));
    expect(renderOn('a').violations).toEqual([expect.objectContaining({
      code: 'SealedForAnotherCluster',
      message: expect.stringContaining('sealed-secrets/a/shop/db.yaml is sealed for cluster b (sealed-secrets/b/cert.pem)'),
    })]);
  });

  // eslint-disable-next-line jest/expect-expect -- refused() holds the assertions, the same for every case
  test.each<[string, RefusedCase]>([
    ['an unknown cluster', {
      exit: 2,
      args: ['--cluster', 'prod', ...TARGET, '--from-stdin', 'k'],
      input: C[40],
      secrets: [C[40]],
      says: [...failed('SealUnknownCluster', '--cluster'), 'the clusters are: a, b'],
    }],
    ['no --cluster in a repository with clusters', {
      exit: 2,
      args: [...TARGET, '--from-stdin', 'k'],
      input: C[41],
      secrets: [C[41]],
      says: [...failed('SealClusterRequired', '--cluster'), 'which cluster is the secret for?'],
    }],
    ['--cluster in a repository without clusters', {
      exit: 1,
      args: ['--cluster', 'a', ...TARGET, '--from-stdin', 'k'],
      input: C[42],
      secrets: [C[42]],
      setup: () => rmSync(join(repo, 'stillon.config.ts')),
      says: failed('SealNoClusters', '--cluster'),
    }],
    ['a merge into a file recorded as sealed for another cluster', {
      exit: 1,
      args: ['--cluster', 'a', ...TARGET, '--from-stdin', 'k2'],
      input: C[43],
      secrets: [C[43]],
      setup: async () => {
        await sealLibrary({ repoRoot: repo, certificate: 'sealed-secrets/b/cert.pem', output: 'sealed-secrets/a/ns/app.yaml', namespace: 'ns', name: 'app', values: { k: 'v' } });
      },
      says: [...failed('SealedForAnotherCluster', 'sealed-secrets/a/ns/app.yaml'), "the file's values were sealed for cluster b"],
    }],
  ])('refuses %s: exit code, message, no value anywhere, the tree unchanged', async (_what, c) => {
    await refused(c);
  });
});
