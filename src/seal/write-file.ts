import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Replaces `file` in one step: write a temp file next to it, then rename over it. A crash or a
 * full disk leaves the old file intact, never a truncated SealedSecret that Flux would apply.
 * The temp name ends in `.stillon-tmp`, which .gitignore ignores.
 */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.stillon-tmp`);
  try {
    await writeFile(temp, content, { flag: 'wx', mode: 0o644 });
    await rename(temp, file);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
}
