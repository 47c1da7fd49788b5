import path from 'node:path';
import ignore, { type Ignore } from 'ignore';

interface GitignoreFile {
  /** The directory holding the `.gitignore`: its patterns are relative to it. */
  directory: string;
  matcher: Ignore;
}

// Git matches case-insensitively where it set core.ignoreCase on clone, which it does on the
// case-insensitive file systems macOS and Windows use by default.
const IGNORE_CASE = process.platform === 'darwin' || process.platform === 'win32';

/** The `.gitignore` files that apply inside one directory of a walk, nearest first. */
export class GitignoreRules {
  /** No `.gitignore` read yet: nothing is ignored. */
  static readonly none = new GitignoreRules([]);

  private constructor(private readonly nearestFirst: readonly GitignoreFile[]) {}

  /** These rules plus the `.gitignore` found in `directory`, which takes precedence over them. */
  withFile(directory: string, text: string): GitignoreRules {
    const matcher = ignore({ ignorecase: IGNORE_CASE }).add(text);
    return new GitignoreRules([{ directory, matcher }, ...this.nearestFirst]);
  }

  /**
   * Whether git would leave out `entryPath`, an entry of a directory the walk entered (so none of
   * its ancestors is ignored); directory-only patterns (`build/`) apply when `isDirectory` is set.
   */
  ignores(entryPath: string, isDirectory: boolean): boolean {
    // Git lets the nearest .gitignore with a matching pattern decide, a deeper file overriding a higher one.
    for (const file of this.nearestFirst) {
      const relativePath = toPosixPath(path.relative(file.directory, entryPath));
      const verdict = file.matcher.test(isDirectory ? `${relativePath}/` : relativePath);
      if (verdict.unignored) return false;
      if (verdict.ignored && !isInheritedFromParent(file.matcher, relativePath)) return true;
    }
    return false;
  }
}

/**
 * Whether `ignore` reported a path as ignored only because its parent directory matched. The walk
 * is inside that parent, so a deeper `.gitignore` re-included it and this file has no say on the
 * path itself. `ignore` cannot tell us whether one of this file's patterns also matches the path,
 * so such a path is kept: scanning a file git ignores is the harmless mistake for a linter.
 */
function isInheritedFromParent(matcher: Ignore, relativePath: string): boolean {
  const parent = path.posix.dirname(relativePath);
  return parent !== '.' && matcher.test(`${parent}/`).ignored;
}

function toPosixPath(filePath: string): string {
  return path.sep === '/' ? filePath : filePath.split(path.sep).join('/');
}
