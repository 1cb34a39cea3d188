import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SCRIPT = join(__dirname, '..', '..', 'bench', 'count-escape-hatches.js');

/** Runs the counter (a real process) on one file with the given source. */
function count(source: string): { jsonPatches: number; l1Objects: number } {
  const dir = mkdtempSync(join(tmpdir(), 'stillon-hatches-'));
  try {
    writeFileSync(join(dir, 'app.ts'), source);
    const run = spawnSync(process.execPath, [SCRIPT, '--json', join(dir, 'app.ts')], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    return JSON.parse(run.stdout).total;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('bench/count-escape-hatches.js', () => {
  test('counts JSON patches, built or raw, and L1 objects of every spelling', () => {
    expect(count([
      "import { ApiObject, JsonPatch } from 'cdk8s';",
      "import { KubeService } from 'cdk8s-plus-28/lib/imports/k8s';",
      "ApiObject.of(web.deployment).addJsonPatch(JsonPatch.replace('/spec/strategy', { type: 'Recreate' }));",
      "ApiObject.of(web.deployment).addJsonPatch(JsonPatch.add('/a', 1), JsonPatch.remove('/b'));",
      'raw.addJsonPatch(patch);',
      "new kplus.k8s.KubeService(app, 'svc', {});",
      "new ApiObject(app, 'x', { apiVersion: 'v1', kind: 'ConfigMap' });",
    ].join('\n'))).toEqual({ files: 1, jsonPatches: 4, l1Objects: 4 });
  });

  test('does not count comments or imports', () => {
    expect(count([
      "import { ApiObject, JsonPatch, KubeDeployment } from 'cdk8s';",
      '// ApiObject.of(x).addJsonPatch(JsonPatch.remove("/a"));',
      '/* new KubeService(app, "s") */',
      "new StandardApp(app, 'web', { image: 'nginx:1.27.3' });",
    ].join('\n'))).toEqual({ files: 1, jsonPatches: 0, l1Objects: 0 });
  });
});
