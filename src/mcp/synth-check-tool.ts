import { McpContext } from './context';
import { renderRepository } from './repository-state';
import { REPOSITORY_READ, ToolDefinition, defineTool } from './tool';
import { describeStaleOutput } from '../synth/check';
import { hasErrors } from '../synth/synth';
import { planChanges } from '../synth/write';

export const synthCheck = (context: McpContext): ToolDefinition<any> => defineTool({
  name: 'synth_check',
  title: 'Is the committed output up to date?',
  description: 'Runs `stillon synth --check`: renders every app and compares with the files on disk. Returns whether the output is up to '
    + 'date, the stale, missing and extra files and a unified diff (the diff of a file holding a Secret is withheld), and the '
    + 'violations. Writes nothing; run the synth tool to write the output.',
  input: {},
  annotations: REPOSITORY_READ,
  run: () => {
    const result = renderRepository(context.rootDir);
    if (hasErrors(result.violations) || !result.plan) {
      return { isError: true, result: { upToDate: false, rendered: false, violations: result.violations, fix: 'fix the violations in apps/*.ts, then call synth_check again' } };
    }
    const plan = result.plan;
    return {
      result: {
        upToDate: !planChanges(plan),
        stale: plan.update,
        missing: plan.create,
        extra: plan.remove,
        unchanged: plan.unchanged.length,
        diff: describeStaleOutput(plan),
        violations: result.violations,
      },
    };
  },
});
