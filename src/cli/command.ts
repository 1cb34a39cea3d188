import { CliIo } from './io';

/**
 * One subcommand of `stillon`: takes its own arguments, returns the exit code. In its own file so
 * that the commands never import main.ts, which loads them.
 */
export type Command = (args: string[], io: CliIo) => Promise<number>;
