import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { Finding } from '../model/finding.js';
import type { Level, RuleMetadata } from '../model/rule.js';
import type { SourceLocation } from '../model/source.js';
import {
  compareStrings,
  lineIndexReader,
  relativePath,
  reportedEvidence,
  sortFileMessages,
  sortFindings,
  type FileMessage,
  type LineIndexOf,
  type ReportInput,
} from './report-input.js';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const SOURCE_ROOT = '%SRCROOT%';
/** Versioned so that a future change of the fingerprint recipe does not reopen every alert. */
const FINGERPRINT_KEY = 'iacMqLint/v1';

/** GitHub code scanning's `problem.severity` vocabulary. */
const PROBLEM_SEVERITIES: Record<Level, string> = { error: 'error', warning: 'warning', note: 'recommendation' };

/** Formats the scan result as a SARIF 2.1.0 log for GitHub code scanning and other SARIF viewers. */
export function formatSarif(input: ReportInput): string {
  const findings = sortFindings(input.result.findings, input.cwd);
  const errors = sortFileMessages(input.result.errors, input.cwd);
  const notices = sortFileMessages(input.result.notices, input.cwd);
  const artifacts = new ArtifactTable(input.cwd, [
    ...findings.flatMap((finding) => [finding.location.file, ...finding.related.map((related) => related.file)]),
    ...[...errors, ...notices].map((item) => item.file),
  ]);
  const lineIndexOf = lineIndexReader(input.readSource);
  const rules = [...input.rules].sort((a, b) => compareStrings(a.id, b.id));
  const ruleIndexes = new Map(rules.map((rule, index) => [rule.id, index]));

  const invocation: Sarif.Invocation = { executionSuccessful: errors.length === 0 };
  if (errors.length + notices.length > 0) {
    invocation.toolExecutionNotifications = [
      ...errors.map((error) => toNotification(error, 'error', artifacts)),
      ...notices.map((notice) => toNotification(notice, 'note', artifacts)),
    ];
  }
  const log: Sarif.Log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: input.tool.name,
            version: input.tool.version,
            semanticVersion: input.tool.version,
            informationUri: input.tool.informationUri,
            rules: rules.map(toReportingDescriptor),
          },
        },
        invocations: [invocation],
        originalUriBaseIds: { [SOURCE_ROOT]: { uri: directoryUri(input.cwd) } },
        // Every file a log names was read and parsed by the scan; saying so also keeps the array from
        // being location-only, which the multitool flags (SARIF2004) as removable.
        artifacts: artifacts.entries.map((location) => ({ location: { ...location }, roles: ['analysisTarget'] })),
        results: findings.map((finding) => toResult(finding, ruleIndexes.get(finding.ruleId), artifacts, lineIndexOf, input.cwd)),
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function toReportingDescriptor(rule: RuleMetadata): Sarif.ReportingDescriptor {
  const controls = rule.controls.map((control) => `- ${control}`).join('\n');
  const helpMarkdown = [
    rule.rationale,
    `## Remediation\n\n${rule.remediation}`,
    ...(controls === '' ? [] : [`## Related controls\n\n${controls}`]),
    `More information: [${rule.id} ${rule.slug}](${rule.helpUri})`,
  ];
  const helpText = [
    toPlainText(rule.rationale),
    `Remediation:\n${toPlainText(rule.remediation)}`,
    ...(controls === '' ? [] : [`Related controls:\n${controls}`]),
    `More information: ${rule.helpUri}`,
  ];
  return {
    id: rule.id,
    name: rule.slug,
    shortDescription: { text: rule.title },
    fullDescription: { text: toPlainText(rule.rationale), markdown: rule.rationale },
    help: { text: helpText.join('\n\n'), markdown: helpMarkdown.join('\n\n') },
    helpUri: rule.helpUri,
    defaultConfiguration: { level: rule.level },
    properties: {
      tags: [...new Set(['security', ...rule.tags])],
      precision: 'high',
      'problem.severity': PROBLEM_SEVERITIES[rule.level],
      'security-severity': rule.securitySeverity,
    },
  };
}

function toResult(
  finding: Finding,
  ruleIndex: number | undefined,
  artifacts: ArtifactTable,
  lineIndexOf: LineIndexOf,
  cwd: string,
): Sarif.Result {
  const result: Sarif.Result = {
    ruleId: finding.ruleId,
    ...(ruleIndex === undefined ? {} : { ruleIndex }),
    level: finding.level,
    message: { text: finding.message },
    locations: [
      {
        physicalLocation: toPhysicalLocation(finding.location, artifacts, lineIndexOf),
        logicalLocations: [{ fullyQualifiedName: finding.resource.address, kind: 'resource' }],
      },
    ],
  };
  if (finding.related.length > 0) {
    result.relatedLocations = finding.related.map((related, index) => ({
      id: index + 1,
      physicalLocation: toPhysicalLocation(related, artifacts, lineIndexOf),
      message: { text: related.message },
    }));
  }
  result.partialFingerprints = { [FINGERPRINT_KEY]: finding.fingerprint };
  if (finding.baselineState !== undefined) result.baselineState = finding.baselineState;
  if (finding.suppression) {
    result.suppressions = [{ kind: finding.suppression.kind, status: 'accepted', justification: finding.suppression.justification }];
  }
  result.properties = {
    resource: finding.resource.address,
    ...(finding.attribute === undefined ? {} : { attribute: finding.attribute }),
    messageId: finding.messageId,
    environment: finding.environment,
    contexts: finding.contexts.map((context) => ({ name: context.name, reason: context.reason })),
    evidence: reportedEvidence(finding, cwd),
    ...(finding.cost === undefined ? {} : { cost: { currency: 'USD', ...finding.cost } }),
  };
  return result;
}

/** A region with the exact text it covers and, unless the region already is whole lines, those lines as context. */
function toPhysicalLocation(
  location: SourceLocation,
  artifacts: ArtifactTable,
  lineIndexOf: LineIndexOf,
): Sarif.PhysicalLocation {
  const { start, end } = location.range;
  const region: Sarif.Region = {
    startLine: start.line,
    startColumn: start.column,
    endLine: end.line,
    endColumn: end.column,
  };
  const physicalLocation: Sarif.PhysicalLocation = { artifactLocation: artifacts.locationOf(location.file), region };
  const source = lineIndexOf(location.file);
  if (source === undefined || start.line < 1 || end.line > source.lineCount) return physicalLocation;

  const lines: string[] = [];
  for (let line = start.line; line <= end.line; line++) lines.push(source.lineText(line));
  const linesText = lines.join('\n');
  const lastLineLength = source.lineText(end.line).length;
  const endOffset = linesText.length - lastLineLength + end.column - 1;
  region.snippet = { text: linesText.slice(start.column - 1, endOffset) };
  // SARIF1008: a contextRegion identical to its region is invalid, so whole-line regions go without one.
  if (start.column !== 1 || end.column !== lastLineLength + 1) {
    physicalLocation.contextRegion = { startLine: start.line, endLine: end.line, snippet: { text: linesText } };
  }
  return physicalLocation;
}

function toNotification(item: FileMessage, level: 'error' | 'note', artifacts: ArtifactTable): Sarif.Notification {
  const physicalLocation: Sarif.PhysicalLocation = { artifactLocation: artifacts.locationOf(item.file) };
  if (item.line !== undefined) {
    physicalLocation.region =
      item.column === undefined ? { startLine: item.line } : { startLine: item.line, startColumn: item.column };
  }
  return { level, message: { text: item.message }, locations: [{ physicalLocation }] };
}

/** The artifacts of a run, sorted by URI; locations refer to them by index as well as by URI. */
class ArtifactTable {
  readonly entries: Sarif.ArtifactLocation[];
  private readonly indexes = new Map<string, number>();

  constructor(
    private readonly cwd: string,
    files: string[],
  ) {
    const byUri = new Map<string, Sarif.ArtifactLocation>();
    for (const file of files) {
      const location = this.uriOf(file);
      byUri.set(location.uri ?? '', location);
    }
    this.entries = [...byUri.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([, location]) => location);
    this.entries.forEach((location, index) => this.indexes.set(location.uri ?? '', index));
  }

  /** The artifact location of a file, with its index into `run.artifacts`. */
  locationOf(file: string): Sarif.ArtifactLocation {
    const location = this.uriOf(file);
    const index = this.indexes.get(location.uri ?? '');
    return index === undefined ? location : { ...location, index };
  }

  /**
   * Files under the working directory are relative to `%SRCROOT%`, which GitHub resolves against the
   * checkout; anything else (a module outside the scanned tree) gets an absolute `file:` URI rather than
   * a `../` path that would escape the repository.
   */
  private uriOf(file: string): Sarif.ArtifactLocation {
    const relative = relativePath(file, this.cwd);
    if (relative === '..' || relative.startsWith('../') || path.isAbsolute(relative)) {
      return { uri: pathToFileURL(path.resolve(this.cwd, file)).href };
    }
    return { uri: relative.split('/').map(encodeURIComponent).join('/'), uriBaseId: SOURCE_ROOT };
  }
}

/** A directory as a `file:` URI ending in `/`, as SARIF requires of a base URI. */
function directoryUri(directory: string): string {
  const href = pathToFileURL(directory).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/** Rule prose is Markdown; SARIF `text` fields are shown verbatim, so the common markup goes. */
function toPlainText(markdown: string): string {
  return markdown
    .split('\n')
    .filter((line) => !/^\s*(```|~~~)/.test(line))
    .map((line) => line.replace(/^#{1,6}\s+/, ''))
    .join('\n')
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '$1 ($2)')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/`([^`]+)`/g, '$1');
}
