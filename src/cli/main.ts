import { CliIo, processIo } from './io';

/** One subcommand of `stillon`: takes its own arguments, returns the exit code. */
export type Command = (args: string[], io: CliIo) => Promise<number>;

/**
 * Subcommands, loaded on demand so that `stillon seal` never pays for loading cdk8s.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- lazy loading is the point of this table */
const COMMANDS: Record<string, { summary: string; load: () => Command }> = {
  synth: { summary: 'render apps/*.ts into kustomize/, apps/ and namespaces/', load: () => require('./synth-command').synthCommand },
  check: { summary: 'check any GitOps repository (what Flux would apply) against the cluster\'s rules', load: () => require('./check-command').checkCommand },
  seal: { summary: 'seal values into sealed-secrets/<ns>/<name>.yaml, offline (kubeseal-compatible)', load: () => require('./seal-command').sealCommand },
  new: { summary: 'scaffold apps/<app>.ts from an image and port, then synthesize it', load: () => require('./new-command').newCommand },
  init: { summary: 'write a new GitOps repository (or add stillon to yours) without replacing any file', load: () => require('./init-command').initCommand },
};
/* eslint-enable @typescript-eslint/no-require-imports */

export const USAGE = `Usage: stillon <command> [options]

Commands:
${Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`).join('\n')}

Run \`stillon <command> --help\` for the options of a command.
`;

/** Runs the CLI; returns the process exit code (0 ok, 1 findings or stale output, 2 usage or I/O error). */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(USAGE);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`stillon: unknown command '${name}'\n\n${USAGE}`);
    return 2;
  }
  return command.load()(rest, io);
}
