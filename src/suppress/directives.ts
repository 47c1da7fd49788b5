import { LineIndex, type SourceLocation } from '../model/source.js';

/** One way to suppress findings: an inline comment, or an entry of CloudFormation `Metadata`. */
export interface SuppressionDirective {
  /** The rule ids it names (at least one: a suppression without ids would hide rules written later). */
  ruleIds: string[];
  reason?: string;
  /** The last day it applies, `YYYY-MM-DD`; after it the findings come back. */
  until?: string;
  /** Where the directive is written. */
  location: SourceLocation;
  /** The lines whose findings it covers: its own (a trailing comment) and the next (a comment above). */
  lines: number[];
  kind: 'comment' | 'metadata' | 'config';
}

/** A directive that cannot be read, with the reason (reported, never silently ignored). */
export interface DirectiveProblem {
  location: SourceLocation;
  message: string;
}

// `# iac-mq-lint:ignore MQ001,MQ008 reason="legacy broker, replaced in Q2" until=2027-03-31` (also `//` in HCL).
const DIRECTIVE = /(?:#|\/\/)\s*iac-mq-lint:ignore\b(.*)$/;
const RULE_ID = /^MQ\d{3}$/;
const OPTION = /(\w+)=(?:"((?:[^"\\]|\\.)*)"|(\S+))/g;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Finds the suppression comments of a file (HCL `#` and `//`, YAML `#`, dotenv and properties `#`). */
export function readCommentDirectives(file: string, text: string): { directives: SuppressionDirective[]; problems: DirectiveProblem[] } {
  const directives: SuppressionDirective[] = [];
  const problems: DirectiveProblem[] = [];
  if (!text.includes('iac-mq-lint:ignore')) return { directives, problems };
  const lines = new LineIndex(text);
  let lineStart = 0;
  text.split('\n').forEach((lineText, index) => {
    const start = lineStart;
    lineStart += lineText.length + 1;
    const match = DIRECTIVE.exec(lineText);
    if (!match) return;
    const lineNumber = index + 1;
    const location: SourceLocation = { file, range: lines.rangeAt(start + (match.index ?? 0), start + lineText.replace(/\r$/, '').length) };
    const parsed = parseDirective(match[1] ?? '');
    if ('problem' in parsed) {
      problems.push({ location, message: parsed.problem });
      return;
    }
    directives.push({ ...parsed, location, lines: [lineNumber, lineNumber + 1], kind: 'comment' });
  });
  return { directives, problems };
}

function parseDirective(rest: string): Pick<SuppressionDirective, 'ruleIds' | 'reason' | 'until'> | { problem: string } {
  const optionsStart = rest.search(/\s\w+=/);
  const idsText = (optionsStart === -1 ? rest : rest.slice(0, optionsStart)).trim();
  const ruleIds = idsText.split(/[\s,]+/).filter(Boolean);
  if (ruleIds.length === 0) return { problem: 'iac-mq-lint:ignore names no rule: write the ids it suppresses, e.g. iac-mq-lint:ignore MQ001 reason="…"' };
  const badId = ruleIds.find((id) => !RULE_ID.test(id));
  if (badId) return { problem: `iac-mq-lint:ignore names "${badId}", which is not a rule id like MQ001` };
  const directive: Pick<SuppressionDirective, 'ruleIds' | 'reason' | 'until'> = { ruleIds };
  for (const option of (optionsStart === -1 ? '' : rest.slice(optionsStart)).matchAll(OPTION)) {
    const [, key, quoted, bare] = option;
    const value = quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : (bare ?? '');
    if (key === 'reason') directive.reason = value;
    else if (key === 'until') {
      if (!DATE.test(value) || Number.isNaN(Date.parse(value))) return { problem: `until=${value} is not a date like 2027-03-31` };
      directive.until = value;
    } else return { problem: `iac-mq-lint:ignore has no option "${key}" (it takes reason="…" and until=YYYY-MM-DD)` };
  }
  return directive;
}
