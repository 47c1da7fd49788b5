import type { Finding } from '../model/finding.js';
import type { InputFormat } from '../model/resource.js';
import type { Level } from '../model/rule.js';
import type { SourceLocation } from '../model/source.js';
import type { Environment } from '../environment/context.js';
import {
  compareStrings,
  relativePath,
  reportedEvidence,
  type ReportedEvidence,
  sortFileMessages,
  sortFindings,
  type FileMessage,
  type ReportInput,
} from './report-input.js';

/**
 * The JSON report, version 1. Fields are only ever added within a version; removing, renaming or
 * changing the meaning of one bumps `version`. Paths are relative to the working directory with
 * forward slashes; lines and columns are 1-based, columns count UTF-16 code units, and `endColumn`
 * points just past the last character. Findings are sorted by file, line, column and rule id.
 */
export interface JsonReport {
  version: 1;
  tool: { name: string; version: string; informationUri: string };
  findings: JsonFinding[];
  /** Files that could not be read or parsed (the scan is incomplete when this is not empty). */
  errors: JsonFileMessage[];
  /** Things the scan could not check although nothing is wrong with the input, e.g. a module not on disk. */
  notices: JsonFileMessage[];
}

/** A span of a file in the JSON report. */
export interface JsonLocation {
  file: string;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/** One finding in the JSON report. */
export interface JsonFinding {
  /** Permanent rule id, e.g. `MQ001`. */
  ruleId: string;
  /** Permanent rule name, e.g. `single-instance-activemq`. */
  ruleSlug: string;
  level: Level;
  message: string;
  /** The key of the rule's message template that produced `message`. */
  messageId: string;
  /** The values filled into the message template, keys sorted. */
  params: Record<string, string | number | boolean>;
  resource: {
    /** Stable address, e.g. `module.mq.aws_mq_broker.this[0]`. */
    address: string;
    /** The type as written in the source, e.g. `aws_mq_broker` or `AWS::AmazonMQ::Broker`. */
    type: string;
    format: InputFormat;
  };
  /** The normalized attribute the finding is about, e.g. `deployment_mode`, or null. */
  attribute: string | null;
  /** Where the fix belongs. */
  location: JsonLocation;
  /** The other places that explain the finding (variable defaults, module calls), outermost first. */
  related: Array<JsonLocation & { message: string }>;
  /** The worst environment the finding applies in. */
  environment: Environment;
  /** The deployment contexts of that environment, each with why it was classified so. */
  contexts: Array<{ name: string; reason: string }>;
  /** The evidence of those contexts, strongest first. */
  evidence: ReportedEvidence[];
  /** Stable across line moves: derived from rule, root, resource address, attribute and environment. */
  fingerprint: string;
  /** Only with `--baseline`: `unchanged` when the baseline holds the finding (it does not fail the run), else `new`. */
  baselineState?: 'new' | 'unchanged';
  /** Only when a directive in the source suppresses the finding (it does not fail the run). */
  suppression?: JsonLocation & { kind: 'inSource' | 'external'; justification: string; until?: string };
}

/** A file error or notice, at a point of the file when known. */
export interface JsonFileMessage {
  file: string;
  line: number | null;
  column: number | null;
  message: string;
}

/** Formats the scan result as a versioned JSON document for scripts (2-space indent, trailing newline). */
export function formatJson(input: ReportInput): string {
  const report: JsonReport = {
    version: 1,
    tool: { name: input.tool.name, version: input.tool.version, informationUri: input.tool.informationUri },
    findings: sortFindings(input.result.findings, input.cwd).map((finding) => toJsonFinding(finding, input.cwd)),
    errors: sortFileMessages(input.result.errors, input.cwd).map((error) => toJsonFileMessage(error, input.cwd)),
    notices: sortFileMessages(input.result.notices, input.cwd).map((notice) => toJsonFileMessage(notice, input.cwd)),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

function toJsonFinding(finding: Finding, cwd: string): JsonFinding {
  return {
    ruleId: finding.ruleId,
    ruleSlug: finding.ruleSlug,
    level: finding.level,
    message: finding.message,
    messageId: finding.messageId,
    params: Object.fromEntries(Object.entries(finding.params).sort(([a], [b]) => compareStrings(a, b))),
    resource: { address: finding.resource.address, type: finding.resource.sourceType, format: finding.resource.format },
    attribute: finding.attribute ?? null,
    location: toJsonLocation(finding.location, cwd),
    related: finding.related.map((related) => ({ ...toJsonLocation(related, cwd), message: related.message })),
    environment: finding.environment,
    contexts: finding.contexts.map((context) => ({ name: context.name, reason: context.reason })),
    evidence: reportedEvidence(finding, cwd),
    fingerprint: finding.fingerprint,
    ...(finding.baselineState === undefined ? {} : { baselineState: finding.baselineState }),
    ...(finding.suppression === undefined
      ? {}
      : {
          suppression: {
            kind: finding.suppression.kind,
            justification: finding.suppression.justification,
            ...toJsonLocation(finding.suppression.location, cwd),
            ...(finding.suppression.until === undefined ? {} : { until: finding.suppression.until }),
          },
        }),
  };
}

function toJsonLocation(location: SourceLocation, cwd: string): JsonLocation {
  const { start, end } = location.range;
  return {
    file: relativePath(location.file, cwd),
    startLine: start.line,
    startColumn: start.column,
    endLine: end.line,
    endColumn: end.column,
  };
}

function toJsonFileMessage(item: FileMessage, cwd: string): JsonFileMessage {
  return {
    file: relativePath(item.file, cwd),
    line: item.line ?? null,
    column: item.column ?? null,
    message: item.message,
  };
}
