import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type * as Sarif from 'sarif';
import { PROJECT_ROOT } from './project-root.js';

/** What the multitool said about a log, one line per validator result: level, rule id, position and message. */
export interface MultitoolValidation {
  errors: string[];
  warnings: string[];
  notes: string[];
}

const MULTITOOL_WRAPPER = path.join(PROJECT_ROOT, 'node_modules/.bin/sarif-multitool');
/** A cold start of the ~96 MB executable plus validation; callers' test timeouts must be longer. */
const MULTITOOL_TIMEOUT_MS = 110_000;
/** A log without rule descriptors, which only the GitHub rules reject (GH1018): proof that they ran. */
const CONTROL_LOG = { version: '2.1.0', runs: [{ tool: { driver: { name: 'control' } }, results: [] }] };
const CONTROL_RULE_ID = 'GH1018';

/**
 * Validates a SARIF log with Microsoft's SARIF Multitool under the SARIF and GitHub rule sets; throws
 * when the multitool could not do its job (it did not start, did not scan the log, skipped the GitHub
 * rules or reported an execution error), so that a silent multitool never passes for a clean log.
 */
export async function validateSarifWithMultitool(sarifText: string): Promise<MultitoolValidation> {
  ensureMultitoolExecutable();
  // The wrapper's shell would split a path with spaces; the system temp directory has none.
  const directory = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'iac-mq-lint-sarif-'));
  try {
    const logFile = path.join(directory, 'iac-mq-lint.sarif');
    const controlFile = path.join(directory, 'control.sarif');
    const reportFile = path.join(directory, 'validation.sarif');
    await fs.promises.writeFile(logFile, sarifText);
    await fs.promises.writeFile(controlFile, JSON.stringify(CONTROL_LOG));
    await runValidate([logFile, controlFile], reportFile);
    return await readValidationReport(reportFile, logFile, controlFile);
  } finally {
    await fs.promises.rm(directory, { recursive: true, force: true });
  }
}

async function runValidate(logFiles: string[], reportFile: string): Promise<void> {
  const { stdout } = await promisify(execFile)(
    MULTITOOL_WRAPPER,
    // The wrapper hands its arguments to a shell: the inner quotes keep `;` from ending the command
    // (unquoted, only the SARIF rules run and the GitHub rules are skipped without a word).
    // `--force` from older docs does not exist in 5.7.0; `--log ForceOverwrite` replaces it.
    ['validate', '--rule-kind', '"Sarif;Gh"', ...logFiles, '-o', reportFile, '--log', 'ForceOverwrite'],
    {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      timeout: MULTITOOL_TIMEOUT_MS,
      // The multitool is a self-contained .NET app: no .NET runtime is needed, but it aborts at start-up
      // ("Couldn't find a valid ICU package") where libicu is missing, as in slim CI images. Validation
      // needs no culture data, so invariant globalization makes it run everywhere.
      env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' },
    },
  );
  if (!stdout.includes(`${logFiles.length} files scanned`)) {
    throw new Error(`the SARIF Multitool did not scan all ${logFiles.length} logs:\n${stdout}`);
  }
}

/** The results about `logFile`, by level; the exit code is 0 whatever the validators found, so only the report tells. */
async function readValidationReport(reportFile: string, logFile: string, controlFile: string): Promise<MultitoolValidation> {
  const report = JSON.parse(await fs.promises.readFile(reportFile, 'utf8')) as Sarif.Log;
  const run = report.runs[0];
  if (run === undefined) throw new Error('the SARIF Multitool wrote a validation report without a run');
  const failedNotifications = (run.invocations ?? []).flatMap((invocation) =>
    (invocation.toolExecutionNotifications ?? []).filter((notification) => notification.level === 'error'),
  );
  if (failedNotifications.length > 0) {
    const messages = failedNotifications.map((notification) => notification.message.text ?? '?');
    throw new Error(`the SARIF Multitool reported execution errors:\n${messages.join('\n')}`);
  }
  const resultsFor = (file: string): Sarif.Result[] =>
    (run.results ?? []).filter(
      (result) => result.locations?.[0]?.physicalLocation?.artifactLocation?.uri === pathToFileURL(file).href,
    );
  if (!resultsFor(controlFile).some((result) => result.ruleId === CONTROL_RULE_ID)) {
    throw new Error(`the GitHub rules did not run: the control log was not rejected with ${CONTROL_RULE_ID}`);
  }
  const validation: MultitoolValidation = { errors: [], warnings: [], notes: [] };
  for (const result of resultsFor(logFile)) {
    const text = describeResult(run, result);
    // A result without a level is a warning (SARIF §3.27.10).
    if (result.level === 'error') validation.errors.push(text);
    else if (result.level === 'note' || result.level === 'none') validation.notes.push(text);
    else validation.warnings.push(text);
  }
  return validation;
}

/**
 * The wrapper package resolves to the platform package's self-contained .NET executable
 * (`@microsoft/sarif-multitool-linux/Sarif.Multitool`, ~96 MB). That package sets the executable bit
 * in a `postinstall` script, which npm 11 does not run by default, so the bit may be missing.
 */
function ensureMultitoolExecutable(): void {
  if (process.platform === 'win32') return;
  const binary = createRequire(import.meta.url)('@microsoft/sarif-multitool') as string;
  const mode = fs.statSync(binary).mode;
  if ((mode & 0o100) === 0) fs.chmodSync(binary, mode | 0o100);
}

/** A validator result as text: the message template from the validator's own rule descriptor, filled in. */
function describeResult(run: Sarif.Run, result: Sarif.Result): string {
  const rule = run.tool.driver.rules?.[result.ruleIndex ?? -1];
  const messageId = result.message.id;
  const template = (messageId === undefined ? undefined : rule?.messageStrings?.[messageId]?.text) ?? result.message.text;
  const text = (template ?? '').replace(/\{(\d+)\}/g, (_match, index: string) => result.message.arguments?.[Number(index)] ?? '');
  const region = result.locations?.[0]?.physicalLocation?.region;
  const position = `${region?.startLine ?? '?'}:${region?.startColumn ?? '?'}`;
  return `${result.level ?? 'warning'} ${result.ruleId ?? '?'} at ${position}: ${text}`;
}
