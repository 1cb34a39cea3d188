import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { removeTempRepo } from './temp-repo';
import { promptHidden, readEnvFile, readFromFile, splitKeyValue } from '../../src/seal/secret-input';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'stillon-seal-input-')); });
afterEach(() => removeTempRepo(dir));

/** A terminal stand-in: records raw-mode switches and everything echoed. */
function terminal() {
  const input = Object.assign(new PassThrough(), { isTTY: true, modes: [] as boolean[], setRawMode(mode: boolean) { this.modes.push(mode); } });
  const output = new PassThrough();
  let echoed = '';
  output.on('data', (d) => { echoed += d; });
  return { input, output, echoed: () => echoed };
}

describe('promptHidden', () => {
  test('reads up to Enter in raw mode, honours Backspace, and echoes nothing of the value', async () => {
    const t = terminal();
    const value = promptHidden('Value: ', t.input, t.output);
    t.input.write('s3x\u007fcr\u00e9t\r');
    expect((await value).toString('utf8')).toBe('s3cr\u00e9t');
    expect(t.input.modes).toEqual([true, false]);
    expect(t.echoed()).toBe('Value: \n');
  });

  test('fails on Ctrl-C', async () => {
    const t = terminal();
    const value = promptHidden('Value: ', t.input, t.output);
    t.input.write('abc\u0003');
    await expect(value).rejects.toThrow(/SealCancelled/);
    expect(t.input.modes).toEqual([true, false]);
  });
});

describe('value sources', () => {
  test('--from-env-file takes values verbatim and skips comments and blank lines', () => {
    writeFileSync(join(dir, 'a.env'), '\uFEFF# comment\n  A=1=2\r\n\nB="q"\n');
    expect(readEnvFile('a.env', dir).map(([k, v]) => [k, v.toString()])).toEqual([['A', '1=2'], ['B', '"q"']]);
  });

  test('fails on an env line without "=", naming the line but not its content', () => {
    writeFileSync(join(dir, 'b.env'), 'A=1\nS3CRET\n');
    expect(() => readEnvFile('b.env', dir)).toThrow(/^\[b.env:2\] SealBadEnvFile: expected KEY=value \(the line is not repeated here/);
    expect(() => readEnvFile('b.env', dir)).not.toThrow(/S3CRET/);
  });

  test('--from-file defaults the key to the file name and keeps bytes', () => {
    writeFileSync(join(dir, 'ca.crt'), Buffer.from([0, 255, 10]));
    const [key, value] = readFromFile('ca.crt', dir);
    expect(key).toBe('ca.crt');
    expect([...value]).toEqual([0, 255, 10]);
  });

  test('fails on --from-literal without a key, without echoing it', () => {
    expect(() => splitKeyValue('S3CRET', '--from-literal', 3)).toThrow(/^\[--from-literal #3\] SealBadArgument: expected key=value; fix/);
    expect(splitKeyValue('k=a=b', '--from-literal')).toEqual(['k', 'a=b']);
  });

  test('fails on an env line `KEY: value` with its line number, naming neither the key nor the value', () => {
    writeFileSync(join(dir, 'c.env'), 'A=1\n\nAPI_TOKEN: c2VjcmV0LXRva2Vu==\n');
    let message = '';
    try { readEnvFile('c.env', dir); } catch (e) { message = (e as Error).message; }
    expect(message).toMatch(/^\[c.env:3\] SealInvalidKey: the key \(not repeated here: it may hold a value\) has ':' at character 10; .*the form is KEY=value/);
    expect(message).not.toContain('c2Vj');
    expect(message).not.toContain('API_TOKEN');
  });

  test('fails on a literal whose key holds a space, naming the argument position only', () => {
    expect(() => splitKeyValue('DB_PASSWORD hunter2=x', '--from-literal', 2))
      .toThrow(expect.objectContaining({ code: 'SealInvalidKey', where: '--from-literal #2', message: expect.not.stringMatching(/hunter2|DB_PASSWORD/) }));
  });

  test('fails on a missing --from-file without repeating its path, which may be a value', () => {
    expect(() => readFromFile('token=n0t-a-path-S3CRET', dir, 2))
      .toThrow(expect.objectContaining({ code: 'SealFileUnreadable', where: '--from-file #2', message: expect.not.stringContaining('S3CRET') }));
  });
});
