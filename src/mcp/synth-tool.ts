import { z } from 'zod';
import { measureChanges } from './changes';
import { McpContext } from './context';
import { forgetRepositoryModules } from './fresh-modules';
import { ToolDefinition, defineTool, repositoryWrite } from './tool';
import { loadConventions } from '../conventions/load-config';
import { hasErrors, synth } from '../synth/synth';

/** Said by every write tool: the assistant proposes, the person commits. */
export const COMMIT_NOTE = 'Nothing was committed or pushed: review the diff, then `git add` and `git commit` the files yourself; Flux applies them after the push.';

export const synthTool = (context: McpContext): ToolDefinition<any> => defineTool({
  name: 'synth',
  title: 'Write the output (stillon synth)',
  description: 'Runs `stillon synth`: renders apps/*.ts and writes kustomize/, apps/*.yaml, namespaces/ and the inventory, atomically; '
    + 'nothing is written when any rule is broken. It rewrites and deletes only files it generated. Returns the files it created, updated and '
    + 'deleted with a unified diff. Never commits, never contacts the cluster. It never deletes a claim file: a person does that with '
    + '`stillon synth --allow-pvc-removal`.',
  input: {
    app: z.string().optional().describe('write only this app\'s files (every app is still validated)'),
  },
  annotations: repositoryWrite({ destructive: true, idempotent: true }),
  run: ({ app }) => context.exclusive(async () => {
    forgetRepositoryModules(context.rootDir);
    const conventions = loadConventions(context.rootDir);
    const { value: result, changes } = await measureChanges(context.rootDir, conventions, () => synth({ rootDir: context.rootDir, app }));
    if (hasErrors(result.violations)) {
      return { isError: true, result: { wrote: false, violations: result.violations, ...changes, note: 'synth failed: nothing was written' } };
    }
    return { result: { wrote: result.wrote, ...changes, violations: result.violations, note: COMMIT_NOTE } };
  }),
});
