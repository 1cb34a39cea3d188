import { StillonError } from '../errors';
import { WriteFs, defaultWriteFs } from '../private/files';
import { WritePlan, applyPlan } from '../synth/write';

/**
 * Writes the new files all or nothing, through synth's staged writer (each file staged next to
 * its target, then renamed into place; a failure undoes every rename). Only new files: the
 * caller has refused every path that exists.
 */
export function writeImport(rootDir: string, files: ReadonlyMap<string, Buffer>, fsys: WriteFs = defaultWriteFs()): void {
  const text = new Map<string, string>();
  for (const [rel, bytes] of files) {
    const s = bytes.toString('utf8');
    // The writer writes UTF-8 text: a file it could not reproduce byte for byte is refused, not altered.
    if (!Buffer.from(s, 'utf8').equals(bytes)) throw new StillonError('NotUtf8', rel, 'the file is not UTF-8 text, so it cannot be copied byte for byte', 'convert it to UTF-8 and import again');
    text.set(rel, s);
  }
  const plan: WritePlan = {
    files: text, current: new Map(), create: [...text.keys()].sort(), update: [], unchanged: [], remove: [], foreign: [], blocked: [], staleTemps: [],
  };
  applyPlan(rootDir, plan, fsys);
}
