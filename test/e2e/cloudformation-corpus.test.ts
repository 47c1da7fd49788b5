import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultScanOptions, scan, type Finding } from '../../src/index.js';
import { PROJECT_ROOT } from '../support/project-root.js';

// Beside the repository, not in it: a fresh clone has no corpus, and these tests skip.
const CORPUS = path.resolve(PROJECT_ROOT, '../shared/corpus');
const BULK_CORPUS = path.join(CORPUS, 'bulk');
const BROKER_TYPE = 'AWS::AmazonMQ::Broker';
const TEMPLATE_FILE = /\.(ya?ml|json|template)$/i;
const SKIPPED_DIRECTORIES = new Set(['.git', 'node_modules', '.terraform']);

/** Files under a directory whose names a CloudFormation template may have (Terraform JSON excluded), sorted. */
function templateFilesUnder(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true })
    .sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0))
    .flatMap((entry) => {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) return SKIPPED_DIRECTORIES.has(entry.name) ? [] : templateFilesUnder(full);
      return entry.isFile() && TEMPLATE_FILE.test(entry.name) && !entry.name.endsWith('.tf.json') ? [full] : [];
    });
}

function skipWithoutCorpus(directory: string, skip: (note: string) => never): void {
  if (existsSync(directory)) return;
  const note = `${directory} does not exist`;
  console.warn(`skipped: ${note}`);
  skip(note);
}

function relativeToCorpus(file: string): string {
  return path.relative(CORPUS, file).split(path.sep).join('/');
}

/** Whether a finding is about a CloudFormation broker or points into a file only CloudFormation reads. */
function comesFromCloudFormation(finding: Finding): boolean {
  const file = finding.location.file;
  return finding.resource.format === 'cloudformation' || (TEMPLATE_FILE.test(file) && !file.endsWith('.tf.json'));
}

interface TemplateOutcome {
  file: string;
  resources: number;
  findings: string[];
  errors: string[];
}

const MAXIMUM_CELL_WIDTH = 60;

function truncate(text: string): string {
  return text.length <= MAXIMUM_CELL_WIDTH ? text : `${text.slice(0, MAXIMUM_CELL_WIDTH - 1)}…`;
}

/** One row per template; the path comes last so that long paths do not push the other columns apart. */
function formatTable(outcomes: TemplateOutcome[]): string {
  const rows = outcomes.map((outcome) => [
    String(outcome.resources),
    truncate(outcome.findings.join(' ') || '-'),
    truncate(outcome.errors.join(' | ') || '-'),
    outcome.file,
  ]);
  const header = ['brokers', 'findings', 'errors', 'template'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const format = (row: string[]): string => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return [format(header), format(widths.map((width) => '-'.repeat(width))), ...rows.map(format)].join('\n');
}

describe('CloudFormation templates of the shared corpus', () => {
  it('scans every template that names an Amazon MQ broker without an internal error', { timeout: 300_000 }, async ({ skip }) => {
    skipWithoutCorpus(CORPUS, skip);
    const templates = templateFilesUnder(CORPUS).filter((file) => readFileSync(file, 'utf8').includes(BROKER_TYPE));
    expect(templates.length, `no template under ${CORPUS} names ${BROKER_TYPE}`).toBeGreaterThan(0);

    const outcomes: TemplateOutcome[] = [];
    for (const template of templates) {
      // A rejected promise (an internal error, not a file error) fails the test here, naming the template.
      const result = await scan([template], defaultScanOptions({ cwd: CORPUS, env: {} })).catch((error: unknown) => {
        throw new Error(`scanning ${relativeToCorpus(template)} threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      });
      outcomes.push({
        file: relativeToCorpus(template),
        resources: result.stats.resources,
        findings: result.findings.map((finding) => `${finding.ruleId}@${finding.location.range.start.line}:${finding.location.range.start.column}`),
        errors: result.errors.map((error) => `${error.line ?? '?'}:${error.column ?? '?'} ${error.message}`),
      });

      // A template the parser rejects is allowed, but only as a located file error about a file of the scan.
      for (const error of result.errors) {
        expect(error.line, `${relativeToCorpus(error.file)}: ${error.message}`).toBeGreaterThanOrEqual(1);
        expect(relativeToCorpus(error.file), error.message).toBe(relativeToCorpus(template));
      }
      for (const finding of result.findings) {
        expect(finding.location.range.start.line, `${relativeToCorpus(template)} ${finding.ruleId}`).toBeGreaterThanOrEqual(1);
      }
    }
    console.log(`CloudFormation corpus: ${outcomes.length} templates naming ${BROKER_TYPE}\n${formatTable(outcomes)}`);
  });

  it('finds nothing in CloudFormation files of the bulk corpus, which holds no broker', { timeout: 300_000 }, async ({ skip }) => {
    skipWithoutCorpus(BULK_CORPUS, skip);
    const result = await scan([BULK_CORPUS], defaultScanOptions({ cwd: PROJECT_ROOT, env: {} }));
    const fromCloudFormation = result.findings
      .filter(comesFromCloudFormation)
      .map((finding) => `${finding.ruleId} ${relativeToCorpus(finding.location.file)}:${finding.location.range.start.line}`);
    const templateErrors = result.errors.filter((error) => TEMPLATE_FILE.test(error.file) && !error.file.endsWith('.tf.json'));
    console.log(
      [
        `bulk corpus: ${result.stats.filesDiscovered} files discovered, ${result.stats.filesParsed} parsed, ` +
          `${result.findings.length} findings, ${templateErrors.length} errors in YAML/JSON files`,
        ...templateErrors.map((error) => `  ${relativeToCorpus(error.file)}:${error.line ?? '?'}: ${error.message}`),
      ].join('\n'),
    );
    expect(fromCloudFormation).toEqual([]);
  });
});
