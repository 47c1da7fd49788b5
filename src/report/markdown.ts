import type { Level } from '../model/rule.js';
import { highAvailabilityKpis, type HighAvailabilityKpis } from './kpis.js';
import { isShown, relativePath, sortFileMessages, sortFindings, type ReportInput } from './report-input.js';

const LEVEL_LABELS: Record<Level, string> = { error: '🔴 error', warning: '🟠 warning', note: '🔵 note' };

/** A table cell: pipes escaped, line breaks flattened, so that no text can break the table. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/**
 * A Markdown report to paste into a pull request or a job summary: a table of findings (those a baseline holds
 * are left out and counted), files that could not be scanned, and the high-availability KPIs.
 */
export function formatMarkdown(input: ReportInput): string {
  const shown = input.result.findings.filter(isShown);
  const inBaseline = input.result.findings.filter((finding) => finding.baselineState === 'unchanged').length;
  const suppressed = input.result.findings.length - shown.length - inBaseline;
  const parts: string[] = ['## iac-mq-lint', ''];
  if (shown.length === 0) {
    parts.push(input.result.errors.length === 0 ? 'No problems found.' : 'No findings in the files that could be scanned.', '');
  } else {
    parts.push('| level | rule | location | message |', '|---|---|---|---|');
    for (const finding of sortFindings(shown, input.cwd)) {
      const { start } = finding.location.range;
      const where = `${relativePath(finding.location.file, input.cwd)}:${start.line}:${start.column}`;
      parts.push(`| ${LEVEL_LABELS[finding.level]} | [${finding.ruleId}](${ruleHelp(input, finding.ruleId)}) \`${finding.ruleSlug}\` | \`${cell(where)}\` | ${cell(finding.message)} |`);
    }
    parts.push('');
  }
  if (inBaseline > 0) parts.push(`${inBaseline} finding${inBaseline === 1 ? '' : 's'} already in the baseline, not shown.`, '');
  if (suppressed > 0) parts.push(`${suppressed} finding${suppressed === 1 ? '' : 's'} suppressed, not shown.`, '');
  const errors = sortFileMessages(input.result.errors, input.cwd);
  if (errors.length > 0) {
    parts.push('**Files that could not be scanned**', '');
    for (const error of errors) {
      const where = `${relativePath(error.file, input.cwd)}${error.line === undefined ? '' : `:${error.line}${error.column === undefined ? '' : `:${error.column}`}`}`;
      parts.push(`- \`${cell(where)}\`: ${cell(error.message)}`);
    }
    parts.push('');
  }
  parts.push(...kpiTable(highAvailabilityKpis(input.result)));
  return `${parts.join('\n').replace(/\n+$/, '')}\n`;
}

function ruleHelp(input: ReportInput, ruleId: string): string {
  return input.rules.find((rule) => rule.id === ruleId)?.helpUri ?? '';
}

function kpiTable(kpis: HighAvailabilityKpis): string[] {
  const total = kpis.production + kpis.nonProduction + kpis.unknown;
  if (total === 0) return [];
  const cost =
    kpis.nonCompliant === 0
      ? '$0'
      : kpis.nonCompliant === kpis.unpriced
        ? 'unknown (instance types not priced)'
        : `about $${Math.round(kpis.monthlyCostOfFixing).toLocaleString('en-US')}/month${kpis.unpriced > 0 ? `, plus ${kpis.unpriced} not priced` : ''}`;
  return [
    '**High availability**',
    '',
    '| brokers in production | non-production | unknown environment | production brokers highly available | non-compliant brokers | monthly cost of fixing them |',
    '|---|---|---|---|---|---|',
    `| ${kpis.production} | ${kpis.nonProduction} | ${kpis.unknown} | ${kpis.productionHighlyAvailablePercent === undefined ? 'n/a' : `${kpis.productionHighlyAvailablePercent}%`} | ${kpis.nonCompliant} | ${cost} |`,
    '',
  ];
}
