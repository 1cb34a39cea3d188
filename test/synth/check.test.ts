import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeStaleOutput } from '../../src/synth/check';
import { headerFor } from '../../src/synth/layout';
import { planWrite } from '../../src/synth/write';

const HEADER = headerFor(['apps/demo.ts']);
let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'stillon-check-'));
  mkdirSync(join(root, 'out'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('describeStaleOutput', () => {
  test('shows a unified diff of a hand-edited file', () => {
    writeFileSync(join(root, 'out/cm.yaml'), `${HEADER}kind: ConfigMap\ndata:\n  a: "2"\n`);
    const plan = planWrite(root, new Map([['out/cm.yaml', `${HEADER}kind: ConfigMap\ndata:\n  a: "1"\n`]]), ['out']);
    const text = describeStaleOutput(plan);
    expect(text).toContain('stale: out/cm.yaml\n');
    expect(text).toContain('-  a: "2"\n+  a: "1"\n');
  });

  test('withholds the diff of a file holding a plain Secret, so its values are never printed', () => {
    writeFileSync(join(root, 'out/secret.yaml'), `${HEADER}apiVersion: v1\nkind: Secret\nstringData:\n  password: hunter2\n`);
    const plan = planWrite(root, new Map(), ['out']);
    const text = describeStaleOutput(plan);
    expect(text).toContain('extra: out/secret.yaml (synth would delete it)\n');
    expect(text).toContain('diff withheld: out/secret.yaml: it holds a plain Secret');
    expect(text).not.toContain('hunter2');
  });
});
