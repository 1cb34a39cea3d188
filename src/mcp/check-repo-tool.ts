import { z } from 'zod';
import { McpContext } from './context';
import { forgetRepositoryModules } from './fresh-modules';
import { REPOSITORY_READ, ToolDefinition, defineTool } from './tool';
import { CheckUsageError, check } from '../check/check';
import { toJson } from '../check/report';
import { StillonError } from '../errors';

export const checkRepo = (context: McpContext): ToolDefinition<any> => defineTool({
  name: 'check_repo',
  title: 'Check the repository',
  description: 'Runs `stillon check --format json`: builds what Flux would apply from the repository (each Flux Kustomization\'s path, '
    + 'with kubectl kustomize, locally) and reports every finding of the cluster\'s rules with app, file, line and fix. '
    + 'Writes nothing, never contacts the cluster.',
  input: {
    rules: z.array(z.string()).optional().describe('run only these rule codes'),
    skipRules: z.array(z.string()).optional().describe('leave these rule codes out'),
    strict: z.boolean().optional().describe('warnings fail too (default false)'),
  },
  annotations: REPOSITORY_READ,
  run: ({ rules, skipRules, strict }) => {
    forgetRepositoryModules(context.rootDir);
    try {
      const result = check({ rootDir: context.rootDir, rules, skipRules });
      return { result: toJson(result, { root: '.', strict: strict === true }) };
    } catch (error) {
      if (error instanceof CheckUsageError) throw new StillonError('CheckUsage', 'check_repo', error.message, 'pass rule codes that exist; see the message for the list');
      throw error;
    }
  },
});
