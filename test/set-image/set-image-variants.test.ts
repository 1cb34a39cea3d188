import { readTree, removeTempRepo, runCli, treeText } from '../support/temp-repo';
import { clustersRepo, isClusterOutput } from '../synth/clusters-repo';

describe('stillon set-image with environments and clusters', () => {
  let repo: string;
  beforeAll(() => {
    repo = clustersRepo();
  });
  afterAll(() => removeTempRepo(repo));

  test('--env changes the one literal of that environment and, in the output, only that variant\'s lines naming it', () => {
    const before = treeText(repo);
    const result = runCli(repo, ['set-image', 'choremane', 'ghcr.io/acme/choremane:sha-9f8e7d6', '--env', 'staging']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('set-image: apps/choremane.ts:7 ghcr.io/acme/choremane:sha-1a2b3c4 -> ghcr.io/acme/choremane:sha-9f8e7d6');
    const after = treeText(repo);
    const changed = Object.keys(after).filter((rel) => after[rel] !== before[rel]).sort();
    expect(changed).toEqual(['apps/choremane.ts', 'docs/apps.md', 'kustomize/choremane-staging/deployment-choremane.yaml']);
    const lines = (rel: string) => after[rel].split('\n').filter((line, i) => line !== before[rel].split('\n')[i]);
    expect(lines('apps/choremane.ts')).toEqual(["      staging: 'ghcr.io/acme/choremane:sha-9f8e7d6',"]);
    expect(lines('kustomize/choremane-staging/deployment-choremane.yaml')).toEqual(['        - image: ghcr.io/acme/choremane:sha-9f8e7d6']);
  });

  test.each([
    ['an environment the image is not chosen for (the same everywhere)', ['notes', 'registry.example.test/notes:0.9.2', '--env', 'staging'], 'ImageNotPerVariant at apps/notes.ts:5'],
    ['an environment the config does not declare', ['choremane', 'ghcr.io/acme/choremane:1.5.0', '--env', 'qa'], 'UnknownEnvironment at --env'],
    ['a cluster the config does not declare', ['bookmarks', 'registry.example.test/bookmarks:1.37.0', '--cluster', 'nas'], 'UnknownCluster at --cluster'],
    ['both environments without --env', ['choremane', 'ghcr.io/acme/choremane:1.5.0'], 'AmbiguousImage at apps/choremane.ts'],
  ])('fails: %s (exit 1, nothing written)', (_case, args, heading) => {
    const before = readTree(repo);
    const result = runCli(repo, ['set-image', ...args]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`error ${heading}\n`);
    expect(result.stderr).toContain('stillon set-image: nothing was written.\n');
    expect(readTree(repo)).toEqual(before);
  });

  test('the output stays what synth writes', () => {
    expect(runCli(repo, ['synth', '--check']).code).toBe(0);
    expect(Object.keys(treeText(repo, isClusterOutput)).length).toBe(42);
  });
});
