import type { InputFormat, ResourceGraph } from './resource.js';

/** Result levels, as in SARIF. */
export type Level = 'error' | 'warning' | 'note';

/** The data that describes a rule; docs, SARIF descriptors and the README table are generated from it. */
export interface RuleMetadata {
  /** Permanent id, never reused: `MQ001`. */
  id: string;
  /** Permanent kebab-case name: `single-instance-activemq`. */
  slug: string;
  title: string;
  level: Level;
  /** Why the rule exists, in Markdown. */
  rationale: string;
  /** How to fix a finding, in Markdown. */
  remediation: string;
  helpUri: string;
  formats: InputFormat[];
  /** AWS controls the rule anticipates, e.g. `Security Hub MQ.5`. */
  controls: string[];
  tags: string[];
  /** SARIF `security-severity` (0.0–10.0) for GitHub code scanning. */
  securitySeverity: string;
  /**
   * Where a finding matters: `production` rules have their level in production, the `--unknown-environment` level
   * (never above their own) where the environment is unknown, and are silent elsewhere (notes with
   * `--include-non-production`);
   * `every-environment` rules keep their level everywhere, or take `levelOutsideProduction` outside production.
   */
  appliesIn: 'production' | 'every-environment';
  /**
   * The FinOps view of a rule whose fix is a high-availability deployment mode: its findings and docs carry the
   * monthly price of the broker as it is and after the fix, from the price table shipped in the package.
   */
  costOfFix?: { engine: PricedEngine };

  /**
   * For an `every-environment` rule, the level outside production (non-production and unknown environments), when
   * it is milder there: a public broker is an error in production and a warning elsewhere. Never above `level`.
   */
  levelOutsideProduction?: Level;
  /** Message templates by message id; `{name}` placeholders come from the finding's params. */
  messages: Record<string, string>;
  /** Where the logic lives: a Rego package, or TypeScript with the reason Rego cannot do it. */
  implementation: { language: 'rego'; package: string } | { language: 'typescript'; whyNotRego: string };
}

/** The broker engines the price table covers, as the Amazon MQ API spells them. */
export type PricedEngine = 'ACTIVEMQ' | 'RABBITMQ';

/** What the project configuration tells the rules beyond levels (`rules.MQ008.requiredTags`). */
export interface RuleSettings {
  /** Tag keys every broker must have (MQ008); without them, MQ008 asks for an ownership tag. */
  requiredTags?: string[];
}

/** Parameters a rule passes to its message template. */
export type MessageParams = Record<string, string | number | boolean>;

/** What a rule reports: what is wrong and on which resource attribute, never where in a file. */
export interface RuleFinding {
  ruleId: string;
  /** The resource address. */
  resource: string;
  /** The normalized attribute the finding is about, if any. */
  attribute?: string;
  messageId: string;
  params: MessageParams;
}

/** A rule implemented in TypeScript: pure, same metadata and finding shape as Rego rules. */
export interface TypeScriptRule {
  meta: RuleMetadata;
  check(graph: ResourceGraph): RuleFinding[];
}
