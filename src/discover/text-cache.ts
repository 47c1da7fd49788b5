import { localFileSystem as fs } from './local-file-system.js';

/** Reads the text of a file. */
export type TextReader = (filePath: string) => Promise<string>;

/**
 * Wraps a reader so each file is read at most once per scan: the relevance prefilter and the
 * parsers share one, and a failed read fails the same way for every caller.
 */
export function createCachingTextReader(
  readText: TextReader = (filePath) => fs.readFile(filePath, 'utf8'),
): TextReader {
  const texts = new Map<string, Promise<string>>();
  return (filePath) => {
    let text = texts.get(filePath);
    if (text === undefined) {
      text = readText(filePath);
      texts.set(filePath, text);
    }
    return text;
  };
}

/** A short reason for a failed read, for a one-line user message (no stack, no errno prefix). */
export function describeReadError(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  return error instanceof Error ? error.message : String(error);
}

/** Reads a file's text, or records why it cannot be read (one file error) and gives undefined. */
export async function readTextOrRecord(
  readText: TextReader,
  file: string,
  errors: Array<{ file: string; message: string }>,
): Promise<string | undefined> {
  try {
    return await readText(file);
  } catch (error) {
    errors.push({ file, message: `cannot read the file: ${describeReadError(error)}` });
    return undefined;
  }
}
