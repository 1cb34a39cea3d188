import { createTwoFilesPatch } from 'diff';
import { WritePlan } from './write';

/** What `synth --check` reports: the committed output against what synth would write. */
export function describeStaleOutput(plan: WritePlan): string {
  const parts: string[] = [];
  for (const rel of plan.update) parts.push(`stale: ${rel}\n${patch(rel, plan.current.get(rel)!, plan.files.get(rel)!)}`);
  for (const rel of plan.create) parts.push(`missing: ${rel}\n${patch(rel, '', plan.files.get(rel)!)}`);
  for (const rel of plan.remove) parts.push(`extra: ${rel} (synth would delete it)\n${patch(rel, plan.current.get(rel)!, '')}`);
  return parts.join('\n');
}

/**
 * A plain Secret never comes out of synth (PlainSecret), but one can be typed into a committed
 * file by hand; its diff would print the values into a terminal or a CI log, so it is withheld.
 */
const PLAIN_SECRET = /^kind: Secret\s*$/m;

function patch(rel: string, before: string, after: string): string {
  if (PLAIN_SECRET.test(before) || PLAIN_SECRET.test(after)) {
    return `(diff withheld: ${rel} holds a plain Secret, whose values must not be printed; open the file to compare)\n`;
  }
  return createTwoFilesPatch(`a/${rel}`, `b/${rel}`, before, after, 'committed', 'synth', { context: 3 })
    .split('\n').slice(1).join('\n'); // drop the "====" separator line
}
