import type { TextReader } from '../discover/text-cache.js';
import type { Finding, Notice } from '../model/finding.js';
import type { SourceLocation } from '../model/source.js';
import { readCommentDirectives, type DirectiveProblem, type SuppressionDirective } from './directives.js';

/** The findings with their suppressions decided, and what the directives themselves need to say. */
export interface SuppressionOutcome {
  findings: Finding[];
  notices: Notice[];
}

function notice(location: SourceLocation, message: string): Notice {
  return { file: location.file, line: location.range.start.line, column: location.range.start.column, message };
}

/**
 * Applies inline suppressions: comments in the scanned files (on the line of, or the line above, the finding,
 * its resource header, a module call or a place its value flows through) and the directives resources carry
 * (CloudFormation `Metadata`). An expired directive stops suppressing and says so; a directive without a reason
 * still suppresses but asks for one; a directive that suppresses nothing is reported.
 */
export async function applySuppressions(
  findings: readonly Finding[],
  files: readonly string[],
  readText: TextReader,
  today: string,
  resourceDirectives: (finding: Finding) => readonly SuppressionDirective[],
  resourceProblems: readonly DirectiveProblem[] = [],
  /** Directives written outside the scanned files (the configuration): reported when they suppress nothing. */
  standingDirectives: readonly SuppressionDirective[] = [],
): Promise<SuppressionOutcome> {
  const byFile = new Map<string, SuppressionDirective[]>();
  const notices: Notice[] = resourceProblems.map((problem) => notice(problem.location, problem.message));
  for (const file of files) {
    let text: string;
    try {
      text = await readText(file);
    } catch {
      // Unreadable files are already reported by the stage that needed them.
      continue;
    }
    const { directives, problems } = readCommentDirectives(file, text);
    if (directives.length > 0) byFile.set(file, directives);
    notices.push(...problems.map((problem) => notice(problem.location, problem.message)));
  }
  const used = new Set<SuppressionDirective>();
  const reportedExpired = new Set<SuppressionDirective>();
  const outcome: Finding[] = findings.map((finding) => {
    const anchors: SourceLocation[] = [finding.location, finding.resource.location, ...finding.resource.moduleCalls, ...finding.related];
    const candidates = [
      ...anchors.flatMap((anchor) => (byFile.get(anchor.file) ?? []).filter((directive) => directive.lines.includes(anchor.range.start.line))),
      ...resourceDirectives(finding),
    ].filter((directive) => directive.ruleIds.includes(finding.ruleId));
    if (candidates.length === 0) return finding;
    for (const directive of candidates) used.add(directive);
    const active = candidates.find((directive) => directive.until === undefined || directive.until >= today);
    if (!active) {
      for (const directive of candidates.filter((candidate) => !reportedExpired.has(candidate))) {
        reportedExpired.add(directive);
        notices.push(notice(directive.location, `warning: this suppression of ${finding.ruleId} expired on ${directive.until ?? ''}; the finding is reported again`));
      }
      return finding;
    }
    const suppression: NonNullable<Finding['suppression']> = {
      kind: active.kind === 'config' ? 'external' : 'inSource',
      justification: active.reason ?? '',
      location: active.location,
    };
    if (active.until !== undefined) suppression.until = active.until;
    return { ...finding, suppression };
  });
  const all = [...new Set([...[...byFile.values()].flat(), ...findings.flatMap((finding) => resourceDirectives(finding)), ...standingDirectives])];
  for (const directive of all) {
    if (directive.reason === undefined || directive.reason.trim() === '') {
      notices.push(notice(directive.location, `warning: suppression of ${directive.ruleIds.join(', ')} has no reason; add reason="…" (it suppresses all the same)`));
    }
    if (!used.has(directive)) {
      notices.push(notice(directive.location, `warning: suppression of ${directive.ruleIds.join(', ')} suppresses nothing here; remove it`));
    }
  }
  return { findings: outcome, notices };
}
