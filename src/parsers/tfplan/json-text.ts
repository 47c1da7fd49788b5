// Scans a JSON text for positions without building a tree: plans can be tens of megabytes, so JSON.parse reads
// the values and these scans find only the few offsets a report needs.
import { JSON_CHARACTER } from '../../model/json-syntax.js';

const { TAB, LINE_FEED, CARRIAGE_RETURN, SPACE, QUOTE, COMMA, COLON, BACKSLASH, OPEN_BRACKET, CLOSE_BRACKET, OPEN_BRACE, CLOSE_BRACE } =
  JSON_CHARACTER;

/** A JSON number token; sticky, so it matches at an offset without slicing the text. */
const JSON_NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?/y;
const JSON_LITERALS = ['true', 'false', 'null'];
const ESCAPABLE = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const HEX_DIGITS = /^[0-9a-fA-F]{4}$/;

/** A member of the top-level object: where its value starts and where it ends. */
export interface JsonMember {
  valueStart: number;
  valueEnd: number;
}

/** Where a text stops being JSON and what is wrong there. */
export interface JsonSyntaxError {
  offset: number;
  message: string;
}

/** Whether the character at an offset is preceded by an odd number of backslashes (escaped inside a string). */
export function isEscaped(text: string, offset: number): boolean {
  let before = offset - 1;
  while (text.charCodeAt(before) === BACKSLASH) before--;
  return (offset - 1 - before) % 2 === 1;
}

/** The offset just past the string whose opening quote is at `quote` (the text's end when it is not closed). */
function stringEnd(text: string, quote: number): number {
  let offset = quote;
  for (;;) {
    offset = text.indexOf('"', offset + 1);
    if (offset === -1) return text.length;
    if (!isEscaped(text, offset)) return offset + 1;
  }
}

/** Whether a colon follows an offset (after whitespace): the string that ends there is an object key. */
export function isFollowedByColon(text: string, offset: number): boolean {
  return text.charCodeAt(skipWhitespace(text, offset)) === COLON;
}

/** The offset of the first character at or after `offset` that is not JSON whitespace. */
export function skipWhitespace(text: string, offset: number): number {
  let position = offset;
  for (;;) {
    const code = text.charCodeAt(position);
    if (code !== SPACE && code !== LINE_FEED && code !== CARRIAGE_RETURN && code !== TAB) return position;
    position++;
  }
}

/**
 * The offset just past the object or array opening at `start`, and, when `key` is given, the offset of the first
 * member named `key.quoted` (quotes included) `key.depth` levels of nesting below `start` (1: the object's own
 * members). The text is valid JSON (JSON.parse read it), so only strings and brackets need attention.
 */
export function scanComposite(text: string, start: number, key?: { quoted: string; depth: number }): { end: number; keyOffset?: number } {
  let depth = 0;
  let keyOffset: number | undefined;
  for (let offset = start; offset < text.length; offset++) {
    const code = text.charCodeAt(offset);
    if (code === QUOTE) {
      const end = stringEnd(text, offset);
      if (
        key !== undefined &&
        keyOffset === undefined &&
        depth === key.depth &&
        end - offset === key.quoted.length &&
        text.startsWith(key.quoted, offset) &&
        isFollowedByColon(text, end)
      ) {
        keyOffset = offset;
      }
      offset = end - 1;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      depth++;
    } else if ((code === CLOSE_BRACE || code === CLOSE_BRACKET) && --depth === 0) {
      return keyOffset === undefined ? { end: offset + 1 } : { end: offset + 1, keyOffset };
    }
  }
  return keyOffset === undefined ? { end: text.length } : { end: text.length, keyOffset };
}

/**
 * The offset of the `{` that opens the object holding the member at `memberOffset`, found by scanning backwards
 * over the members before it; undefined when the member is in an array, not an object.
 */
export function enclosingObjectStart(text: string, memberOffset: number): number | undefined {
  let depth = 0;
  for (let offset = memberOffset - 1; offset >= 0; offset--) {
    const code = text.charCodeAt(offset);
    if (code === QUOTE) {
      // Outside strings every quote read backwards closes one; inside, every quote is escaped.
      do offset = text.lastIndexOf('"', offset - 1);
      while (offset > 0 && isEscaped(text, offset));
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth++;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      if (depth === 0) return code === OPEN_BRACE ? offset : undefined;
      depth--;
    }
  }
  return undefined;
}

/**
 * The members of the top-level object of a valid JSON text, by decoded key, read one at a time so that a caller
 * stops scanning once it has the member it needs (a plan's `prior_state` and `configuration` come last).
 */
export function* topLevelMembers(text: string): Generator<[string, JsonMember], void, undefined> {
  let offset = skipWhitespace(text, 0);
  if (text.charCodeAt(offset) !== OPEN_BRACE) return;
  offset = skipWhitespace(text, offset + 1);
  while (text.charCodeAt(offset) === QUOTE) {
    const keyEnd = stringEnd(text, offset);
    const valueStart = skipWhitespace(text, skipWhitespace(text, keyEnd) + 1);
    const valueEnd = valueEndAt(text, valueStart);
    yield [JSON.parse(text.slice(offset, keyEnd)) as string, { valueStart, valueEnd }];
    offset = skipWhitespace(text, valueEnd);
    if (text.charCodeAt(offset) !== COMMA) return;
    offset = skipWhitespace(text, offset + 1);
  }
}

function valueEndAt(text: string, valueStart: number): number {
  const code = text.charCodeAt(valueStart);
  if (code === QUOTE) return stringEnd(text, valueStart);
  if (code === OPEN_BRACE || code === OPEN_BRACKET) return scanComposite(text, valueStart).end;
  let offset = valueStart;
  while (offset < text.length && !isDelimiter(text.charCodeAt(offset))) offset++;
  return offset;
}

function isDelimiter(code: number): boolean {
  return code === COMMA || code === CLOSE_BRACE || code === CLOSE_BRACKET || code === SPACE || code === LINE_FEED || code === CARRIAGE_RETURN || code === TAB;
}

/**
 * Where a text JSON.parse refused stops being JSON, and what is wrong there. V8's messages give no offset for
 * some errors (`Unexpected token 'x', "…" is not valid JSON`) and vary between Node versions, so the offset is
 * found here, on the error path only. Undefined if the text is JSON after all.
 */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const open: number[] = [];
  let expecting: 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'colon' | 'separator' = 'value';
  let offset = skipWhitespace(text, 0);
  for (;;) {
    const code = text.charCodeAt(offset);
    if (expecting === 'separator') {
      const innermost = open.at(-1);
      if (innermost === undefined) return offset < text.length ? unexpectedAt(text, offset) : undefined;
      if (code === COMMA) expecting = innermost === OPEN_BRACE ? 'key' : 'value';
      else if (code === (innermost === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET)) open.pop();
      else return unexpectedAt(text, offset);
      offset = skipWhitespace(text, offset + 1);
      continue;
    }
    if (expecting === 'colon') {
      if (code !== COLON) return unexpectedAt(text, offset);
      expecting = 'value';
      offset = skipWhitespace(text, offset + 1);
      continue;
    }
    if ((expecting === 'key-or-close' && code === CLOSE_BRACE) || (expecting === 'value-or-close' && code === CLOSE_BRACKET)) {
      open.pop();
      expecting = 'separator';
      offset = skipWhitespace(text, offset + 1);
      continue;
    }
    if (expecting === 'key' || expecting === 'key-or-close') {
      if (code !== QUOTE) return unexpectedAt(text, offset);
      const end = checkedStringEnd(text, offset);
      if (typeof end !== 'number') return end;
      expecting = 'colon';
      offset = skipWhitespace(text, end);
      continue;
    }
    if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      open.push(code);
      expecting = code === OPEN_BRACE ? 'key-or-close' : 'value-or-close';
      offset = skipWhitespace(text, offset + 1);
      continue;
    }
    const end = code === QUOTE ? checkedStringEnd(text, offset) : scalarEnd(text, offset);
    if (typeof end !== 'number') return end;
    expecting = 'separator';
    offset = skipWhitespace(text, end);
  }
}

function unexpectedAt(text: string, offset: number): JsonSyntaxError {
  const character = text[offset];
  return { offset, message: character === undefined ? 'the JSON text ends too early' : `unexpected ${JSON.stringify(character)} in the JSON text` };
}

function checkedStringEnd(text: string, quote: number): number | JsonSyntaxError {
  for (let offset = quote + 1; offset < text.length; offset++) {
    const code = text.charCodeAt(offset);
    if (code === QUOTE) return offset + 1;
    if (code < SPACE) return { offset, message: 'a control character in a JSON string' };
    if (code === BACKSLASH) {
      const escape = text[offset + 1];
      if (escape === 'u' ? !HEX_DIGITS.test(text.slice(offset + 2, offset + 6)) : escape === undefined || !ESCAPABLE.has(escape)) {
        return { offset, message: 'an invalid escape sequence in a JSON string' };
      }
      offset++;
    }
  }
  return { offset: text.length, message: 'the JSON text ends too early' };
}

function scalarEnd(text: string, start: number): number | JsonSyntaxError {
  const literal = JSON_LITERALS.find((word) => word.charCodeAt(0) === text.charCodeAt(start));
  if (literal !== undefined) {
    for (let index = 1; index < literal.length; index++) {
      if (text.charCodeAt(start + index) !== literal.charCodeAt(index)) return unexpectedAt(text, start + index);
    }
    return start + literal.length;
  }
  JSON_NUMBER.lastIndex = start;
  const token = JSON_NUMBER.exec(text)?.[0];
  return token === undefined ? unexpectedAt(text, start) : start + token.length;
}
