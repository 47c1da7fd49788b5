import { ENVIRONMENT_RANK, type Classification, type Environment } from '../environment/context.js';
import type { Finding, FindingContext, RelatedLocation } from '../model/finding.js';
import type { Level, RuleMetadata } from '../model/rule.js';

/** How findings outside production are reported. */
export interface EnvironmentPolicy {
  /** `--unknown-environment`: the level of a production rule's finding where the environment is unknown. */
  unknown: Level | 'ignore';
  /** `--include-non-production`: report production rules' findings in non-production as notes. */
  includeNonProduction: boolean;
}

export const DEFAULT_ENVIRONMENT_POLICY: EnvironmentPolicy = { unknown: 'warning', includeNonProduction: false };

/** A finding as one context produced it, before the contexts of the same broker are merged. */
export interface ContextFinding {
  finding: Omit<Finding, 'environment' | 'contexts' | 'fingerprint' | 'level'>;
  metadata: RuleMetadata;
  /** The level the rule has in production (its metadata, or the project configuration's override). */
  productionLevel: Level;
  contextName: string;
  classification: Classification;
  /** The finding's identity across contexts: rule, root, address, attribute. */
  key: string;
}


/**
 * Merges the findings of one broker across its contexts into one finding per rule and attribute, in the worst
 * environment it occurs in, at the level that environment calls for; drops those the policy silences.
 */
export function applyEnvironments(
  contextFindings: ContextFinding[],
  policy: EnvironmentPolicy,
  fingerprint: (key: string, environment: Environment) => string,
): Finding[] {
  const groups = new Map<string, ContextFinding[]>();
  for (const item of contextFindings) groups.set(item.key, [...(groups.get(item.key) ?? []), item]);
  const findings: Finding[] = [];
  for (const [key, group] of groups) {
    const environment = group.map((item) => item.classification.environment).reduce((worst, next) => (ENVIRONMENT_RANK[next] > ENVIRONMENT_RANK[worst] ? next : worst));
    const chosen = group.filter((item) => item.classification.environment === environment).sort((left, right) => compare(left.contextName, right.contextName));
    const first = chosen[0] as ContextFinding;
    const level = levelIn(environment, first, policy);
    if (level === undefined) continue;
    const contexts: FindingContext[] = chosen.map((item) => ({
      name: item.contextName,
      environment,
      reason: item.classification.reason,
      evidence: [...item.classification.decisive, ...item.classification.conflicts],
    }));
    const related: RelatedLocation[] = [...first.finding.related];
    for (const other of chosen.slice(1)) {
      const location = other.finding.location;
      const same = location.file === first.finding.location.file && location.range.start.offset === first.finding.location.range.start.offset;
      if (!same && !related.some((item) => item.file === location.file && item.range.start.offset === location.range.start.offset)) {
        related.push({ ...location, message: `the same value in context ${other.contextName}` });
      }
    }
    findings.push({
      ...first.finding,
      level,
      message: `${first.finding.message} ${environmentSentence(environment, contexts)}`,
      params: { ...first.finding.params, environment },
      related,
      environment,
      contexts,
      fingerprint: fingerprint(key, environment),
    });
  }
  return findings;
}

function compare(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

const LEVEL_RANK: Record<Level, number> = { error: 3, warning: 2, note: 1 };

/** The less severe of two levels: nothing outside production is reported above the rule's production level. */
function milder(left: Level, right: Level): Level {
  return LEVEL_RANK[left] <= LEVEL_RANK[right] ? left : right;
}

function levelIn(environment: Environment, item: ContextFinding, policy: EnvironmentPolicy): Level | undefined {
  if (environment === 'production') return item.productionLevel;
  if (item.metadata.appliesIn === 'every-environment') return milder(item.productionLevel, item.metadata.levelOutsideProduction ?? item.productionLevel);
  if (environment === 'unknown') return policy.unknown === 'ignore' ? undefined : milder(policy.unknown, item.productionLevel);
  return policy.includeNonProduction ? 'note' : undefined;
}

/** Says where the finding applies and why: `In production: prod.tfvars (var file envs/prod.tfvars; tag Environment=prod).` */
export function environmentSentence(environment: Environment, contexts: FindingContext[]): string {
  const described = contexts.map((context) => (isUnnamed(context.name) && contexts.length === 1 ? `(${context.reason})` : `${context.name} (${context.reason})`));
  const list = described.join('; ');
  switch (environment) {
    case 'production':
      return `In production ${described.length === 1 && described[0]?.startsWith('(') ? list : `: ${list}`}.`.replace(' :', ':');
    case 'unknown':
      return `May be production: no environment evidence${contexts.length === 1 && isUnnamed(contexts[0]?.name ?? '') ? '' : ` (${contexts.map((context) => context.name).join(', ')})`}.`;
    default:
      return `Not production ${described.length === 1 && described[0]?.startsWith('(') ? list : `: ${list}`}.`.replace(' :', ':');
  }
}

function isUnnamed(name: string): boolean {
  return name === 'default' || name === 'command line';
}
