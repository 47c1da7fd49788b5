import type { EnvironmentPattern } from '../environment/names.js';

/** `/body/` or `/body/i`, as the schema's `environmentPattern` allows. */
const REGULAR_EXPRESSION_PATTERN = /^\/(.+)\/(i?)$/s;

/** Whether a configured pattern is written as a `/regular expression/` rather than a word. */
export function isRegularExpressionPattern(text: string): boolean {
  return REGULAR_EXPRESSION_PATTERN.test(text);
}

/**
 * The pattern a configured string stands for: a `/regular expression/` or a word. Throws a SyntaxError, with
 * JavaScript's reason, for a regular expression that does not compile.
 */
export function parseEnvironmentPattern(text: string): EnvironmentPattern {
  const regularExpression = REGULAR_EXPRESSION_PATTERN.exec(text);
  if (!regularExpression) return { word: text };
  return { regex: new RegExp(regularExpression[1] ?? '', regularExpression[2]) };
}
