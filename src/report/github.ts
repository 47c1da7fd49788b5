import type { Level } from '../model/rule.js';
import type { SourceLocation } from '../model/source.js';
import { isShown, relativePath, sortFileMessages, sortFindings, type ReportInput } from './report-input.js';
import { formatKpiLine, highAvailabilityKpis } from './kpis.js';

const COMMANDS: Record<Level, string> = { error: 'error', warning: 'warning', note: 'notice' };

/** Workflow-command data: `%`, CR and LF are escaped (GitHub Actions toolkit `escapeData`). */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Workflow-command property values also escape `:` and `,` (toolkit `escapeProperty`). */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function properties(location: SourceLocation | undefined, file: string, title: string): string {
  const parts = [`file=${escapeProperty(file)}`];
  if (location) {
    const { start, end } = location.range;
    parts.push(`line=${start.line}`, `col=${start.column}`, `endLine=${end.line}`, `endColumn=${end.column}`);
  }
  parts.push(`title=${escapeProperty(title)}`);
  return parts.join(',');
}

/**
 * GitHub Actions workflow commands: one annotation per finding on its exact range (findings a baseline holds are
 * left out), per file error and per notice, then the summary as a plain log line.
 */
export function formatGithub(input: ReportInput): string {
  const lines: string[] = [];
  for (const finding of sortFindings(input.result.findings, input.cwd)) {
    if (!isShown(finding)) continue;
    const file = relativePath(finding.location.file, input.cwd);
    lines.push(`::${COMMANDS[finding.level]} ${properties(finding.location, file, `${finding.ruleId} ${finding.ruleSlug}`)}::${escapeData(finding.message)}`);
  }
  for (const error of sortFileMessages(input.result.errors, input.cwd)) {
    const file = relativePath(error.file, input.cwd);
    const position = error.line === undefined ? '' : `,line=${error.line}${error.column === undefined ? '' : `,col=${error.column}`}`;
    lines.push(`::error file=${escapeProperty(file)}${position},title=${escapeProperty('iac-mq-lint: file not scanned')}::${escapeData(error.message)}`);
  }
  for (const notice of sortFileMessages(input.result.notices, input.cwd)) {
    const file = relativePath(notice.file, input.cwd);
    const position = notice.line === undefined ? '' : `,line=${notice.line}${notice.column === undefined ? '' : `,col=${notice.column}`}`;
    lines.push(`::notice file=${escapeProperty(file)}${position},title=${escapeProperty('iac-mq-lint: not checked')}::${escapeData(notice.message)}`);
  }
  const shown = input.result.findings.filter(isShown);
  const count = (level: Level) => shown.filter((finding) => finding.level === level).length;
  const plural = (number: number, noun: string) => `${number} ${noun}${number === 1 ? '' : 's'}`;
  lines.push(
    `iac-mq-lint: ${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${plural(count('note'), 'note')}; ` +
      `${plural(input.result.errors.length, 'file')} could not be scanned`,
  );
  const kpis = formatKpiLine(highAvailabilityKpis(input.result));
  if (kpis) lines.push(`iac-mq-lint: ${kpis}`);
  return `${lines.join('\n')}\n`;
}
