import type { Finding } from '../model/finding.js';
import { formatKpiLine, highAvailabilityKpis } from './kpis.js';
import type { Level } from '../model/rule.js';
import type { LineIndex, SourceLocation } from '../model/source.js';
import {
  isShown,
  lineIndexReader,
  relativePath,
  sortFileMessages,
  sortFindings,
  type FileMessage,
  type ReportInput,
} from './report-input.js';

/** How the text report looks; the CLI enables colour for a TTY without `NO_COLOR`. */
export interface TextOptions {
  color: boolean;
}

type Style = 'bold' | 'dim' | 'red' | 'yellow' | 'cyan' | 'green';

const ANSI_CODES: Record<Style, string> = {
  bold: '\u001b[1m',
  dim: '\u001b[2m',
  red: '\u001b[31m',
  yellow: '\u001b[33m',
  cyan: '\u001b[36m',
  green: '\u001b[32m',
};
const ANSI_RESET = '\u001b[0m';

const LEVEL_STYLES: Record<Level, Style> = { error: 'red', warning: 'yellow', note: 'cyan' };

type Paint = (style: Style, text: string) => string;

/** Formats findings with code frames, then file errors and notices, then a summary, for people at a terminal. */
export function formatText(input: ReportInput, options: TextOptions): string {
  const paint: Paint = options.color
    ? (style, text) => `${ANSI_CODES[style]}${text}${ANSI_RESET}`
    : (_style, text) => text;
  const lineIndexOf = lineIndexReader(input.readSource);

  // Findings the baseline holds or a directive suppresses are accepted: counted in the summary, not shown.
  const shown = input.result.findings.filter(isShown);
  const blocks = sortFindings(shown, input.cwd).map((finding) =>
    formatFinding(finding, input.cwd, lineIndexOf(finding.location.file), paint),
  );
  const errors = sortFileMessages(input.result.errors, input.cwd);
  if (errors.length > 0) {
    blocks.push(errors.map((error) => formatFileMessage(error, 'error', input.cwd, paint)).join('\n'));
  }
  const notices = sortFileMessages(input.result.notices, input.cwd);
  if (notices.length > 0) {
    blocks.push(notices.map((notice) => formatFileMessage(notice, 'notice', input.cwd, paint)).join('\n'));
  }
  blocks.push(formatSummary(input, paint));
  return `${blocks.join('\n\n')}\n`;
}

function formatFinding(finding: Finding, cwd: string, source: LineIndex | undefined, paint: Paint): string {
  const { start } = finding.location.range;
  const lines = [
    [
      paint('bold', formatPosition(relativePath(finding.location.file, cwd), start.line, start.column)),
      paint(LEVEL_STYLES[finding.level], finding.level),
      finding.message,
      paint('dim', `[${finding.ruleId} ${finding.ruleSlug}]`),
    ].join('  '),
  ];
  if (source !== undefined) {
    lines.push(...formatCodeFrame(finding.location, source, LEVEL_STYLES[finding.level], paint));
  }
  for (const related of finding.related) {
    const { line, column } = related.range.start;
    const position = formatPosition(relativePath(related.file, cwd), line, column);
    lines.push(`  ${paint('dim', '↳')} ${position}  ${related.message}`);
  }
  return lines.join('\n');
}

/** The line before, the line itself (marked `>`) and the line after, with `^~~~` under the located range. */
function formatCodeFrame(location: SourceLocation, source: LineIndex, markerStyle: Style, paint: Paint): string[] {
  const { start, end } = location.range;
  if (start.line < 1 || start.line > source.lineCount) return [];
  const first = Math.max(1, start.line - 1);
  const last = Math.min(source.lineCount, start.line + 1);
  const gutterWidth = String(last).length;
  const frame: string[] = [];
  for (let line = first; line <= last; line++) {
    const text = source.lineText(line);
    const pointer = line === start.line ? paint(markerStyle, '>') : ' ';
    const gutter = paint('dim', `${String(line).padStart(gutterWidth)} |`);
    frame.push(`  ${pointer} ${gutter}${text === '' ? '' : ` ${text}`}`);
    if (line === start.line) {
      const startColumn = Math.min(start.column, text.length + 1);
      const endColumn = end.line === start.line ? Math.min(end.column, text.length + 1) : text.length + 1;
      // Tabs are copied into the indent so the marker lines up however wide the terminal draws them.
      const indent = text.slice(0, startColumn - 1).replace(/[^\t]/g, ' ');
      const marker = `^${'~'.repeat(Math.max(0, endColumn - startColumn - 1))}`;
      frame.push(`    ${paint('dim', `${' '.repeat(gutterWidth)} |`)} ${indent}${paint(markerStyle, marker)}`);
    }
  }
  return frame;
}

function formatFileMessage(item: FileMessage, label: 'error' | 'notice', cwd: string, paint: Paint): string {
  const position = formatPosition(relativePath(item.file, cwd), item.line, item.column);
  return `${paint('bold', position)}  ${paint(label === 'error' ? 'red' : 'cyan', label)}  ${item.message}`;
}

function formatPosition(file: string, line: number | undefined, column: number | undefined): string {
  if (line === undefined) return file;
  return column === undefined ? `${file}:${line}` : `${file}:${line}:${column}`;
}

function formatSummary(input: ReportInput, paint: Paint): string {
  const { errors } = input.result;
  const findings = input.result.findings.filter(isShown);
  const inBaseline = input.result.findings.filter((finding) => finding.baselineState === 'unchanged').length;
  const suppressed = input.result.findings.filter((finding) => finding.baselineState !== 'unchanged' && finding.suppression !== undefined).length;
  const lines: string[] = [];
  if (findings.length === 0 && errors.length === 0) {
    lines.push(paint('green', 'No problems found.'));
  } else if (findings.length === 0) {
    lines.push('No findings in the files that could be scanned.');
  } else {
    const count = (level: Level): number => findings.filter((finding) => finding.level === level).length;
    const files = new Set(findings.map((finding) => finding.location.file)).size;
    const worst: Level = count('error') > 0 ? 'error' : count('warning') > 0 ? 'warning' : 'note';
    const counts = (['error', 'warning', 'note'] as const).map((level) => plural(count(level), level)).join(', ');
    lines.push(paint('bold', paint(LEVEL_STYLES[worst], `${counts} in ${plural(files, 'file')}`)));
  }
  const kpiLine = formatKpiLine(highAvailabilityKpis(input.result));
  if (kpiLine) lines.push(kpiLine);
  if (inBaseline > 0) lines.push(paint('dim', `${plural(inBaseline, 'finding')} already in the baseline, not shown`));
  if (suppressed > 0) lines.push(paint('dim', `${plural(suppressed, 'finding')} suppressed, not shown`));
  if (errors.length > 0) {
    const files = new Set(errors.map((error) => error.file)).size;
    lines.push(paint('red', `${plural(files, 'file')} could not be scanned`));
  }
  return lines.join('\n');
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
