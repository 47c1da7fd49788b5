import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSarif } from '../../src/report/sarif.js';
import { SAMPLE_SOURCES, sampleInput } from './sample-findings.js';

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MULTITOOL_WRAPPER = path.join(PROJECT_ROOT, 'node_modules/.bin/sarif-multitool');

/**
 * The wrapper package resolves to the platform package's self-contained .NET executable
 * (`@microsoft/sarif-multitool-linux/Sarif.Multitool`, ~96 MB). That package sets the executable bit
 * in a `postinstall` script, which npm 11 does not run by default, so the bit may be missing.
 */
function ensureMultitoolExecutable(): void {
  const binary = createRequire(import.meta.url)('@microsoft/sarif-multitool') as string;
  if (process.platform === 'win32') return;
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

describe('SARIF accepted by the Microsoft SARIF Multitool', () => {
  let directory: string;

  beforeAll(() => {
    // The wrapper's shell would split a path with spaces; the system temp directory has none.
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'iac-mq-lint-sarif-'));
  });

  afterAll(() => {
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it('validates with the SARIF and GitHub rule sets without errors or warnings', { timeout: 120_000 }, () => {
    ensureMultitoolExecutable();
    // The sample sources are written out so that the artifacts the log names really exist.
    for (const [file, text] of Object.entries(SAMPLE_SOURCES)) {
      fs.mkdirSync(path.dirname(path.join(directory, file)), { recursive: true });
      fs.writeFileSync(path.join(directory, file), text);
    }
    const logFile = path.join(directory, 'iac-mq-lint.sarif');
    fs.writeFileSync(logFile, formatSarif(sampleInput({ cwd: directory })));
    // A control log without rule descriptors, which only the GitHub rules reject (GH1018): proof that they ran.
    const controlFile = path.join(directory, 'control.sarif');
    fs.writeFileSync(
      controlFile,
      JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'control' } }, results: [] }] }),
    );
    const reportFile = path.join(directory, 'validation.sarif');

    const run = spawnSync(
      MULTITOOL_WRAPPER,
      // The wrapper hands its arguments to a shell: the inner quotes keep `;` from ending the command
      // (unquoted, only the SARIF rules run and the GitHub rules are skipped without a word).
      // `--force` from older docs does not exist in 5.7.0; `--log ForceOverwrite` replaces it.
      ['validate', '--rule-kind', '"Sarif;Gh"', logFile, controlFile, '-o', reportFile, '--log', 'ForceOverwrite'],
      {
        cwd: PROJECT_ROOT,
        encoding: 'utf8',
        timeout: 110_000,
        // The multitool is a self-contained .NET app: no .NET runtime is needed, but it aborts at start-up
        // ("Couldn't find a valid ICU package") where libicu is missing, as in slim CI images. Validation
        // needs no culture data, so invariant globalization makes the test run everywhere.
        env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' },
      },
    );
    expect(run.error).toBeUndefined();
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toContain('2 files scanned');

    const validation = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as Sarif.Log;
    const validationRun = validation.runs[0];
    if (validationRun === undefined) throw new Error('the validation log has no run');
    const resultsFor = (file: string): Sarif.Result[] =>
      (validationRun.results ?? []).filter(
        (result) => result.locations?.[0]?.physicalLocation?.artifactLocation?.uri === pathToFileURL(file).href,
      );
    expect(resultsFor(controlFile).map((result) => result.ruleId)).toContain('GH1018');
    // A result without a level is a warning (SARIF §3.27.10); notes are advice and are allowed.
    const problems = resultsFor(logFile)
      .filter((result) => result.level === undefined || result.level === 'error' || result.level === 'warning')
      .map((result) => describeResult(validationRun, result));
    expect(problems).toEqual([]);
    const failedNotifications = (validationRun.invocations ?? []).flatMap((invocation) =>
      (invocation.toolExecutionNotifications ?? []).filter((notification) => notification.level === 'error'),
    );
    expect(failedNotifications).toEqual([]);
  });
});
