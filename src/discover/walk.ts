import type { Dirent, Stats } from 'node:fs';
import { localFileSystem as fs } from './local-file-system.js';
import path from 'node:path';
import { classifyFile, comparePaths, type FileKind } from './file-kind.js';
import { GitignoreRules } from './gitignore.js';

/** A file the scan will read. */
export interface DiscoveredFile {
  /** Absolute and normalized, as found (through a symbolic link if that is how it was reached). */
  path: string;
  kind: FileKind;
  /** Size in bytes of the file the path leads to. */
  size: number;
}

/** Something discovery could not do; the caller decides whether it is fatal. */
export interface DiscoveryProblem {
  /** The absolute path concerned. */
  file: string;
  message: string;
}

/** The files to scan, sorted by path and each real file once, with what could not be looked at. */
export interface DiscoveryResult {
  files: DiscoveredFile[];
  problems: DiscoveryProblem[];
}

/** How to resolve the paths given to {@link discoverFiles}. */
export interface DiscoveryOptions {
  /** Directory relative paths are resolved against; defaults to `process.cwd()`. */
  cwd?: string;
}

// Tool state and dependencies, never configuration someone wants linted; `.git` is not always gitignored.
// `.terragrunt-cache` holds Terragrunt's copies of modules, each a duplicate of a source or a download.
const ALWAYS_SKIPPED_DIRECTORIES = new Set(['.git', '.terraform', '.terragrunt-cache', 'node_modules']);

const RETURNED_KINDS: ReadonlySet<FileKind> = new Set<FileKind>(['terraform', 'terraform-json', 'terraform-vars', 'terragrunt', 'structured', 'application-config']);

interface Candidate extends DiscoveredFile {
  realPath: string;
  /** Reached through a symbolic link below the path argument: loses to the same file reached directly. */
  throughSymlink: boolean;
}

/**
 * Finds the Terraform files under the given files and directories, honouring `.gitignore` files
 * inside them; paths given explicitly are scanned even when ignored, as ESLint does.
 */
export async function discoverFiles(paths: string[], options: DiscoveryOptions = {}): Promise<DiscoveryResult> {
  const cwd = options.cwd ?? process.cwd();
  const candidates: Candidate[] = [];
  const problems: DiscoveryProblem[] = [];
  for (const given of paths) {
    await discoverUnder(path.resolve(cwd, given), candidates, problems);
  }
  problems.sort((left, right) => comparePaths(left.file, right.file) || comparePaths(left.message, right.message));
  return { files: keepEachRealFileOnce(candidates), problems };
}

async function discoverUnder(givenPath: string, candidates: Candidate[], problems: DiscoveryProblem[]): Promise<void> {
  try {
    await fs.lstat(givenPath);
  } catch (error) {
    problems.push({ file: givenPath, message: isMissing(error) ? 'path does not exist' : describeError(error) });
    return;
  }
  let realPath: string;
  let stats: Stats;
  try {
    realPath = await fs.realpath(givenPath);
    stats = await fs.stat(realPath);
  } catch (error) {
    // lstat succeeded, so the path itself is there: it is a symbolic link that leads nowhere.
    const message = isMissing(error) ? 'broken symbolic link' : describeError(error);
    problems.push({ file: givenPath, message });
    return;
  }
  if (stats.isDirectory()) {
    const walk = new DirectoryWalk(realPath, candidates, problems);
    await walk.run(givenPath);
  } else if (stats.isFile()) {
    const kind = classifyFile(givenPath);
    if (RETURNED_KINDS.has(kind)) {
      candidates.push({ path: givenPath, kind, size: stats.size, realPath, throughSymlink: false });
    }
  } else {
    problems.push({ file: givenPath, message: 'not a regular file or directory' });
  }
}

interface PendingSymlink {
  path: string;
  /** The rules of the directory holding the link. */
  rules: GitignoreRules;
}

/** One walk of a directory argument; symbolic links never lead it outside `realRoot`. */
class DirectoryWalk {
  private readonly visitedRealDirectories = new Set<string>();
  private pendingSymlinks: PendingSymlink[] = [];

  constructor(
    private readonly realRoot: string,
    private readonly candidates: Candidate[],
    private readonly problems: DiscoveryProblem[],
  ) {}

  /** Walks the directory argument `rootPath`, as given, whose real path is `realRoot`. */
  async run(rootPath: string): Promise<void> {
    this.visitedRealDirectories.add(this.realRoot);
    await this.walkDirectory(rootPath, this.realRoot, GitignoreRules.none, false);
    // Links are followed only once every real directory has been walked, so a file is reported
    // under its real location, and a link to a directory already walked is skipped, which also
    // breaks every loop. Each batch is sorted so the outcome never depends on timing.
    while (this.pendingSymlinks.length > 0) {
      const batch = this.pendingSymlinks.sort((left, right) => comparePaths(left.path, right.path));
      this.pendingSymlinks = [];
      for (const link of batch) await this.followSymlink(link);
    }
  }

  private async walkDirectory(
    directory: string,
    realDirectory: string,
    inheritedRules: GitignoreRules,
    throughSymlink: boolean,
  ): Promise<void> {
    let entries: Dirent[];
    try {
      entries = await fs.readdir(directory, { withFileTypes: true });
    } catch (error) {
      this.problems.push({ file: directory, message: `cannot read directory: ${describeError(error)}` });
      return;
    }
    const rules = await this.rulesFor(directory, entries, inheritedRules);
    const work: Array<Promise<void>> = [];
    for (const entry of entries) {
      const entryPath = path.join(directory, entry.name);
      if (entry.isSymbolicLink()) {
        this.pendingSymlinks.push({ path: entryPath, rules });
      } else if (entry.isDirectory()) {
        const realEntryPath = path.join(realDirectory, entry.name);
        if (this.shouldEnter(entryPath, realEntryPath, rules)) {
          work.push(this.walkDirectory(entryPath, realEntryPath, rules, throughSymlink));
        }
      } else if (entry.isFile()) {
        const kind = classifyFile(entry.name);
        if (RETURNED_KINDS.has(kind) && !rules.ignores(entryPath, false)) {
          work.push(this.addFile(entryPath, path.join(realDirectory, entry.name), kind, throughSymlink));
        }
      }
    }
    await Promise.all(work);
  }

  private async rulesFor(directory: string, entries: Dirent[], inheritedRules: GitignoreRules): Promise<GitignoreRules> {
    // Git (since 2.32) does not follow a .gitignore that is a symbolic link, so neither do we.
    if (!entries.some((entry) => entry.name === '.gitignore' && entry.isFile())) return inheritedRules;
    const gitignorePath = path.join(directory, '.gitignore');
    try {
      return inheritedRules.withFile(directory, await fs.readFile(gitignorePath, 'utf8'));
    } catch (error) {
      this.problems.push({ file: gitignorePath, message: `cannot read .gitignore: ${describeError(error)}` });
      return inheritedRules;
    }
  }

  private shouldEnter(directory: string, realDirectory: string, rules: GitignoreRules): boolean {
    if (ALWAYS_SKIPPED_DIRECTORIES.has(path.basename(directory))) return false;
    if (this.visitedRealDirectories.has(realDirectory) || rules.ignores(directory, true)) return false;
    this.visitedRealDirectories.add(realDirectory);
    return true;
  }

  private async addFile(filePath: string, realPath: string, kind: FileKind, throughSymlink: boolean): Promise<void> {
    try {
      const { size } = await fs.stat(filePath);
      this.candidates.push({ path: filePath, kind, size, realPath, throughSymlink });
    } catch (error) {
      this.problems.push({ file: filePath, message: `cannot read file: ${describeError(error)}` });
    }
  }

  private async followSymlink(link: PendingSymlink): Promise<void> {
    let realTarget: string;
    let stats: Stats;
    try {
      realTarget = await fs.realpath(link.path);
      stats = await fs.stat(realTarget);
    } catch {
      // A dangling link inside a tree is common (it targets something absent from this checkout)
      // and holds nothing to scan; only one named on the command line is reported.
      return;
    }
    if (!isInside(realTarget, this.realRoot)) return;
    if (stats.isDirectory()) {
      if (this.shouldEnter(link.path, realTarget, link.rules)) {
        await this.walkDirectory(link.path, realTarget, link.rules, true);
      }
    } else if (stats.isFile()) {
      const kind = classifyFile(link.path);
      if (RETURNED_KINDS.has(kind) && !link.rules.ignores(link.path, false)) {
        this.candidates.push({ path: link.path, kind, size: stats.size, realPath: realTarget, throughSymlink: true });
      }
    }
  }
}

function keepEachRealFileOnce(candidates: Candidate[]): DiscoveredFile[] {
  const preferred = [...candidates].sort(
    (left, right) => Number(left.throughSymlink) - Number(right.throughSymlink) || comparePaths(left.path, right.path),
  );
  const seenRealPaths = new Set<string>();
  const files: DiscoveredFile[] = [];
  for (const { path: filePath, kind, size, realPath } of preferred) {
    if (seenRealPaths.has(realPath)) continue;
    seenRealPaths.add(realPath);
    files.push({ path: filePath, kind, size });
  }
  return files.sort((left, right) => comparePaths(left.path, right.path));
}

function isInside(candidate: string, directory: string): boolean {
  const prefix = directory.endsWith(path.sep) ? directory : directory + path.sep;
  return candidate === directory || candidate.startsWith(prefix);
}

function isMissing(error: unknown): boolean {
  return errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR';
}

const ERROR_DESCRIPTIONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ELOOP: 'symbolic link loop',
  EIO: 'input/output error',
};

function describeError(error: unknown): string {
  const code = errorCode(error);
  if (code !== undefined) return ERROR_DESCRIPTIONS[code] ?? code;
  return error instanceof Error ? error.message : String(error);
}

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}
