import path from 'node:path';
import type { Finding } from '../model/finding.js';
import { InputFileError } from '../model/finding.js';

/** A baseline file that cannot be read as one, with the reason. */
export class BaselineFileError extends InputFileError {}

/** The accepted findings of a baseline: their fingerprints (rule, root, address, attribute, environment). */
export interface Baseline {
  file: string;
  fingerprints: ReadonlySet<string>;
}

const BASELINE_VERSION = 1;

/** One accepted finding as the baseline file records it: the fingerprint decides, the rest is for people reading it. */
interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  resource: string;
  attribute: string | null;
  environment: string;
  /** Where it was when the baseline was written; lines may move without changing the fingerprint. */
  file: string;
}

/**
 * The baseline document of a set of findings (`--write-baseline`): sorted, so that the same findings give the same
 * bytes, and free of line numbers, so that moving code does not change it.
 */
export function formatBaseline(findings: readonly Finding[], cwd: string): string {
  const entries = new Map<string, BaselineEntry>();
  for (const finding of findings) {
    entries.set(finding.fingerprint, {
      fingerprint: finding.fingerprint,
      ruleId: finding.ruleId,
      resource: finding.resource.address,
      attribute: finding.attribute ?? null,
      environment: finding.environment,
      file: path.relative(cwd, finding.location.file).split(path.sep).join('/'),
    });
  }
  const sorted = [...entries.values()].sort((left, right) =>
    left.ruleId === right.ruleId ? (left.fingerprint < right.fingerprint ? -1 : 1) : left.ruleId < right.ruleId ? -1 : 1,
  );
  return `${JSON.stringify({ version: BASELINE_VERSION, findings: sorted }, null, 2)}\n`;
}

/** Reads a baseline written by `--write-baseline`; anything else is an error naming the file. */
export function parseBaseline(file: string, text: string): Baseline {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new BaselineFileError(file, `not a baseline: invalid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new BaselineFileError(file, 'not a baseline: expected an object with "version" and "findings" (write one with --write-baseline)');
  }
  const { version, findings } = document as { version?: unknown; findings?: unknown };
  if (version !== BASELINE_VERSION) throw new BaselineFileError(file, `unsupported baseline version ${JSON.stringify(version)} (expected ${BASELINE_VERSION})`);
  if (!Array.isArray(findings)) throw new BaselineFileError(file, 'not a baseline: "findings" must be a list');
  const fingerprints = new Set<string>();
  findings.forEach((entry: unknown, index) => {
    const fingerprint = typeof entry === 'object' && entry !== null ? (entry as { fingerprint?: unknown }).fingerprint : undefined;
    if (typeof fingerprint !== 'string' || !/^[0-9a-f]{32}$/.test(fingerprint)) {
      throw new BaselineFileError(file, `finding ${index + 1} of the baseline has no valid "fingerprint"`);
    }
    fingerprints.add(fingerprint);
  });
  return { file, fingerprints };
}

/** Marks each finding as in the baseline (`unchanged`) or not (`new`); only new findings count for the exit code. */
export function compareWithBaseline(findings: readonly Finding[], baseline: Baseline): Finding[] {
  return findings.map((finding) => ({ ...finding, baselineState: baseline.fingerprints.has(finding.fingerprint) ? 'unchanged' : 'new' }));
}
