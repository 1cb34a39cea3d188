import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';
import { parse } from 'yaml';
import { findImages } from '../../src/set-image/find-images';
import { FIXTURE_REPO, REPO_ROOT } from '../support/temp-repo';

/** The README's section on set-image. */
function section(): string {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const found = readme.split(/^## /m).find((s) => s.startsWith('Bumping an image from CI: `stillon set-image`'));
  if (!found) throw new Error('README.md has no section "## Bumping an image from CI: `stillon set-image`"');
  return found;
}

/** The custom manager of the README's renovate.json, as Renovate reads it. */
function customManager(): { managerFilePatterns: string[]; matchStrings: string[]; datasourceTemplate: string } {
  const block = [...section().matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]).find((b) => b.includes('customManagers'));
  if (!block) throw new Error('the section has no renovate.json block');
  return JSON.parse(block).customManagers[0];
}

/** Renovate's `/.../` form of a file pattern as a RegExp. */
const filePattern = (pattern: string) => new RegExp(/^\/(.*)\/$/.exec(pattern)![1]);

interface Capture { depName: string; currentValue?: string; currentDigest?: string }

/** What the regex captures in `text`, as Renovate runs it (global, each match's named groups). */
function captures(text: string): Capture[] {
  return customManager().matchStrings.flatMap((s) => [...text.matchAll(new RegExp(s, 'g'))].map((m) => {
    const { depName, currentValue, currentDigest } = m.groups!;
    return { depName, ...currentValue ? { currentValue } : {}, ...currentDigest ? { currentDigest } : {} };
  }));
}

/** What set-image finds as the value of an `image:` prop, with a tag (a const it follows is not Renovate's). */
function setImageFinds(text: string): Capture[] {
  return findImages(ts, text, 'app.ts').literals.filter((l) => l.holder === 'image' && l.reference.tag).map((l) => ({
    depName: l.reference.name, currentValue: l.reference.tag, ...l.reference.digest ? { currentDigest: l.reference.digest } : {},
  }));
}

const EXAMPLE_APPS = [
  ...readdirSync(join(FIXTURE_REPO, 'apps')).filter((f) => f.endsWith('.ts')).map((f) => join(FIXTURE_REPO, 'apps', f)),
  ...readdirSync(join(REPO_ROOT, 'test/fixtures/real-world')).map((d) => join(REPO_ROOT, 'test/fixtures/real-world', d, 'app.ts')),
].filter((f) => { try { return readFileSync(f).length > 0; } catch { return false; } });

describe('the README\'s Renovate custom manager', () => {
  test('is a docker regex manager of apps/*.ts', () => {
    const manager = customManager();
    expect(manager.datasourceTemplate).toBe('docker');
    const patterns = manager.managerFilePatterns.map(filePattern);
    const matches = (file: string) => patterns.some((p) => p.test(file));
    expect(['apps/reader.ts', 'apps/shop.ts'].every(matches)).toBe(true);
    expect(['apps/reader.yaml', 'kustomize/reader/deployment-reader.yaml', 'test/apps/reader.test.ts', 'src/apps/x.ts'].some(matches)).toBe(false);
  });

  test('captures depName and currentValue of the fixture apps\' images', () => {
    expect(captures(readFileSync(join(FIXTURE_REPO, 'apps/reader.ts'), 'utf8'))).toEqual([
      { depName: 'postgres', currentValue: '16.4-alpine' },
      { depName: 'registry.example.test/reader', currentValue: '2.2.1' },
    ]);
    expect(captures(readFileSync(join(FIXTURE_REPO, 'apps/echo.ts'), 'utf8'))).toEqual([{ depName: 'registry.example.test/echo', currentValue: '1.10.3' }]);
  });

  test.each(EXAMPLE_APPS.map((f) => [f.slice(REPO_ROOT.length + 1), f]))('finds in %s exactly the literals set-image finds', (_rel, file) => {
    const text = readFileSync(file, 'utf8');
    expect(setImageFinds(text).length).toBeGreaterThan(0);
    expect(captures(text)).toEqual(setImageFinds(text));
  });

  test('reads any quotes, a registry port and a digest after the tag', () => {
    const digest = `sha256:${'ab'.repeat(32)}`;
    const text = [
      `new StandardApp(app, 'shop', { image: "ghcr.io/acme/shop:2.3.0@${digest}" });`,
      'web.addSidecar({ name: \'w\', image: `localhost:5000/tools/curl:8.11.0` });',
      "const apps = [{ name: 'sonarr', image:'lscr.io/linuxserver/sonarr:4.0.11' }];",
    ].join('\n');
    expect(captures(text)).toEqual([
      { depName: 'ghcr.io/acme/shop', currentValue: '2.3.0', currentDigest: digest },
      { depName: 'localhost:5000/tools/curl', currentValue: '8.11.0' },
      { depName: 'lscr.io/linuxserver/sonarr', currentValue: '4.0.11' },
    ]);
    expect(captures(text)).toEqual(setImageFinds(text));
  });

  test('leaves alone what set-image refuses or has no tag to compare: expressions, substitutions, digests only', () => {
    const text = [
      '  image: `ghcr.io/acme/shop:${version}`,',
      "  image: 'ghcr.io/acme/shop:' + version,",
      '  image: a.image,',
      `  image: 'ghcr.io/acme/shop@sha256:${'ab'.repeat(32)}',`,
      "  env: { URL: 'https://shop.example.test:8443/x' },",
    ].join('\n');
    expect(captures(text)).toEqual([]);
  });
});

describe('the README\'s CI step', () => {
  test('is a GitHub Actions job that checks out the GitOps repository, runs set-image by digest, commits and pushes', () => {
    const block = /```yaml\n([\s\S]*?)```/.exec(section())?.[1];
    expect(block).toBeDefined();
    const job = parse(block!).deploy;
    expect(job['runs-on']).toBe('ubuntu-latest');
    const steps: Array<Record<string, any>> = job.steps;
    expect(steps[0]).toMatchObject({ uses: 'actions/checkout@v4', with: { repository: 'acme/gitops' } });
    const bump = steps.find((s) => String(s.run).includes('set-image'))!;
    expect(bump.env.IMAGE).toBe('ghcr.io/acme/shop@${{ needs.build.outputs.digest }}');
    const script: string = bump.run;
    expect(script).toContain('npx stillon set-image shop "$IMAGE"');
    expect(script.indexOf('set-image')).toBeLessThan(script.indexOf('git commit'));
    expect(script.indexOf('git commit')).toBeLessThan(script.indexOf('git push'));
  });
});
