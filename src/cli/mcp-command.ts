import { parseArgs } from 'node:util';
import type { Command } from './command';
import { CliIo } from './io';
import { formatError, parseArgsError, reportUsage } from './print';
import { packageVersion } from './version';
import { StillonError } from '../errors';
import { findRepositoryRoot } from '../private/repository-root';

export const MCP_USAGE = `Usage: stillon mcp

Serves the repository (found from the current folder, as git finds its own) to an AI assistant
as an MCP server over stdin/stdout. Its write tools change only the repository, through the
library (rules apply); its cluster tools run kubectl read verbs only. No tool changes the
cluster, commits or pushes, and sealed values are never sent back. Register it with your
assistant as the command \`npx stillon mcp\`, run in the repository; see the README.

  -h, --help   show this help

Exit codes: 0 the client closed the connection; 2 usage error or not inside a repository.
`;

/** `stillon mcp`: loads the SDK only here, so that no other command pays for it. */
export const mcpCommand: Command = async (args: string[], io: CliIo) => {
  let values;
  try {
    ({ values } = parseArgs({ args, options: { help: { type: 'boolean', short: 'h' } } }));
  } catch (error) {
    return reportUsage(io, 'mcp', parseArgsError('mcp', error));
  }
  if (values.help) {
    io.out(MCP_USAGE);
    return 0;
  }
  const rootDir = findRepositoryRoot(io.cwd);
  if (rootDir === undefined) {
    io.err(formatError('mcp', new StillonError('NotARepository', io.cwd,
      'neither this folder nor any above it holds stillon.config.ts or a package.json depending on stillon-gitops',
      'start the server inside your GitOps repository (set the assistant\'s working directory, or `cd <repo> && npx stillon mcp`)'), { color: io.color?.err }));
    return 2;
  }
  // stdout carries the protocol: anything an app file or a library prints must go to stderr.
  console.log = console.error;
  console.info = console.error;
  /* eslint-disable @typescript-eslint/no-require-imports -- the SDK is loaded by this command only */
  const { serveStdio } = require('../mcp/server') as typeof import('../mcp/server');
  const { createContext } = require('../mcp/context') as typeof import('../mcp/context');
  /* eslint-enable @typescript-eslint/no-require-imports */
  io.err(`stillon mcp: serving ${rootDir} over stdio\n`);
  await serveStdio(createContext(rootDir), packageVersion());
  return 0;
};
