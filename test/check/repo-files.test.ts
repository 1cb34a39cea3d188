import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { check } from '../../src/check';
import { RepoFiles } from '../../src/check/repo-files';

/** A throw-away repository holding `files` (path → text). */
function repo(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'stillon-sourceignore-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

const roots: string[] = [];
afterAll(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

/** The files RepoFiles keeps (besides .sourceignore, a hidden file it never lists). */
function kept(files: Record<string, string>): readonly string[] {
  const root = repo(files);
  roots.push(root);
  return new RepoFiles(root).files.filter((f) => f !== '.sourceignore');
}

describe('.sourceignore (gitignore semantics, as Flux reads it)', () => {
  test('a `!` pattern re-includes a file an earlier pattern ignored; the last match wins', () => {
    expect(kept({
      '.sourceignore': '*.yaml\n!keep.yaml\n',
      'a/drop.yaml': '',
      'a/keep.yaml': '',
      'README.md': '',
    })).toEqual(['README.md', 'a/keep.yaml']);
    expect(kept({
      '.sourceignore': '*.yaml\n!keep.yaml\na/keep.yaml\n',
      'a/keep.yaml': '',
      'b/keep.yaml': '',
    })).toEqual(['b/keep.yaml']);
  });

  test('a negation cannot re-include a file inside an ignored folder, as in git', () => {
    expect(kept({
      '.sourceignore': 'drafts/\n!drafts/keep.yaml\n',
      'drafts/keep.yaml': '',
      'x.yaml': '',
    })).toEqual(['x.yaml']);
    // Ignoring the folder's content instead of the folder lets a negation through.
    expect(kept({
      '.sourceignore': 'drafts/*\n!drafts/keep.yaml\n',
      'drafts/keep.yaml': '',
      'drafts/drop.yaml': '',
    })).toEqual(['drafts/keep.yaml']);
  });

  test('a trailing slash matches folders only; a leading slash anchors to the root; ** crosses folders', () => {
    expect(kept({
      '.sourceignore': 'build/\n/top.yaml\ndocs/**/draft-*.md\n',
      'build/x.yaml': '',
      'src/build': 'a file, not a folder',
      'top.yaml': '',
      'sub/top.yaml': '',
      'docs/a/b/draft-1.md': '',
      'docs/a/final.md': '',
    })).toEqual(['docs/a/final.md', 'src/build', 'sub/top.yaml']);
  });

  test('comments, blank lines and CRLF line ends are no patterns; `\\#` and `\\!` match literally', () => {
    expect(kept({
      '.sourceignore': '# a comment\r\n\r\n\\#hash.yaml\r\n\\!bang.yaml\r\n',
      '#hash.yaml': '',
      '!bang.yaml': '',
      'a comment': '',
    })).toEqual(['a comment']);
  });

  test('without a .sourceignore every file is kept', () => {
    expect(kept({ 'a/b.yaml': '', 'c.yaml': '' })).toEqual(['a/b.yaml', 'c.yaml']);
  });

  test('fails check with FloatingImageTag on a file that a negation re-includes', () => {
    const root = repo({
      '.sourceignore': 'apps/web/*.yaml\n!apps/web/deployment.yaml\n!apps/web/kustomization.yaml\n',
      'apps/web/kustomization.yaml': 'resources: [deployment.yaml]\n',
      'apps/web/deployment.yaml': [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: { name: web, namespace: web }',
        'spec:',
        '  selector: { matchLabels: { app: web } }',
        '  template:',
        '    metadata: { labels: { app: web } }',
        '    spec: { containers: [{ name: web, image: nginx }] }',
        '',
      ].join('\n'),
      'apps/web/ignored.yaml': 'not: [valid yaml\n',
    });
    roots.push(root);
    const result = check({ rootDir: root, rules: ['FloatingImageTag', 'InvalidYaml'] });
    expect(result.violations.map((v) => `${v.code} ${v.path}`)).toEqual([expect.stringMatching(/^FloatingImageTag apps\/web\/deployment\.yaml/)]);
  });
});
