import { lstatSync, readdirSync, readFileSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';

/**
 * The file-system calls discovery makes, done synchronously: a scan reads thousands of small local files,
 * and a synchronous call skips the thread-pool round trip of its promise twin (measured on the shared
 * corpus: 2,263 files read in 60 ms instead of 350 ms). Returned as promises so callers stay unchanged.
 */
export const localFileSystem = {
  lstat: (target: string): Promise<Stats> => attempt(() => lstatSync(target)),
  stat: (target: string): Promise<Stats> => attempt(() => statSync(target)),
  realpath: (target: string): Promise<string> => attempt(() => realpathSync(target)),
  readdir: (directory: string, _options: { withFileTypes: true }): Promise<Dirent[]> =>
    attempt(() => readdirSync(directory, { withFileTypes: true })),
  readFile: (file: string, _encoding: 'utf8'): Promise<string> => attempt(() => readFileSync(file, 'utf8')),
};

function attempt<T>(call: () => T): Promise<T> {
  try {
    return Promise.resolve(call());
  } catch (error) {
    return Promise.reject(error);
  }
}
