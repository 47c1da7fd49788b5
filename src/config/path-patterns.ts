import path from 'node:path';
import ignore, { type Ignore } from 'ignore';

// As for `.gitignore` files during the walk (src/discover/gitignore.ts): case-insensitive where the file
// systems macOS and Windows use by default are, so that a pattern means what git would take it to mean.
const IGNORE_CASE = process.platform === 'darwin' || process.platform === 'win32';

/** `.gitignore`-syntax patterns written relative to a directory, tested against absolute paths. */
export class PathPatterns {
  private readonly matcher: Ignore;

  constructor(
    private readonly directory: string,
    patterns: readonly string[],
  ) {
    this.matcher = ignore({ ignorecase: IGNORE_CASE }).add([...patterns]);
  }

  /** Whether the patterns match a file (or a directory above it); never a path outside the directory. */
  matchesFile(file: string): boolean {
    const relativePath = this.relativePathOf(file);
    return relativePath !== undefined && this.matcher.ignores(relativePath);
  }

  /** Whether the patterns match a directory, directory-only patterns (`live/prod/`) included. */
  matchesDirectory(directory: string): boolean {
    const relativePath = this.relativePathOf(directory);
    return relativePath !== undefined && this.matcher.ignores(`${relativePath}/`);
  }

  /** The `/`-separated path below the patterns' directory, or undefined outside it (which `ignore` refuses). */
  private relativePathOf(absolutePath: string): string | undefined {
    const relativePath = path.relative(this.directory, absolutePath);
    if (relativePath === '' || path.isAbsolute(relativePath) || relativePath === '..' || relativePath.startsWith(`..${path.sep}`)) return undefined;
    return path.sep === '/' ? relativePath : relativePath.split(path.sep).join('/');
  }
}
