import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filesContaining, listFiles, makeTempRepo, removeTempRepo } from './temp-repo';
import { FIXTURES, labelFor, unsealDocument, unsealValue } from './unseal';
import { BufferIo } from '../../src/cli/io';
import { main } from '../../src/cli/main';

const BIN = join(__dirname, '..', '..', 'bin', 'stillon.js');
let repo: string;
let inputs: string;
beforeEach(() => {
  repo = makeTempRepo();
  inputs = mkdtempSync(join(tmpdir(), 'stillon-seal-inputs-'));
});
afterEach(() => {
  removeTempRepo(repo);
  removeTempRepo(inputs);
});

async function run(...args: string[]): Promise<{ code: number; io: BufferIo }> {
  const io = new BufferIo(repo);
  return { code: await main(['seal', ...args], io), io };
}
const sealedFile = () => readFileSync(join(repo, 'sealed-secrets/ns/app.yaml'), 'utf8');
const asText = (values: Record<string, Buffer>) => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.toString('utf8')]));

describe('stillon seal', () => {
  test('--help prints the usage and exits 0', async () => {
    const { code, io } = await run('--help');
    expect(code).toBe(0);
    expect(io.stdout).toMatch(/^Usage: stillon seal \[--cluster <cluster>\] --namespace <ns> --name <name>/);
  });

  test('writes sealed-secrets/ns/app.yaml from literals, files and env files, which the decryptor opens', async () => {
    writeFileSync(join(inputs, 'tls.key'), 'FILE-S3CRET');
    writeFileSync(join(inputs, 'app.env'), '# app settings\nDB_PASSWORD=ENV-S3CRET\n\nAPI_TOKEN="quoted"\n');
    const { code, io } = await run('-n', 'ns', '--name', 'app', '--from-literal', 'literal.key=LIT-S3CRET',
      '--from-file', join(inputs, 'tls.key'), '--from-env-file', join(inputs, 'app.env'));

    expect(code).toBe(0);
    expect(io.stdout).toBe('created sealed-secrets/ns/app.yaml (strict): sealed API_TOKEN, DB_PASSWORD, literal.key, tls.key\n');
    expect(io.stderr).toContain('warning: --from-literal leaves the value in your shell history');
    expect(io.stderr).toMatch(/sealing with sealed-secrets\/cert.pem: SHA-256 [0-9A-F:]{95}, CN=sealed-secrets-test, RSA 4096, valid until 2036-/);
    expect(asText(unsealDocument(sealedFile()))).toEqual({
      'API_TOKEN': '"quoted"', 'DB_PASSWORD': 'ENV-S3CRET', 'literal.key': 'LIT-S3CRET', 'tls.key': 'FILE-S3CRET',
    });
    for (const secret of ['LIT-S3CRET', 'FILE-S3CRET', 'ENV-S3CRET']) {
      expect(filesContaining(repo, secret)).toEqual([]);
      expect(io.stdout + io.stderr).not.toContain(secret);
    }
  });

  test('writes where stillon.config.ts puts sealed files (paths.sealedSecrets), certificate included, as SealedSecretRef reads them', async () => {
    mkdirSync(join(repo, 'secrets'));
    renameSync(join(repo, 'sealed-secrets/cert.pem'), join(repo, 'secrets/cert.pem'));
    writeFileSync(join(repo, 'stillon.config.ts'), "export default { paths: { sealedSecrets: 'secrets' } };\n");
    const { code, io } = await run('-n', 'ns', '--name', 'app', '--from-literal', 'password=CFG-S3CRET');
    expect(io.stderr).toContain('sealing with secrets/cert.pem');
    expect(io.stdout).toBe('created secrets/ns/app.yaml (strict): sealed password\n');
    expect(code).toBe(0);
    expect(asText(unsealDocument(readFileSync(join(repo, 'secrets/ns/app.yaml'), 'utf8')))).toEqual({ password: 'CFG-S3CRET' });
  });

  test('merges into the existing file by default, keeping the other keys', async () => {
    await run('-n', 'ns', '--name', 'app', '--scope', 'namespace-wide', '--from-literal', 'a=1');
    const before = sealedFile();
    const { code, io } = await run('-n', 'ns', '--name', 'app', '--from-literal', 'b=2');
    expect(code).toBe(0);
    expect(io.stdout).toBe('updated sealed-secrets/ns/app.yaml (namespace-wide): sealed b; kept a unchanged\n');
    expect(sealedFile()).toContain(before.split('\n').find((l) => l.startsWith('    a: '))!);
    expect(asText(unsealDocument(sealedFile(), { name: 'renamed' }))).toEqual({ a: '1', b: '2' });
  });

  test('fails with exit 1 on a scope that conflicts with the existing file', async () => {
    await run('-n', 'ns', '--name', 'app', '--from-literal', 'a=1');
    const { code, io } = await run('-n', 'ns', '--name', 'app', '--scope', 'cluster-wide', '--from-literal', 'b=P4SS');
    expect(code).toBe(1);
    expect(io.stderr).toContain("error SealScopeConflict at sealed-secrets/ns/app.yaml\n    the file's values are sealed strict, --scope asks for cluster-wide");
    expect(io.stderr).not.toContain('P4SS');
  });

  test('--raw prints one value that opens under its label', async () => {
    const { code, io } = await run('--raw', '-n', 'ns', '--name', 'app', '--from-literal', 'k=RAW-S3CRET');
    expect(code).toBe(0);
    expect(unsealValue(io.stdout.trim(), labelFor('strict', 'ns', 'app')).toString()).toBe('RAW-S3CRET');
    expect(listFiles(repo)).toEqual(['package.json', 'sealed-secrets/cert.pem']);
  });

  test.each([
    [2, ['--from-literal', 'a=1'], 'error SealUsage at --namespace\n    a SealedSecret needs a namespace and a name'],
    [2, ['-n', 'ns', '--name', 'app'], 'error SealUsage at seal\n    no value to seal'],
    [2, ['-n', 'ns', '--name', 'app', '--scope', 'global', '--from-literal', 'a=1'], 'error SealUsage at --scope\n    unknown scope (the argument is not repeated here'],
    [2, ['-n', 'ns', '--name', 'app', '--scope', 'strikt', '--from-literal', 'a=1'], "error SealUsage at --scope\n    unknown scope 'strikt' (did you mean 'strict'?)"],
    [2, ['-n', 'ns', '--name', 'app', '--type', 'opaque', '--from-literal', 'a=1'], "error SealUsage at --type\n    unsupported type 'opaque' (did you mean 'Opaque'?)"],
    [2, ['-n', 'ns', '--name', 'app', '--from-literal', 'a=1', '--from-literal', 'a=2'], "error SealUsage at --from-literal #2\n    key 'a' is given twice"],
    [1, ['-n', 'ns', '--name', 'app', '--from-literal', 'a/b=1'], "error SealInvalidKey at --from-literal #1\n    the key (not repeated here: it may hold a value) has '/' at character 2"],
    [2, ['--raw', '-n', 'ns', '--from-literal', 'a=1'], 'error SealMissingName at --name'],
    [1, ['-n', 'ns', '--name', 'app', '--cert', join(FIXTURES, 'expired-cert.pem'), '--from-literal', 'a=1'], 'error SealCertificateExpired'],
    [1, ['-n', 'ns', '--name', 'app', '--cert', join(FIXTURES, 'ec-cert.pem'), '--from-literal', 'a=1'], 'error SealCertificateNotRsa'],
    [2, ['-n', 'ns', '--name', 'app', '--from-file', 'missing.txt'], 'error SealFileUnreadable at --from-file #1\n    no such file (ENOENT'],
  ])('fails with exit %d: %j, in the shared error format, writing nothing', async (exit, args, message) => {
    const { code, io } = await run(...args);
    expect(code).toBe(exit);
    expect(io.stderr).toContain(message);
    expect(io.stderr).toMatch(/\n1 error\(s\), 0 warning\(s\)\nstillon seal: nothing was written.\n$/);
    expect(listFiles(repo)).toEqual(['package.json', 'sealed-secrets/cert.pem']);
  });

  test('fails without echoing a value given in the wrong place', async () => {
    for (const args of [['S3CRET-VALUE'], ['--from-literal', 'S3CRET-VALUE'], ['--S3CRET-VALUE']]) {
      const { code, io } = await run('-n', 'ns', '--name', 'app', ...args);
      expect(code).toBe(2);
      expect(io.stderr).not.toContain('S3CRET-VALUE');
    }
  });

  test('--from-stdin reads a piped value through bin/stillon.js, and warns about its newline', () => {
    const child = spawnSync(process.execPath, [BIN, 'seal', '-n', 'ns', '--name', 'app', '--from-stdin', 'password'],
      { cwd: repo, input: 'PIPED-S3CRET\n', encoding: 'utf8' });
    expect(child.stderr).toContain('ends with a newline');
    expect(child.status).toBe(0);
    expect(unsealDocument(sealedFile()).password.toString()).toBe('PIPED-S3CRET\n');
    expect(filesContaining(repo, 'PIPED-S3CRET')).toEqual([]);
  });
});
