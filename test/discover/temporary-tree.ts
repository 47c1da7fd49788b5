import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A file's text, or a symbolic link to the given target (relative to the link's directory, or absolute). */
export type TreeEntry = string | { symlinkTo: string };

/** Creates a fresh directory under the system temporary directory holding `entries` (paths use `/`). */
export async function createTemporaryTree(entries: Record<string, TreeEntry>): Promise<string> {
  // realpath: on macOS the temporary directory itself sits behind a symbolic link.
  const root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'iac-mq-lint-discover-')));
  await addToTree(root, entries);
  return root;
}

/** Adds files, directories (a trailing `/`, empty text) and links to an existing tree. */
export async function addToTree(root: string, entries: Record<string, TreeEntry>): Promise<void> {
  for (const [relativePath, entry] of Object.entries(entries)) {
    const target = path.join(root, relativePath);
    if (relativePath.endsWith('/')) {
      await fs.mkdir(target, { recursive: true });
      continue;
    }
    await fs.mkdir(path.dirname(target), { recursive: true });
    if (typeof entry === 'string') await fs.writeFile(target, entry);
    else await fs.symlink(entry.symlinkTo, target);
  }
}

/** Removes a tree made by {@link createTemporaryTree}. */
export async function removeTemporaryTree(root: string): Promise<void> {
  await fs.rm(root, { recursive: true, force: true });
}
