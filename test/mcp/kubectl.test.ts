import { DEFAULT_TAIL, Kubectl, KubectlExec, MAX_TAIL, readOnlyArgv } from '../../src/mcp/kubectl';

/** An exec that records each start and answers nothing: what a refusal must never reach. */
function countingExec(): { exec: KubectlExec; started: (readonly string[])[] } {
  const started: (readonly string[])[] = [];
  return { started, exec: async (argv) => { started.push(argv); return { code: 0, stdout: '{}', stderr: '' }; } };
}

describe('readOnlyArgv', () => {
  test('passes read verbs, normalizes flag values to --flag=value, keeps the words in order', () => {
    expect(readOnlyArgv(['get', 'pods', '-n', 'web', '-l', 'app=web', '-o', 'json'])).toEqual(['get', 'pods', '-n=web', '-l=app=web', '-o=json']);
    expect(readOnlyArgv(['get', 'kustomizations.kustomize.toolkit.fluxcd.io', '-A', '--field-selector=metadata.name!=x'])).toEqual(['get', 'kustomizations.kustomize.toolkit.fluxcd.io', '-A', '--field-selector=metadata.name!=x']);
    expect(readOnlyArgv(['describe', 'deployment/web', '--namespace', 'web'])).toEqual(['describe', 'deployment/web', '--namespace=web']);
    expect(readOnlyArgv(['api-resources', '--api-group=apps'])).toEqual(['api-resources', '--api-group=apps']);
  });

  test(`logs always carry one --tail: ${DEFAULT_TAIL} when none is given, the given one up to ${MAX_TAIL}`, () => {
    expect(readOnlyArgv(['logs', 'web-abc', '-n', 'web'])).toEqual(['logs', 'web-abc', '-n=web', `--tail=${DEFAULT_TAIL}`]);
    expect(readOnlyArgv(['logs', 'web-abc', '--tail', '10', '--previous'])).toEqual(['logs', 'web-abc', '--previous', '--tail=10']);
    expect(readOnlyArgv(['logs', 'web-abc', `--tail=${MAX_TAIL}`])).toEqual(['logs', 'web-abc', `--tail=${MAX_TAIL}`]);
  });

  test.each([
    [['apply', '-f', '.']], [['delete', 'pod', 'x']], [['patch', 'x']], [['rollout', 'status', 'deployment/x']], [['annotate', 'x', 'a=b']],
    [['scale', 'x']], [['exec', 'x']], [['proxy']], [['plugin', 'list']], [['config', 'view', '--raw']], [[]], [['']],
    [['get', 'pods', '-o', 'jsonpath={.items}']], [['get', 'pods', '-ojson']], [['get', 'pods', '-w']], [['get', 'pods', '--server=https://x']],
    [['get', 'pods', '--token=abc']], [['get', 'pods', '--as', 'admin']], [['get', 'pods', '--all-namespaces=false']], [['get', 'pods', '-n']],
    [['get', 'pods', '-n', 'a b']], [['get', '/etc/passwd']], [['get', 'pods', '--', 'x']], [['logs', 'x', '--follow']], [['logs', 'x', '--tail=-1']],
    [['logs', 'x', `--tail=${MAX_TAIL + 1}`]], [['describe', 'secret', '-o', 'json']],
  ])('fails: %j is refused (KubectlRefused) and no process starts', async (argv) => {
    expect(() => readOnlyArgv(argv)).toThrow(expect.objectContaining({ code: 'KubectlRefused' }));
    const { exec, started } = countingExec();
    await expect(new Kubectl(exec).read(argv)).rejects.toMatchObject({ code: 'KubectlRefused' });
    expect(started).toEqual([]);
  });

  test('a refused verb is named with the fix: change the repository', () => {
    expect(() => readOnlyArgv(['delete', 'pod', 'x'])).toThrow(/\[kubectl delete\] KubectlRefused: 'delete' is not a read verb.*fix: change the repository instead/);
  });
});

describe('Kubectl', () => {
  test('read runs the checked argv; readOk turns a failure into KubectlFailed with kubectl\'s message', async () => {
    const { exec, started } = countingExec();
    await new Kubectl(exec).read(['get', 'pods', '-n', 'web']);
    expect(started).toEqual([['get', 'pods', '-n=web']]);
    const failing = new Kubectl(async () => ({ code: 1, stdout: '', stderr: 'Error from server (Forbidden): pods is forbidden\n' }));
    await expect(failing.readOk(['get', 'pods'])).rejects.toMatchObject({ code: 'KubectlFailed', detail: 'Error from server (Forbidden): pods is forbidden' });
  });
});
