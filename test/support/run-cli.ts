import { main, type CliIo } from '../../src/cli/main.js';

/** What one in-process run of the CLI produced. */
export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process as a non-terminal would, with `env` as the whole environment, and collects its output. */
export async function runCli(argv: string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    cwd,
    env,
    isTTY: false,
  };
  const exitCode = await main(argv, io);
  return { exitCode, stdout, stderr };
}
