/**
 * hcl2json's Go runtime overflows the JavaScript stack on deeply nested input (about 3,000 levels) and is
 * left deadlocked for every later call in the process ("fatal error: malloc deadlock"), so input nested
 * deeper than this is refused before it reaches hcl2json. Real configurations stay far below it; 1,500
 * levels were measured to parse safely.
 */
export const MAXIMUM_HCL_NESTING_DEPTH = 500;

/** The deepest bracket nesting in HCL text, ignoring brackets inside quoted strings and comments. */
export function hclNestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let index = 0;
  const length = text.length;
  while (index < length) {
    const char = text[index];
    if (char === '"') {
      index++;
      while (index < length && text[index] !== '"' && text[index] !== '\n') index += text[index] === '\\' ? 2 : 1;
    } else if (char === '#' || (char === '/' && text[index + 1] === '/')) {
      while (index < length && text[index] !== '\n') index++;
    } else if (char === '/' && text[index + 1] === '*') {
      const end = text.indexOf('*/', index + 2);
      index = end === -1 ? length : end + 1;
    } else if (char === '(' || char === '[' || char === '{') {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (char === ')' || char === ']' || char === '}') {
      depth = Math.max(0, depth - 1);
    }
    index++;
  }
  return deepest;
}
