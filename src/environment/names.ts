/** Words that name environments; configurable in `.iac-mq-lint.yml` (`environments.patterns`). */
export interface EnvironmentPatterns {
  production: EnvironmentPattern[];
  nonProduction: EnvironmentPattern[];
}

/** A whole word (`prod`, matched case-insensitively, plural `s` allowed) or a regular expression over a name. */
export type EnvironmentPattern = { word: string } | { regex: RegExp };

/** Production words from the defaults: `prod-eu` and `eu-prod` contain `prod` as a word. */
const DEFAULT_PRODUCTION_WORDS = ['prod', 'production', 'prd', 'live'];

/**
 * Non-production words. Beyond the list: spelled-out forms (`development`, `testing`), `integration`
 * (GOV.UK's integration → staging → production), `sample`, `poc` (proof of concept), `sbx` and `stg`, which
 * teams use as often as the short ones.
 */
const DEFAULT_NON_PRODUCTION_WORDS = [
  'dev',
  'development',
  'test',
  'testing',
  'qa',
  'sandbox',
  'sbx',
  'staging',
  'stage',
  'stg',
  'uat',
  'integration',
  'preprod',
  'training',
  'demo',
  'example',
  'sample',
  'poc',
  'ci',
  'nonprod',
];

export const DEFAULT_ENVIRONMENT_PATTERNS: EnvironmentPatterns = {
  production: DEFAULT_PRODUCTION_WORDS.map((word) => ({ word })),
  nonProduction: DEFAULT_NON_PRODUCTION_WORDS.map((word) => ({ word })),
};

/** Phrases that contain a production word but mean its opposite: `non-prod`, `pre_prod`, `not-production`. */
const NEGATED_PRODUCTION = /\b(?:non|pre|not)[-_ ]?(?:prod|production|prd)(?![a-z])/gi;

/** Splits a name into lower-case words at anything but letters and digits, and at camelCase humps. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
}

function matches(pattern: EnvironmentPattern, name: string, words: string[]): boolean {
  if ('regex' in pattern) return pattern.regex.test(name);
  const word = pattern.word.toLowerCase();
  return words.some((candidate) => candidate === word || candidate === `${word}s`);
}

/**
 * What one name (a single segment: `eu-prod`, `hmpps-alfresco-dev`) says about its environment, if anything.
 * A name with words of both kinds says production: a missed production broker costs more than a noisy one.
 */
export function classifySegment(name: string, patterns: EnvironmentPatterns = DEFAULT_ENVIRONMENT_PATTERNS): 'production' | 'non-production' | undefined {
  const negated = NEGATED_PRODUCTION.test(name);
  NEGATED_PRODUCTION.lastIndex = 0;
  const rest = negated ? name.replace(NEGATED_PRODUCTION, ' ') : name;
  const words = nameWords(rest);
  const production = patterns.production.some((pattern) => matches(pattern, rest, words));
  if (production) return 'production';
  if (negated || patterns.nonProduction.some((pattern) => matches(pattern, rest, words))) return 'non-production';
  return undefined;
}

/**
 * What a name says about its environment. Path-like names (`live/dev/main`, `vars/prod/common.tfvars`) are read
 * from the deepest segment up, because the directory nearest the code is the most specific: the first segment
 * that names an environment decides. Returns the deciding segment too, for messages.
 */
export function classifyName(
  name: string,
  patterns: EnvironmentPatterns = DEFAULT_ENVIRONMENT_PATTERNS,
): { verdict: 'production' | 'non-production'; segment: string } | undefined {
  const segments = name.split(/[\\/]/).filter((segment) => segment !== '' && segment !== '.' && segment !== '..');
  for (let index = segments.length - 1; index >= 0; index--) {
    const segment = (segments[index] as string).replace(/\.(tfvars|tfvars\.json|json|ya?ml|toml|tf|template|properties|txt|env)$/i, '');
    const verdict = classifySegment(segment, patterns);
    if (verdict) return { verdict, segment };
  }
  return undefined;
}

/** Variable and parameter names whose value names the environment: `environment`, `Env`, `stage`, `EnvironmentName`, `tier`. */
const ENVIRONMENT_SELECTOR = /^(?:(?:deployment|deploy|target|app|application|account)[-_]?)?(?:env|environment|stage|tier)(?:[-_]?(?:name|type|id|tier|short|code))?$/i;

/** Whether a variable or parameter name selects the environment (its value is a name like `prod`). */
export function isEnvironmentSelector(name: string): boolean {
  return ENVIRONMENT_SELECTOR.test(name);
}

/** Flag names whose boolean value says production: `is_production`, `isProd`, `production`, `prod_account`. */
const PRODUCTION_FLAG = /^(?:is[-_]?)?(?:prod|production|prd)(?:[-_]?(?:account|env|environment|mode))?$/i;
/** Flag names whose boolean value says non-production: `is_non_production`, `nonprod`, `is_dev`. */
const NON_PRODUCTION_FLAG = /^(?:is[-_]?)?(?:non[-_]?prod|non[-_]?production|dev|development|test|sandbox)$/i;

/** Whether a boolean variable or parameter name is an explicit production flag, and which way `true` points. */
export function productionFlag(name: string): { trueMeansProduction: boolean } | undefined {
  if (PRODUCTION_FLAG.test(name)) return { trueMeansProduction: true };
  if (NON_PRODUCTION_FLAG.test(name)) return { trueMeansProduction: false };
  return undefined;
}

/** Tag keys whose value names the environment. */
const ENVIRONMENT_TAG = /^(?:env|environment|stage|tier|environment[-_ ]?name|env[-_ ]?name|environment[-_ ]?type)$/i;

/** Whether a tag key names the environment (`Environment`, `env`, `Stage`). */
export function isEnvironmentTag(key: string): boolean {
  return ENVIRONMENT_TAG.test(key);
}
