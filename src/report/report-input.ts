import * as path from 'node:path';
import type { Finding, ScanResult } from '../model/finding.js';
import type { RuleMetadata } from '../model/rule.js';
import { LineIndex } from '../model/source.js';

/** Everything a reporter needs; reporters are pure functions of it. */
export interface ReportInput {
  result: ScanResult;
  /** Metadata of every rule that ran, sorted by id. */
  rules: RuleMetadata[];
  /** Directory that artifact paths are made relative to. */
  cwd: string;
  tool: { name: string; version: string; informationUri: string };
  /** The text of a scanned file (already read), or undefined when it is not available. */
  readSource: (file: string) => string | undefined;
}

/** The path of `file` relative to `cwd`, with forward slashes on every platform. */
export function relativePath(file: string, cwd: string): string {
  return path.relative(cwd, path.resolve(cwd, file)).split(path.sep).join('/');
}

/** Findings in report order: path, line, column, rule id, then the rest so that ties stay deterministic. */
export function sortFindings(findings: readonly Finding[], cwd: string): Finding[] {
  const keyed = findings.map((finding) => ({ finding, file: relativePath(finding.location.file, cwd) }));
  keyed.sort(
    (a, b) =>
      compareStrings(a.file, b.file) ||
      a.finding.location.range.start.line - b.finding.location.range.start.line ||
      a.finding.location.range.start.column - b.finding.location.range.start.column ||
      compareStrings(a.finding.ruleId, b.finding.ruleId) ||
      a.finding.location.range.end.line - b.finding.location.range.end.line ||
      a.finding.location.range.end.column - b.finding.location.range.end.column ||
      compareStrings(a.finding.fingerprint, b.finding.fingerprint) ||
      compareStrings(a.finding.message, b.finding.message),
  );
  return keyed.map(({ finding }) => finding);
}

/** A message about a whole file or a point in it: file errors and notices. */
export interface FileMessage {
  file: string;
  line?: number;
  column?: number;
  message: string;
}

/** File errors or notices in report order: path, line, column (messages without a line first), message. */
export function sortFileMessages<T extends FileMessage>(messages: readonly T[], cwd: string): T[] {
  const keyed = messages.map((message) => ({ message, file: relativePath(message.file, cwd) }));
  keyed.sort(
    (a, b) =>
      compareStrings(a.file, b.file) ||
      (a.message.line ?? 0) - (b.message.line ?? 0) ||
      (a.message.column ?? 0) - (b.message.column ?? 0) ||
      compareStrings(a.message.message, b.message.message),
  );
  return keyed.map(({ message }) => message);
}

/** Compares by UTF-16 code units, so the order does not depend on the locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The line index of a file's source, or undefined when the source is not available. */
export type LineIndexOf = (file: string) => LineIndex | undefined;

/** Wraps `readSource` so that each file is read and indexed by line at most once per report. */
export function lineIndexReader(readSource: ReportInput['readSource']): LineIndexOf {
  const indexes = new Map<string, LineIndex | undefined>();
  return (file) => {
    if (!indexes.has(file)) {
      const text = readSource(file);
      indexes.set(file, text === undefined ? undefined : new LineIndex(text));
    }
    return indexes.get(file);
  };
}

/** A finding's environment evidence as plain data for JSON and SARIF: each context's evidence, strongest first. */
export interface ReportedEvidence {
  context: string;
  kind: string;
  description: string;
  file?: string;
  line?: number;
  column?: number;
}

/** Flattens the evidence of a finding's contexts, with paths relative to `cwd`. */
export function reportedEvidence(finding: Finding, cwd: string): ReportedEvidence[] {
  return finding.contexts.flatMap((context) =>
    context.evidence.map((item) => {
      const reported: ReportedEvidence = { context: context.name, kind: item.kind, description: item.description };
      if (item.location) {
        reported.file = relativePath(item.location.file, cwd);
        reported.line = item.location.range.start.line;
        reported.column = item.location.range.start.column;
      }
      return reported;
    }),
  );
}

/** Whether a report shows a finding: not when a baseline holds it or a directive suppresses it (both stay in JSON and SARIF). */
export function isShown(finding: Finding): boolean {
  return finding.baselineState !== 'unchanged' && finding.suppression === undefined;
}
