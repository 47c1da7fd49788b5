import type { Classification, Environment, Evidence } from '../environment/context.js';
import type { InputFormat } from './resource.js';
import type { Level } from './rule.js';
import type { Resource } from './resource.js';
import type { SourceLocation } from './source.js';
import type { Origin } from './value.js';

/** A location related to a finding, with why it matters. */
export interface RelatedLocation extends SourceLocation {
  message: string;
}

/** A located, formatted finding ready for the reporters. */
export interface Finding {
  ruleId: string;
  ruleSlug: string;
  level: Level;
  messageId: string;
  message: string;
  params: Record<string, string | number | boolean>;
  resource: Resource;
  attribute?: string;
  /** Where the fix belongs. */
  location: SourceLocation;
  related: RelatedLocation[];
  /** The worst environment the finding applies in: production, then unknown, then non-production. */
  environment: Environment;
  /** The deployment contexts of that environment in which the rule reported it, with why each is classified so. */
  contexts: FindingContext[];
  /** Stable across line moves and unrelated edits: rule, root, resource address, attribute and environment. */
  fingerprint: string;
  /** For rules with `costOfFix`: what the broker costs now and after the fix, when its instance type is priced. */
  cost?: DeploymentCost;
  /** With `--baseline`: whether the baseline holds the finding (`unchanged`) or not (`new`). */
  baselineState?: 'new' | 'unchanged';
  /** When a directive suppresses it: in the source (comment, CloudFormation `Metadata`) or outside (the configuration), why, and where. */
  suppression?: { kind: 'inSource' | 'external'; justification: string; location: SourceLocation; until?: string };
}

/** The on-demand monthly price of a broker as a single instance and in its engine's high-availability mode. */
export interface DeploymentCost {
  /** The instance type as the price table spells it, e.g. `mq.m5.large`. */
  instanceType: string;
  /** US dollars per month (730 hours), rounded to cents. */
  monthly: number;
  highAvailabilityMonthly: number;
  /** `highAvailabilityMonthly - monthly`: the price of the insurance. */
  delta: number;
  /** True when a price is derived or from a third-party table rather than measured, so unverified. */
  estimate: boolean;
  /** The only Region the table knows: `us-east-1`. */
  pricesRegion: string;
  /** When the prices were checked, e.g. `2026-10`. */
  pricesChecked: string;
  /** The broker's own Region, when the configuration says so. */
  region?: string;
}

/** One deployment context a finding applies in. */
export interface FindingContext {
  /** `prod.tfvars`, `workspace prod`, `default`. */
  name: string;
  environment: Environment;
  /** `var file prod.tfvars; tag Environment=prod`, or `no environment evidence`. */
  reason: string;
  /** The evidence behind the verdict, strongest first, then evidence that disagrees. */
  evidence: Evidence[];
}

/** A file that could not be read or parsed; the scan goes on without it and exits 2. */
export interface FileError {
  file: string;
  line?: number;
  column?: number;
  message: string;
}

/** Something the scan could not check, though nothing is wrong with the input (e.g. a module not on disk). */
export interface Notice {
  file: string;
  line?: number;
  column?: number;
  message: string;
}

/** The outcome of a scan. */
export interface ScanResult {
  findings: Finding[];
  errors: FileError[];
  notices: Notice[];
  /** Per-stage counts for the benchmark and `--debug`. */
  stats: ScanStats;
  /** Each root module, template or plan with brokers, its deployment contexts and how each was classified (`--explain`). */
  deployments: Deployment[];
  /** Every distinct broker (root and address), in the worst environment it is deployed to, for the KPIs. */
  brokers: BrokerCensusEntry[];
}

/** One broker for the KPIs: where it runs at worst, and whether it is highly available there. */
export interface BrokerCensusEntry {
  root: string;
  address: string;
  environment: Environment;
  /** True when every context of that environment gives it a known multi-AZ deployment mode. */
  highlyAvailable: boolean;
}

/** A root module, template or plan and the contexts it was evaluated in. */
export interface Deployment {
  /** Absolute root module directory, template or plan file. */
  root: string;
  format: InputFormat;
  contexts: DeploymentSummary[];
}

/** One context of a deployment: what it read and how each of its brokers was classified. */
export interface DeploymentSummary {
  name: string;
  /** Files the context read beyond the root (var files, parameter files), absolute. */
  files: string[];
  /** Every piece of evidence looked at, with the verdict it gave (none when it names no environment). */
  brokers: Array<{ address: string; classification: Classification; evidence: Array<Evidence & { verdict?: 'production' | 'non-production' }> }>;
}

/** Counts that describe how much work a scan did. */
export interface ScanStats {
  filesDiscovered: number;
  /** Files read and indexed for positions (those of modules that can hold a broker). */
  filesIndexed: number;
  /** Files checked by HashiCorp's parser because a value the rules see came from them. */
  filesParsed: number;
  /** Files discovered but never read past the relevance prefilter. */
  filesSkipped: number;
  bytesRead: number;
  /** Amazon MQ brokers evaluated (client endpoints in application configuration are not counted). */
  resources: number;
  /** Wall time of each stage, for `--debug` and the benchmark; never part of a report. */
  timings: { discoverMs: number; prefilterMs: number; evaluateMs: number; rulesMs: number };
}

export type { Origin };

/** Drops repeated file messages (the same file, line and text), keeping the first; errors and notices alike. */
export function withoutRepeatedMessages<T extends FileError | Notice>(messages: T[]): T[] {
  const seen = new Set<string>();
  return messages.filter((message) => {
    const key = `${message.file}:${message.line ?? 0}:${message.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** An input file the scan cannot read as what it claims to be; parsers throw subclasses of it. */
export class InputFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
  }

  /** The file error a report shows for it. */
  toFileError(): FileError {
    const problem: FileError = { file: this.file, message: this.message };
    if (this.line !== undefined) problem.line = this.line;
    if (this.column !== undefined) problem.column = this.column;
    return problem;
  }
}
