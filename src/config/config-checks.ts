import type { ConfigProblem } from './config-document.js';
import { closestMatches, didYouMean } from './did-you-mean.js';
import { isRegularExpressionPattern, parseEnvironmentPattern } from './environment-pattern.js';

/** The form the schema gives rule ids; ids of that form may still name no rule. */
const RULE_ID = /^MQ[0-9]{3}$/;

/**
 * Regular expressions under `environments.patterns` that do not compile: JSON schema cannot tell. Looks only at
 * what has the expected shape, so that it can run beside the schema and both report in document order.
 */
export function environmentPatternProblems(config: unknown): ConfigProblem[] {
  const patterns = property(property(config, 'environments'), 'patterns');
  return (['production', 'nonProduction'] as const).flatMap((kind) => {
    const list = property(patterns, kind);
    if (!Array.isArray(list)) return [];
    return list.flatMap((pattern: unknown, index): ConfigProblem[] => {
      if (typeof pattern !== 'string' || !isRegularExpressionPattern(pattern)) return [];
      try {
        parseEnvironmentPattern(pattern);
        return [];
      } catch (error) {
        // V8 says "Invalid regular expression: /(prod/: Unterminated group"; the reason is the part after the pattern.
        const text = error instanceof Error ? error.message : String(error);
        const reason = text.slice(text.lastIndexOf(': ') + 2);
        const message = `"${pattern}" is not a valid regular expression: ${reason}`;
        return [{ path: ['environments', 'patterns', kind, String(index)], part: 'value', message }];
      }
    });
  });
}

/** Rule ids under `rules` of the right form that name no rule this build of iac-mq-lint has. */
export function unknownRuleProblems(config: unknown, knownRuleIds: readonly string[] | undefined): ConfigProblem[] {
  const rules = property(config, 'rules');
  if (knownRuleIds === undefined || !isPlainObject(rules)) return [];
  return Object.keys(rules)
    .filter((ruleId) => RULE_ID.test(ruleId) && !knownRuleIds.includes(ruleId))
    .map((ruleId) => ({ path: ['rules', ruleId], part: 'key', message: unknownRuleMessage(ruleId, knownRuleIds) }));
}

/**
 * What to say about a key under `rules` that names no rule: the one rule meant when only one is near (`mq002`,
 * `MQ02`), else the list of rules, since `MQ008` is one digit away from most of them.
 */
export function unknownRuleMessage(ruleId: string, knownRuleIds: readonly string[] | undefined): string {
  const suggestions = closestMatches(ruleId, knownRuleIds ?? []);
  if (suggestions.length === 1) return `unknown rule "${ruleId}"${didYouMean(ruleId, suggestions)}`;
  if (knownRuleIds !== undefined && knownRuleIds.length > 0) return `unknown rule "${ruleId}" (the rules are ${knownRuleIds.join(', ')})`;
  return `unknown rule "${ruleId}" (rule ids are MQ and three digits, like MQ001)`;
}

function property(value: unknown, key: string): unknown {
  return isPlainObject(value) ? value[key] : undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
