import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { Command } from './command';
import { CliIo } from './io';
import { formatError, parseArgsError, reportUsage, usageError } from './print';
import { CheckUsageError, RULE_CODES, check } from '../check/check';
import { passed, toJson, toText } from '../check/report';
import { StillonError } from '../errors';

const USAGE = `Usage: stillon check [path] [--format text|json] [--strict] [--rule <code>]... [--skip-rule <code>]...

Checks what Flux would apply from a GitOps repository (default: the current folder) against the
cluster's rules, the same ones synth enforces: each Flux Kustomization's path, and every
kustomization.yaml nothing else includes, built with kubectl kustomize (plain folders as Flux's
generator reads them). Severities and exceptions come from check in stillon.config.ts.

  --format <f>        text (default) or json (schema: src/check/check-output.schema.json)
  --strict            warnings fail too
  --rule <code>       run only this rule (repeatable)
  --skip-rule <code>  leave this rule out (repeatable)

Rules: ${RULE_CODES.join(', ')}

Exit codes: 0 no error (warnings alone pass unless --strict), 1 errors found, 2 usage or I/O error.
`;

export const checkCommand: Command = async (args: string[], io: CliIo) => {
  let values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        'format': { type: 'string', default: 'text' },
        'strict': { type: 'boolean', default: false },
        'rule': { type: 'string', multiple: true },
        'skip-rule': { type: 'string', multiple: true },
        'help': { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return reportUsage(io, 'check', parseArgsError('check', error));
  }
  if (positionals.length > 1) {
    return reportUsage(io, 'check', usageError('check', positionals[1], `expected at most one path, got ${positionals.length}`, 'pass one repository folder'));
  }
  if (values.format !== 'text' && values.format !== 'json') {
    return reportUsage(io, 'check', usageError('check', '--format', `--format must be text or json, got '${values.format}'`, 'pass --format text or --format json'));
  }
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const root = positionals[0] ?? '.';
  let result;
  try {
    result = check({ rootDir: path.resolve(io.cwd, root), rules: values.rule, skipRules: values['skip-rule'] });
  } catch (error) {
    if (error instanceof CheckUsageError) return reportUsage(io, 'check', usageError('check', root, error.message));
    const errno = (error as NodeJS.ErrnoException).code;
    if (errno?.startsWith('E')) {
      io.err(formatError('check', new StillonError('CheckUnreadable', (error as NodeJS.ErrnoException).path ?? root, (error as Error).message,
        'make the repository readable (permissions, a broken disk), then run stillon check again'), { color: io.color?.err }));
      return 2;
    }
    throw error;
  }
  const strict = values.strict ?? false;
  io.out(values.format === 'json' ? `${JSON.stringify(toJson(result, { root, strict }), null, 2)}\n` : toText(result, { strict }));
  return passed(result, strict) ? 0 : 1;
};
