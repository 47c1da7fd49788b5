import { readFileSync, statSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CommanderError } from 'commander';
import { RULES } from '../../rules/index.js';
import { createCachingTextReader, describeReadError } from '../discover/text-cache.js';
import { scan } from '../index.js';
import type { ScanResult } from '../model/finding.js';
import type { Level } from '../model/rule.js';
import { formatJson } from '../report/json.js';
import type { ReportInput } from '../report/report-input.js';
import { formatSarif } from '../report/sarif.js';
import { formatText } from '../report/text.js';
import { formatGithub } from '../report/github.js';
import { formatMarkdown } from '../report/markdown.js';
import { formatExplanation } from '../report/explain.js';
import { BaselineFileError, compareWithBaseline, formatBaseline, parseBaseline, type Baseline } from '../baseline/baseline.js';

import type { ScanOptions } from '../model/options.js';
import { ConfigFileError, findProjectConfig, loadProjectConfig, type ProjectConfig } from '../config/project-config.js';
import { createProgram, readCommandLine, type CommandLine } from './program.js';

/** What the CLI may touch of its surroundings: everything is passed in, so tests run it in-process. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  env: Record<string, string | undefined>;
  /** Whether standard output is a terminal (colour and code frames are for people). */
  isTTY: boolean;
}

/** Exit codes: 0 nothing at or above the failure level, 1 findings, 2 the scan could not do its job. */
export type ExitCode = 0 | 1 | 2;

const LEVEL_RANK: Record<Level, number> = { note: 1, warning: 2, error: 3 };
const FAIL_ON_RANK: Record<CommandLine['failOn'], number> = { note: 1, warning: 2, error: 3, none: Number.POSITIVE_INFINITY };

/** Runs the command line `argv` (without `node` and the script) and returns the exit code; never exits the process. */
export async function main(argv: string[], io: CliIo): Promise<ExitCode> {
  const version = packageVersion();
  const program = createProgram(version, { writeOut: io.stdout, writeErr: io.stderr });
  let commandLine: CommandLine;
  try {
    program.parse(argv, { from: 'user' });
    commandLine = readCommandLine(program);
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : 2;
    }
    throw error;
  }
  try {
    return await runScan(commandLine, version, io);
  } catch (error) {
    io.stderr(`iac-mq-lint: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (commandLine.debug && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    else io.stderr('Run again with --debug for details, and please report it.\n');
    return 2;
  }
}

async function runScan(commandLine: CommandLine, version: string, io: CliIo): Promise<ExitCode> {
  const readText = createCachingTextReader();
  const sources = new Map<string, string>();
  const recordingReader = async (file: string) => {
    const text = await readText(file);
    sources.set(file, text);
    return text;
  };
  const started = performance.now();
  const options: ScanOptions = {
    cwd: io.cwd,
    varFiles: commandLine.varFiles,
    vars: commandLine.vars,
    parameterFiles: commandLine.parameterFiles,
    env: io.env,
    includeNonProduction: commandLine.includeNonProduction,
  };
  if (commandLine.workspace !== undefined) options.workspace = commandLine.workspace;
  if (commandLine.configDir !== undefined) options.configDir = commandLine.configDir;
  if (commandLine.environment !== undefined) options.environment = commandLine.environment;
  if (commandLine.unknownEnvironment !== undefined) options.unknownEnvironment = commandLine.unknownEnvironment;
  try {
    const config = await readProjectConfig(commandLine, io.cwd);
    if (config) options.config = config;
  } catch (error) {
    if (!(error instanceof ConfigFileError)) throw error;
    const where = error.line === undefined ? '' : `:${error.line}${error.column === undefined ? '' : `:${error.column}`}`;
    io.stderr(`iac-mq-lint: ${path.relative(io.cwd, error.file) || error.file}${where}: ${error.message}\n`);
    return 2;
  }
  let baseline: Baseline | undefined;
  if (commandLine.baseline !== undefined) {
    const baselineFile = path.resolve(io.cwd, commandLine.baseline);
    try {
      baseline = parseBaseline(baselineFile, await fs.readFile(baselineFile, 'utf8'));
    } catch (error) {
      const message = error instanceof BaselineFileError ? error.message : `cannot read the baseline: ${describeReadError(error)}`;
      io.stderr(`iac-mq-lint: ${commandLine.baseline}: ${message}\n`);
      return 2;
    }
  }
  const scanned = await scan(commandLine.paths, options, recordingReader);
  const result = baseline ? { ...scanned, findings: compareWithBaseline(scanned.findings, baseline) } : scanned;
  if (commandLine.writeBaseline !== undefined) {
    try {
      await fs.writeFile(path.resolve(io.cwd, commandLine.writeBaseline), formatBaseline(result.findings, io.cwd));
    } catch (error) {
      io.stderr(`iac-mq-lint: cannot write ${commandLine.writeBaseline}: ${describeReadError(error)}\n`);
      return 2;
    }
    io.stderr(`iac-mq-lint: wrote ${result.findings.length} findings to the baseline ${commandLine.writeBaseline}\n`);
  }
  // --quiet narrows what is shown, never what fails: the exit code is computed from the whole result.
  const shownResult = commandLine.quiet ? { ...result, findings: result.findings.filter((finding) => finding.level === 'error'), notices: [] } : result;
  const report = formatReport(commandLine, {
    result: shownResult,
    rules: [...RULES],
    cwd: io.cwd,
    tool: { name: 'iac-mq-lint', version, informationUri: 'https://github.com/iac-mq-lint/iac-mq-lint' },
    readSource: (file) => sources.get(file),
  }, io);
  if (commandLine.explain) {
    // The explanation is for people: beside a text report on standard output, else on standard error so that
    // a JSON or SARIF report stays parseable.
    const explanation = formatExplanation({ result, cwd: io.cwd });
    if (commandLine.format === 'text' && !commandLine.output) io.stdout(`${explanation}\n`);
    else io.stderr(explanation);
  }
  if (commandLine.output) {
    try {
      await fs.writeFile(path.resolve(io.cwd, commandLine.output), report);
    } catch (error) {
      io.stderr(`iac-mq-lint: cannot write ${commandLine.output}: ${error instanceof Error ? error.message : String(error)}\n`);
      return 2;
    }
    if (commandLine.format !== 'text') io.stdout(summaryLine(result));
  } else {
    io.stdout(report);
  }
  if (commandLine.debug) {
    const stats = result.stats;
    io.stderr(
      `iac-mq-lint: ${stats.filesDiscovered} files discovered, ${stats.filesSkipped} skipped by the prefilter, ` +
        `${stats.filesIndexed} indexed, ${stats.filesParsed} parsed by hcl2json, ${stats.resources} brokers, ` +
        `${Math.round(performance.now() - started)} ms (discover ${stats.timings.discoverMs}, prefilter ${stats.timings.prefilterMs}, ` +
        `evaluate ${stats.timings.evaluateMs}, rules ${stats.timings.rulesMs})\n`,
    );
  }
  // Writing a baseline accepts every current finding: only unreadable input fails the run.
  if (commandLine.writeBaseline !== undefined) return result.errors.length > 0 ? 2 : 0;
  return exitCode(result, commandLine.failOn);
}

/** `--config FILE`, else the first `.iac-mq-lint.yml` (`.yaml`, `.json`) from the first scanned path upwards. */
async function readProjectConfig(commandLine: CommandLine, cwd: string): Promise<ProjectConfig | undefined> {
  const knownRuleIds = RULES.map((rule) => rule.id);
  if (commandLine.config !== undefined) return loadProjectConfig(path.resolve(cwd, commandLine.config), { knownRuleIds });
  const first = path.resolve(cwd, commandLine.paths[0] ?? '.');
  let start = first;
  try {
    if (!statSync(first).isDirectory()) start = path.dirname(first);
  } catch {
    start = path.dirname(first);
  }
  const found = findProjectConfig(start);
  return found === undefined ? undefined : loadProjectConfig(found, { knownRuleIds });
}

function formatReport(commandLine: CommandLine, input: ReportInput, io: CliIo): string {
  switch (commandLine.format) {
    case 'json':
      return formatJson(input);
    case 'sarif':
      return formatSarif(input);
    case 'github':
      return formatGithub(input);
    case 'markdown':
      return formatMarkdown(input);
    default: {
      const color = commandLine.color !== false && io.isTTY && !commandLine.output && io.env['NO_COLOR'] === undefined;
      return formatText(input, { color });
    }
  }
}

function summaryLine(result: ScanResult): string {
  return `iac-mq-lint: ${result.findings.length} findings, ${result.errors.length} files could not be scanned\n`;
}

/** Unparseable or unreadable input wins over findings: the verdict on that input is missing. Baseline and suppressed findings never fail. */
export function exitCode(result: ScanResult, failOn: CommandLine['failOn']): ExitCode {
  if (result.errors.length > 0) return 2;
  const threshold = FAIL_ON_RANK[failOn];
  return result.findings.some((finding) => finding.baselineState !== 'unchanged' && finding.suppression === undefined && LEVEL_RANK[finding.level] >= threshold) ? 1 : 0;
}

function packageVersion(): string {
  let directory = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      return (JSON.parse(readFileSync(path.join(directory, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      const parent = path.dirname(directory);
      if (parent === directory) return '0.0.0';
      directory = parent;
    }
  }
}
