import { Command } from './command';
import { CliIo, processIo } from './io';
import { reportUsage, usageError } from './print';
import { packageVersion } from './version';

/**
 * Subcommands, loaded on demand so that `stillon seal` never pays for loading cdk8s.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- lazy loading is the point of this table */
const COMMANDS: Record<string, { summary: string; load: () => Command }> = {
  'synth': { summary: 'render apps/*.ts into kustomize/, apps/ and namespaces/', load: () => require('./synth-command').synthCommand },
  'check': { summary: 'check any GitOps repository (what Flux would apply) against the cluster\'s rules', load: () => require('./check-command').checkCommand },
  'seal': { summary: 'seal values into sealed-secrets/<ns>/<name>.yaml, offline (kubeseal-compatible)', load: () => require('./seal-command').sealCommand },
  'new': { summary: 'scaffold apps/<app>.ts from an image and port, then synthesize it', load: () => require('./new-command').newCommand },
  'set-image': { summary: 'set one image literal in apps/<app>.ts to a new tag or digest, then synthesize the app (for CI)', load: () => require('./set-image-command').setImageCommand },
  'import': { summary: 'adopt a hand-written kustomize app or Flux Kustomization as apps/<app>.ts, proven equivalent before writing', load: () => require('./import-command').importCommand },
  'init': { summary: 'write a new GitOps repository (or add stillon to yours) without replacing any file', load: () => require('./init-command').initCommand },
  'mcp': { summary: 'serve the repository to an AI assistant (MCP over stdio): repository edits, read-only cluster', load: () => require('./mcp-command').mcpCommand },
};
/* eslint-enable @typescript-eslint/no-require-imports */

export const USAGE = `Usage: stillon <command> [options]

Commands:
${Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(Math.max(8, ...Object.keys(COMMANDS).map((n) => n.length)))} ${c.summary}`).join('\n')}

Options:
  -h, --help      show this help (exit 0); \`stillon <command> --help\` or \`stillon help <command>\`
                  for the options of a command
  -v, --version   print the version of stillon-gitops
      --debug     on an internal error, print its stack trace

Exit codes: 0 ok, 1 findings, stale output or refused input, 2 usage or I/O error.
`;

/** Flags of `bin/stillon.js` itself, valid before or after the command: not the commands' business. */
const GLOBAL_FLAGS = new Set(['--debug']);

/** Runs the CLI; returns the process exit code (0 ok, 1 findings or stale output, 2 usage or I/O error). */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv.filter((a) => !GLOBAL_FLAGS.has(a));
  if (!name) {
    // Nothing asked: the usage is the answer, but as an error (exit 2), like a missing argument.
    io.err(USAGE);
    return 2;
  }
  if (name === '--help' || name === '-h') {
    io.out(USAGE);
    return 0;
  }
  if (name === '--version' || name === '-v') {
    io.out(`${packageVersion()}\n`);
    return 0;
  }
  if (name === 'help') {
    if (!rest.length) {
      io.out(USAGE);
      return 0;
    }
    return main([rest[0], '--help'], io);
  }
  const command = COMMANDS[name];
  if (!command) {
    return reportUsage(io, undefined, name.startsWith('-')
      ? usageError(undefined, name, `unknown option '${name}'`)
      : usageError(undefined, name, `unknown command '${name}'`, `use one of ${Object.keys(COMMANDS).join(', ')}; see \`stillon --help\``));
  }
  return command.load()(rest, io);
}
