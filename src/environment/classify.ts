import type { Classification, DeploymentContext, Environment, Evidence, EvidenceKind } from './context.js';
import { classifyName, DEFAULT_ENVIRONMENT_PATTERNS, type EnvironmentPatterns } from './names.js';

/** Stronger kinds decide; the order is the issue's: an explicit flag beats a tag, a tag beats a name. */
const STRENGTH: Record<EvidenceKind, number> = {
  forced: 8,
  config: 7,
  flag: 6,
  tag: 5,
  value: 4,
  'context-name': 3,
  backend: 2,
  directory: 1,
};

/** Evidence with the verdict it gives under the scan's patterns. */
export interface WeighedEvidence extends Evidence {
  verdict?: 'production' | 'non-production';
}

/** Gives each piece of evidence its verdict (flags and explicit decisions carry one; names are read with the patterns). */
export function weighEvidence(evidence: Evidence[], patterns: EnvironmentPatterns = DEFAULT_ENVIRONMENT_PATTERNS): WeighedEvidence[] {
  return evidence.map((item) => {
    if (item.production !== undefined) return { ...item, verdict: item.production ? 'production' : 'non-production' };
    const named = item.name === undefined ? undefined : classifyName(item.name, patterns);
    return named ? { ...item, verdict: named.verdict } : { ...item };
  });
}

/**
 * Decides a context's environment from its evidence. The strongest kind with a verdict decides; when evidence
 * of that kind disagrees, production wins (a missed production broker costs more than a noisy one) and the
 * disagreement is shown. Evidence without a verdict is ignored; no evidence at all is `unknown`, never
 * "not production".
 */
export function classifyEvidence(evidence: Evidence[], patterns?: EnvironmentPatterns): Classification {
  const weighed = weighEvidence(evidence, patterns).filter((item) => item.verdict !== undefined);
  if (weighed.length === 0) return { environment: 'unknown', decisive: [], conflicts: [], reason: 'no environment evidence' };
  const strongest = Math.max(...weighed.map((item) => STRENGTH[item.kind]));
  const deciding = weighed.filter((item) => STRENGTH[item.kind] === strongest);
  const environment: Environment = deciding.some((item) => item.verdict === 'production') ? 'production' : 'non-production';
  const byStrength = (left: WeighedEvidence, right: WeighedEvidence) => STRENGTH[right.kind] - STRENGTH[left.kind];
  const agreeing = weighed.filter((item) => item.verdict === environment).sort(byStrength);
  const conflicts = weighed.filter((item) => item.verdict !== environment).sort(byStrength);
  const despite = conflicts.length > 0 ? ` (despite ${conflicts.map((item) => item.description).join(', ')})` : '';
  const reason = `${agreeing.map((item) => item.description).join('; ')}${despite}`;
  return { environment, decisive: agreeing.map(stripVerdict), conflicts: conflicts.map(stripVerdict), reason };
}

function stripVerdict({ verdict: _verdict, ...evidence }: WeighedEvidence): Evidence {
  return evidence;
}

/** Environment decisions that come from outside the code: `--environment`, and mappings in `.iac-mq-lint.yml`. */
export interface EnvironmentSettings {
  patterns: EnvironmentPatterns;
  /** `--environment`: forces every context. */
  forced?: 'production' | 'non-production';
  /** Explicit mappings, tried in order; each returns evidence when it matches the root or context. */
  mappings: Array<(root: string, context: DeploymentContext) => Evidence | undefined>;
}

/** Classifies one resource's context with the scan's settings. */
export function classifyContext(root: string, context: DeploymentContext, settings: EnvironmentSettings): Classification {
  const evidence = [...context.evidence];
  if (settings.forced) {
    evidence.unshift({ kind: 'forced', description: `--environment ${settings.forced}`, production: settings.forced === 'production' });
  }
  for (const mapping of settings.mappings) {
    const matched = mapping(root, context);
    if (matched) evidence.unshift(matched);
  }
  return classifyEvidence(evidence, settings.patterns);
}
