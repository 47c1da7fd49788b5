import { parse, TomlDate, TomlError, type TomlTable, type TomlValue } from 'smol-toml';
import { InputFileError } from '../../model/finding.js';
import { LineIndex, type SourceRange } from '../../model/source.js';
import type { ParameterValue } from './parameter-file.js';

/** A string setting of a samconfig environment, with the range of its content. */
export interface SamConfigSetting {
  value: string;
  range: SourceRange;
}

/**
 * One environment of a `samconfig.toml`, as `sam deploy --config-env <name>` reads it: the `deploy` command's
 * settings over the `global` ones. Ranges point at the content of each value as written; where a value cannot be
 * found in the text (a dotted key, an inline table), they point at the environment's header.
 */
export interface SamConfigEnvironment {
  name: string;
  /**
   * The `[<name>.deploy.parameters]` header, else `[<name>.global.parameters]`, else the nearest table header
   * above them (`[<name>.deploy]`, `[<name>]`), else the start of the file.
   */
  range: SourceRange;
  /** `parameter_overrides`, one per name (the last value wins), value ranges without quotes. */
  parameters: ParameterValue[];
  /** Stack tags from `tags`, one per key (the last value wins). */
  tags: ParameterValue[];
  stackName?: SamConfigSetting;
  /** `template_file` (or `template`) as written, relative to the directory of the samconfig file. */
  templateFile?: SamConfigSetting;
}

/** A read `samconfig.toml`: its environments that configure `sam deploy`, sorted by name. */
export interface SamConfigFile {
  path: string;
  environments: SamConfigEnvironment[];
}

/** A `samconfig.toml` that is not valid TOML or sets a deploy option SAM cannot read, with its position. */
export class SamConfigError extends InputFileError {}

const BYTE_ORDER_MARK = '\uFEFF';

/** The commands whose `parameters` tables `sam deploy` reads, weakest first. */
const DEPLOY_SECTIONS = ['global', 'deploy'] as const;

/*
 * SAM CLI's own patterns for --parameter-overrides (samcli/cli/types.py, CfnParameterOverridesType): a key of
 * letters, digits and quotes; a value in double or single quotes with backslash escapes, or a run without spaces.
 * The short form needs a space before each key, which is why a space is put before the whole text.
 */
const OVERRIDE_KEY = String.raw`([A-Za-z0-9"']+)`;
const OVERRIDE_VALUE = String.raw`("(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|(?:\\.|[^ "\\])+)`;
const LONG_FORM_OVERRIDE = new RegExp(String.raw`ParameterKey=${OVERRIDE_KEY},ParameterValue=${OVERRIDE_VALUE}`, 'gd');
const SHORT_FORM_OVERRIDE = new RegExp(String.raw` ${OVERRIDE_KEY}=${OVERRIDE_VALUE}`, 'gd');
/** SAM CLI's fallback pattern for tags (CfnTags) whose values hold spaces: `key="a value"`. */
const QUOTED_TAG = new RegExp(`${OVERRIDE_VALUE}=${OVERRIDE_VALUE}`, 'gd');

/** Reads the deploy environments of a `samconfig.toml`; throws {@link SamConfigError}. */
export function readSamConfig(path: string, rawText: string): SamConfigFile {
  const text = rawText.startsWith(BYTE_ORDER_MARK) ? rawText.slice(1) : rawText;
  let document: TomlTable;
  try {
    document = parse(text);
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    const problem = (error.message.split('\n')[0] ?? '').replace(/^Invalid TOML document: /, '');
    throw new SamConfigError(path, `invalid TOML: ${problem}`, error.line, error.column);
  }
  const file: TomlText = { path, text, lines: new LineIndex(text), headers: readTableHeaders(text) };
  const environments: SamConfigEnvironment[] = [];
  for (const name of Object.keys(document).sort()) {
    const sections = DEPLOY_SECTIONS.flatMap((command) => {
      const table = tableAt(document, [name, command, 'parameters']);
      return table ? [{ table, header: file.headers.find((header) => sameKeys(header.keys, [name, command, 'parameters'])) }] : [];
    });
    if (sections.length > 0) environments.push(readEnvironment(file, name, sections));
  }
  return { path, environments };
}

interface TomlText {
  path: string;
  text: string;
  lines: LineIndex;
  headers: TableHeader[];
}

/** A `[a.b.c]` header line: its keys, its range, and where its body (up to the next header) lies. */
interface TableHeader {
  keys: string[];
  range: SourceRange;
  bodyStart: number;
  bodyEnd: number;
}

interface Section {
  table: TomlTable;
  header: TableHeader | undefined;
}

/** A setting as the deploy command sees it: the value of the strongest section that has it, and where. */
interface Setting {
  key: string;
  value: TomlValue;
  /** The setting's strings with their offsets in the file, when they were found there. */
  written: PositionedString[] | undefined;
  /** Where to point when a part of the value has no offsets: the key, else the header, else the file start. */
  fallback: SourceRange;
}

function readEnvironment(file: TomlText, name: string, sections: Section[]): SamConfigEnvironment {
  const header = [...sections].reverse().find((section) => section.header)?.header ?? nearestHeader(file, [name, 'deploy']);
  const range = header?.range ?? file.lines.rangeAt(0, 0);
  const settingOf = (...keys: string[]): Setting | undefined => {
    for (const section of [...sections].reverse()) {
      for (const key of keys) {
        const value = section.table[key];
        if (value !== undefined) return locateSetting(file, section.header, key, value, section.header?.range ?? range);
      }
    }
    return undefined;
  };
  const environment: SamConfigEnvironment = { name, range, parameters: [], tags: [] };
  const overrides = settingOf('parameter_overrides');
  if (overrides) environment.parameters = lastValueByName(readOverrides(file, overrides, name));
  const tags = settingOf('tags');
  if (tags) environment.tags = lastValueByName(readTags(file, tags, name));
  const stackName = settingOf('stack_name');
  if (stackName) environment.stackName = readStringSetting(file, stackName, name);
  const templateFile = settingOf('template_file', 'template');
  if (templateFile) environment.templateFile = readStringSetting(file, templateFile, name);
  return environment;
}

/** The header of the table with the longest prefix of `keys`: where a table written with dotted keys lives. */
function nearestHeader(file: TomlText, keys: string[]): TableHeader | undefined {
  for (let length = keys.length; length > 0; length--) {
    const header = file.headers.find((candidate) => sameKeys(candidate.keys, keys.slice(0, length)));
    if (header) return header;
  }
  return undefined;
}

function tableAt(document: TomlTable, keys: string[]): TomlTable | undefined {
  let current: TomlValue = document;
  for (const key of keys) {
    if (!isTable(current)) return undefined;
    const next: TomlValue | undefined = current[key];
    if (next === undefined) return undefined;
    current = next;
  }
  return isTable(current) ? current : undefined;
}

function isTable(value: TomlValue): value is TomlTable {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof TomlDate);
}

function sameKeys(left: string[], right: string[]): boolean {
  return left.length === right.length && left.every((key, index) => key === right[index]);
}

/** One value per name, as SAM's dictionaries keep them: the last value, at the place the name first appears. */
function lastValueByName(values: ParameterValue[]): ParameterValue[] {
  return [...new Map(values.map((value) => [value.name, value])).values()];
}

function settingError(file: TomlText, setting: Setting, message: string): SamConfigError {
  return new SamConfigError(file.path, message, setting.fallback.start.line, setting.fallback.start.column);
}

/** The strings of a setting that SAM accepts as a string or a list of strings. */
function stringsOf(file: TomlText, setting: Setting, environment: string): PositionedString[] {
  const values = Array.isArray(setting.value) ? setting.value : [setting.value];
  if (!values.every((value): value is string => typeof value === 'string')) {
    throw settingError(file, setting, `${setting.key} of samconfig environment ${environment} must be a string or a list of strings`);
  }
  return setting.written ?? values.map((value) => ({ text: value }));
}

function readStringSetting(file: TomlText, setting: Setting, environment: string): SamConfigSetting {
  if (typeof setting.value !== 'string') throw settingError(file, setting, `${setting.key} of samconfig environment ${environment} must be a string`);
  const [written] = setting.written ?? [];
  return { value: setting.value, range: written ? rangeOf(file, written, 0, written.text.length, setting.fallback) : setting.fallback };
}

/** Reads `parameter_overrides` as SAM CLI does: each string (each list item) on its own, long form first. */
function readOverrides(file: TomlText, setting: Setting, environment: string): ParameterValue[] {
  return stringsOf(file, setting, environment).flatMap((written) => {
    const leading = written.text.length - written.text.trimStart().length;
    const normalized = ` ${written.text.trim()}`;
    const longForm = [...normalized.matchAll(LONG_FORM_OVERRIDE)];
    const matches = longForm.length > 0 ? longForm : [...normalized.matchAll(SHORT_FORM_OVERRIDE)];
    if (matches.length === 0 && normalized.trim() !== '') {
      throw settingError(file, setting, `parameter_overrides of samconfig environment ${environment} is not Key=Value pairs: ${written.text}`);
    }
    // Index i of the normalized text is index i - 1 + leading of the written string.
    return matches.map((match) => pairOf(file, written, match, leading - 1, setting.fallback));
  });
}

/**
 * Reads `tags` as SAM CLI's CfnTags does: a list is joined with spaces; one `key=value` takes the whole text,
 * else space-separated pairs, else the quoted pattern.
 */
function readTags(file: TomlText, setting: Setting, environment: string): ParameterValue[] {
  const joined = joinWithSpaces(stringsOf(file, setting, environment));
  if (joined.text.trim() === '') return [];
  const pieces = countEquals(joined.text) === 1 ? [{ text: joined.text, start: 0 }] : splitAtSpaces(joined.text);
  if (pieces.every((piece) => countEquals(piece.text) === 1)) {
    return pieces.map((piece) => {
      const equals = piece.start + piece.text.indexOf('=');
      return namedValue(file, joined, [piece.start, equals], [equals + 1, piece.start + piece.text.length], setting.fallback);
    });
  }
  const matches = [...joined.text.matchAll(QUOTED_TAG)];
  if (matches.length === 0) throw settingError(file, setting, `tags of samconfig environment ${environment} are not key=value pairs: ${joined.text}`);
  return matches.map((match) => pairOf(file, joined, match, 0, setting.fallback));
}

function countEquals(text: string): number {
  return text.split('=').length - 1;
}

function splitAtSpaces(text: string): Array<{ text: string; start: number }> {
  let start = 0;
  return text.split(' ').map((piece) => {
    const item = { text: piece, start };
    start += piece.length + 1;
    return item;
  });
}

/** A key/value pair from a regular expression match with indices (groups 1 and 2), shifted into the written string. */
function pairOf(file: TomlText, written: PositionedString, match: RegExpMatchArray, shift: number, fallback: SourceRange): ParameterValue {
  const [nameStart, nameEnd] = match.indices?.[1] ?? [0, 0];
  const [valueStart, valueEnd] = match.indices?.[2] ?? [0, 0];
  return namedValue(file, written, [nameStart + shift, nameEnd + shift], [valueStart + shift, valueEnd + shift], fallback);
}

/** A name and value as SAM unquotes them: wrapping quotes removed, then `\ `, `\"` and `\'` unescaped. */
function namedValue(file: TomlText, written: PositionedString, name: [number, number], value: [number, number], fallback: SourceRange): ParameterValue {
  const [nameStart, nameEnd] = unquotedSpan(written.text, name);
  const [valueStart, valueEnd] = unquotedSpan(written.text, value);
  return {
    name: unescapeSam(written.text.slice(nameStart, nameEnd)),
    value: unescapeSam(written.text.slice(valueStart, valueEnd)),
    nameRange: rangeOf(file, written, nameStart, nameEnd, fallback),
    range: rangeOf(file, written, valueStart, valueEnd, fallback),
  };
}

function unquotedSpan(text: string, [start, end]: [number, number]): [number, number] {
  const first = text.charAt(start);
  const quoted = end - start >= 2 && (first === '"' || first === "'") && text.charAt(end - 1) === first;
  return quoted ? [start + 1, end - 1] : [start, end];
}

function unescapeSam(text: string): string {
  return text.replaceAll('\\ ', ' ').replaceAll('\\"', '"').replaceAll("\\'", "'");
}

/**
 * A string decoded from the TOML text with, for each of its UTF-16 code units, the offset it is written at:
 * `offsets[text.length]` is just past the last. Without offsets the string was not found in the text.
 */
interface PositionedString {
  text: string;
  offsets?: number[];
}

function rangeOf(file: TomlText, written: PositionedString, start: number, end: number, fallback: SourceRange): SourceRange {
  const startOffset = written.offsets?.[start];
  const endOffset = written.offsets?.[end];
  return startOffset === undefined || endOffset === undefined ? fallback : file.lines.rangeAt(startOffset, endOffset);
}

function joinWithSpaces(strings: PositionedString[]): PositionedString {
  const text = strings.map((string) => string.text).join(' ');
  const located = strings.length > 0 && strings.every((string) => string.offsets);
  // Each string brings the offset just past it, which is where its joining space (or the end) sits.
  return located ? { text, offsets: strings.flatMap((string) => string.offsets ?? []) } : { text };
}

/** Finds a setting's strings in the text of its table, checked against what the TOML parser read. */
function locateSetting(file: TomlText, header: TableHeader | undefined, key: string, value: TomlValue, headerRange: SourceRange): Setting {
  const keyLine = header ? findKeyLine(file, header, key) : undefined;
  const fallback = keyLine ? file.lines.rangeAt(keyLine.keyStart, keyLine.keyEnd) : headerRange;
  const read = keyLine ? readStrings(file.text, keyLine.valueStart) : undefined;
  const expected = Array.isArray(value) ? value : [value];
  const matches = read !== undefined && read.length === expected.length && read.every((string, index) => string.text === expected[index]);
  return { key, value, written: matches ? read : undefined, fallback };
}

/** The line of a table's body that sets `key` (bare or quoted), with the offset its value starts at. */
function findKeyLine(file: TomlText, header: TableHeader, key: string): { keyStart: number; keyEnd: number; valueStart: number } | undefined {
  const body = file.text.slice(header.bodyStart, header.bodyEnd);
  for (const line of body.matchAll(/^[ \t]*(?=\S)/gm)) {
    const keyStart = header.bodyStart + line.index + line[0].length;
    const dotted = readDottedKey(file.text, keyStart);
    if (!dotted || !sameKeys(dotted.keys, [key])) continue;
    const equals = /^[ \t]*=[ \t]*/.exec(file.text.slice(dotted.end, endOfLine(file.text, dotted.end)));
    if (equals) return { keyStart, keyEnd: dotted.end, valueStart: dotted.end + equals[0].length };
  }
  return undefined;
}

function readTableHeaders(text: string): TableHeader[] {
  const lines = new LineIndex(text);
  const starts: Array<{ start: number; header?: Omit<TableHeader, 'bodyEnd'> }> = [];
  for (const line of text.matchAll(/^[ \t]*\[/gm)) {
    const start = line.index + line[0].length - 1;
    const dotted = text.charAt(start + 1) === '[' ? undefined : readDottedKey(text, start + 1);
    const close = dotted ? /^[ \t]*\]/.exec(text.slice(dotted.end, endOfLine(text, dotted.end))) : undefined;
    if (!dotted || !close) {
      starts.push({ start });
      continue;
    }
    const end = dotted.end + close[0].length;
    starts.push({ start, header: { keys: dotted.keys, range: lines.rangeAt(start, end), bodyStart: end } });
  }
  return starts.flatMap(({ header }, index) => (header ? [{ ...header, bodyEnd: starts[index + 1]?.start ?? text.length }] : []));
}

/** Reads a bare, quoted or dotted key (`a."b c".d`) starting at an offset. */
function readDottedKey(text: string, start: number): { keys: string[]; end: number } | undefined {
  const keys: string[] = [];
  let offset = start;
  for (;;) {
    offset = skipSpaces(text, offset);
    const bare = /^[A-Za-z0-9_-]+/.exec(text.slice(offset, offset + 256));
    const multiline = text.startsWith('"""', offset) || text.startsWith("'''", offset);
    const quoted = bare || multiline ? undefined : readString(text, offset);
    if (bare) {
      keys.push(bare[0]);
      offset += bare[0].length;
    } else if (quoted) {
      keys.push(quoted.string.text);
      offset = quoted.end;
    } else return undefined;
    const afterKey = skipSpaces(text, offset);
    if (text.charAt(afterKey) !== '.') return { keys, end: offset };
    offset = afterKey + 1;
  }
}

/** Reads a TOML string or an array of strings starting at an offset; undefined for any other value. */
function readStrings(text: string, start: number): PositionedString[] | undefined {
  if (text.charAt(start) !== '[') {
    const single = readString(text, start);
    return single ? [single.string] : undefined;
  }
  const strings: PositionedString[] = [];
  let offset = start + 1;
  for (;;) {
    offset = skipBlanksAndComments(text, offset);
    if (text.charAt(offset) === ']') return strings;
    const item = readString(text, offset);
    if (!item) return undefined;
    strings.push(item.string);
    offset = skipBlanksAndComments(text, item.end);
    if (text.charAt(offset) === ',') offset++;
    else if (text.charAt(offset) !== ']') return undefined;
  }
}

/** Reads one basic (`"…"`, `"""…"""`) or literal (`'…'`, `'''…'''`) string with the offset of each character. */
function readString(text: string, start: number): { string: PositionedString; end: number } | undefined {
  const quote = text.charAt(start);
  if (quote !== '"' && quote !== "'") return undefined;
  const multiline = text.startsWith(quote.repeat(3), start);
  let offset = start + (multiline ? 3 : 1);
  // A newline right after the opening delimiter of a multi-line string is not part of it.
  if (multiline) offset = text.startsWith('\r\n', offset) ? offset + 2 : text.charAt(offset) === '\n' ? offset + 1 : offset;
  let decoded = '';
  const offsets: number[] = [];
  const add = (units: string, at: number): void => {
    decoded += units;
    for (let unit = 0; unit < units.length; unit++) offsets.push(at);
  };
  while (offset < text.length) {
    const char = text.charAt(offset);
    if (char === quote && (!multiline || text.startsWith(quote.repeat(3), offset))) {
      // Up to two quotes right before the closing delimiter belong to a multi-line string.
      let run = 1;
      while (multiline && run < 5 && text.charAt(offset + run) === quote) run++;
      const content = multiline ? run - 3 : 0;
      for (let extra = 0; extra < content; extra++) add(quote, offset + extra);
      offsets.push(offset + content);
      return { string: { text: decoded, offsets }, end: offset + run };
    }
    if (char === '\n' && !multiline) return undefined;
    if (char === '\\' && quote === '"') {
      const escape = readEscape(text, offset, multiline);
      if (!escape) return undefined;
      add(escape.text, offset);
      offset = escape.end;
      continue;
    }
    add(char, offset);
    offset++;
  }
  return undefined;
}

const SIMPLE_ESCAPES: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', e: '\u001b', '"': '"', '\\': '\\' };
const HEX_ESCAPE_LENGTHS: Record<string, number> = { x: 2, u: 4, U: 8 };

function readEscape(text: string, start: number, multiline: boolean): { text: string; end: number } | undefined {
  const letter = text.charAt(start + 1);
  const simple = SIMPLE_ESCAPES[letter];
  if (simple !== undefined) return { text: simple, end: start + 2 };
  const hexLength = HEX_ESCAPE_LENGTHS[letter];
  if (hexLength !== undefined) {
    const hex = text.slice(start + 2, start + 2 + hexLength);
    if (!/^[0-9A-Fa-f]+$/.test(hex) || hex.length !== hexLength) return undefined;
    return { text: String.fromCodePoint(Number.parseInt(hex, 16)), end: start + 2 + hexLength };
  }
  // A line-ending backslash in a multi-line basic string trims the line break and the blanks after it.
  const lineEnding = multiline ? /^\\[ \t]*\r?\n[ \t\r\n]*/.exec(text.slice(start, start + 4096)) : null;
  return lineEnding ? { text: '', end: start + lineEnding[0].length } : undefined;
}

function skipSpaces(text: string, offset: number): number {
  let position = offset;
  while (text.charAt(position) === ' ' || text.charAt(position) === '\t') position++;
  return position;
}

function skipBlanksAndComments(text: string, offset: number): number {
  let position = offset;
  for (;;) {
    const char = text.charAt(position);
    if (char === ' ' || char === '\t' || char === '\r' || char === '\n') position++;
    else if (char === '#') position = endOfLine(text, position);
    else return position;
  }
}

function endOfLine(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline === -1 ? text.length : newline;
}
