import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTree, removeTempRepo, runCli, tempRepo } from '../support/temp-repo';

let repo: string;
afterEach(() => removeTempRepo(repo));

/** The `created|updated|deleted <file>` lines of synth's output, by verb. */
function listed(stdout: string): Record<string, string[]> {
  const byVerb: Record<string, string[]> = { created: [], updated: [], deleted: [] };
  for (const line of stdout.split('\n')) {
    const match = /^(created|updated|deleted) (\S+)$/.exec(line);
    if (match) byVerb[match[1]].push(match[2]);
  }
  return byVerb;
}

describe('stillon synth output', () => {
  test('lists each file it created, updated and deleted, then one summary line whose counts match', () => {
    repo = tempRepo();
    rmSync(join(repo, 'kustomize/echo/service-echo.yaml'));
    appendFileSync(join(repo, 'kustomize/echo/deployment-echo.yaml'), '# a hand edit\n');
    const first = runCli(repo, ['synth']);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout.split('\n')).toEqual([
      'created kustomize/echo/service-echo.yaml',
      'updated kustomize/echo/deployment-echo.yaml',
      expect.stringMatching(/^synth: 3 app\(s\); 1 created, 1 updated, 0 deleted, \d+ unchanged\.$/),
      '',
      'Conventions applied to objects new to Git (Flux changes a running app accordingly on its next reconcile):',
      '  echo: StandardLabels Service/echo: app.kubernetes.io/* labels',
      '',
    ]);

    rmSync(join(repo, 'apps/echo.ts'));
    const second = runCli(repo, ['synth']);
    expect(second).toMatchObject({ code: 0, stderr: '' });
    const { created, updated, deleted } = listed(second.stdout);
    expect(created).toEqual([]);
    expect(updated).toEqual(expect.arrayContaining(['apps/kustomization.yaml']));
    expect(deleted).toEqual(expect.arrayContaining(['apps/echo.yaml', 'kustomize/echo/deployment-echo.yaml', 'kustomize/echo/service-echo.yaml']));
    for (const file of deleted) expect(existsSync(join(repo, file))).toBe(false);
    const summary = second.stdout.trimEnd().split('\n').pop();
    expect(summary).toMatch(new RegExp(`^synth: 2 app\\(s\\); 0 created, ${updated.length} updated, ${deleted.length} deleted, \\d+ unchanged\\.$`));
    expect(second.stdout.trimEnd().split('\n')).toHaveLength(updated.length + deleted.length + 1);
  });

  test('--explain lists every convention applied to every object, also when nothing changed', () => {
    repo = tempRepo();
    const result = runCli(repo, ['synth', '--explain']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('\nConventions applied:\n');
    expect(result.stdout).toContain('  bookmarks: RecreateStrategy Deployment/bookmarks: spec.strategy.type: Recreate (a ReadWriteOnce claim is mounted)\n');
    expect(result.stdout).toContain('  bookmarks: PvcProtection PersistentVolumeClaim/bookmarks-data: ');
    expect(result.stdout).toContain('  echo: StandardLabels Service/echo: ');
  });

  test('lists nothing but the summary when nothing changed', () => {
    repo = tempRepo();
    expect(runCli(repo, ['synth']).stdout).toMatch(/^synth: 3 app\(s\); 0 created, 0 updated, 0 deleted, \d+ unchanged\.\n$/);
  });

  test('fails with UnknownProp on a misspelled prop in an app file: exit 1, the path and the closest name, nothing written', () => {
    repo = tempRepo();
    const app = join(repo, 'apps/echo.ts');
    writeFileSync(app, readFileSync(app, 'utf8').replace('expose: false,', "expose: false,\n    healthcheckPath: '/healthz',"));
    const before = readTree(repo);
    const result = runCli(repo, ['synth']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain([
      'echo:',
      '  error UnknownProp at echo/echo',
      "    unknown prop 'healthcheckPath'",
      "    fix: did you mean 'healthCheckPath'?",
    ].join('\n'));
    expect(result.stderr).toContain('synth failed: nothing was written.');
    expect(readTree(repo)).toEqual(before);
  });
});
