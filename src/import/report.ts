import { formatDifference } from '../compare';
import { ImportedApp, importable, unexplained } from './import';

/**
 * The import report of one app, plain text: what became which construct, what stayed raw and
 * why, every difference from the original (named convention changes, then the others), what
 * import writes and which originals the user removes after review. Names keys, never values of
 * plaintext: on plaintext it lists where and the `stillon seal` command to run instead.
 */
export function formatReport(app: ImportedApp, options: { readonly acceptDifferences: boolean; readonly dryRun: boolean }): string {
  const out: string[] = [];
  const from = app.originals.join(', ');
  out.push(`import ${app.source.app} (namespace ${app.namespace}) from ${from}`);
  if (app.plaintext.length) {
    out.push('  Plaintext in the original: import stops and writes nothing. Seal each value instead (read from stdin, never typed on the command line):');
    for (const f of app.plaintext) out.push(`    ${f.rule}: ${f.message}`, `      ${f.seal}`);
    out.push('  Then reference the sealed secret from the workload (secretKeyRef / envFrom), remove the plaintext, rotate the values, and import again.');
    return `${out.join('\n')}\n`;
  }
  const model = app.model!;
  const typed = model.parts.filter((p) => p.typed).map((p) => `${p.id} (${p.objects.join(', ')})`);
  out.push(`  Typed: ${typed.length ? typed.join('; ') : 'nothing'}`);
  if (app.raw.size) {
    out.push('  Raw (RawObject, review why):');
    for (const [key, reason] of [...app.raw].sort(([a], [b]) => a.localeCompare(b))) out.push(`    ${key}: ${reason}`);
  }
  const proof = app.proof!;
  if (proof.errors.length) {
    out.push('  Synth of the generated app failed:');
    for (const v of proof.errors) out.push(`    ${v.code} ${v.path ?? ''}: ${v.message}${v.fix ? ` (fix: ${v.fix})` : ''}`);
  }
  for (const v of proof.warnings) out.push(`  warning ${v.code} ${v.path ?? ''}: ${v.message}`);
  if (proof.comparison) {
    const byName = new Map<string, string[]>();
    for (const e of proof.comparison.explained) byName.set(e.by, [...byName.get(e.by) ?? [], formatDifference(e.difference)]);
    out.push(`  Convention changes (named, on purpose): ${byName.size ? [...byName.keys()].sort().join(', ') : 'none'}`);
    for (const name of [...byName.keys()].sort()) for (const line of byName.get(name)!) out.push(`    ${name}: ${line}`);
    const others = unexplained(app);
    out.push(`  Other differences: ${others.length ? others.length : 'none'}`);
    for (const d of others) out.push(`    ${formatDifference(d)}`);
  }
  const ok = importable(app, options.acceptDifferences);
  const files = [...app.files.keys()];
  if (!ok) {
    out.push(`  Not written: ${proof.errors.length ? 'the generated app does not synthesize' : 'the app would not mean what the original means (pass --accept-differences after reviewing them)'}.`);
  } else if (options.dryRun) {
    out.push(`  Would write (--dry-run: nothing written): ${files.join(', ')}`);
  } else {
    out.push(`  Writes: ${files.join(', ')}`);
  }
  if (ok) out.push(`  After review (then \`npm run synth\`), remove the originals: ${from}`);
  return `${out.join('\n')}\n`;
}
