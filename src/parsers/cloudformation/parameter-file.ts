import { InputFileError } from '../../model/finding.js';
import { isAlias, isMap, isScalar, isSeq, parseDocument, type Pair, type ParsedNode, type YAMLMap } from 'yaml';
import { LineIndex, type SourceRange } from '../../model/source.js';

/**
 * A parameter (or stack tag) set by a parameter file. `range` covers the value as written without its quotes
 * (the content of `"prod"`, all of `8`, the whole `[...]` of a list); `nameRange` covers the name the same way.
 */
export interface ParameterValue {
  name: string;
  value: string;
  range: SourceRange;
  nameRange: SourceRange;
}

/** A parameter that a parameter file names without giving its value, and why. */
export interface UnknownParameter {
  name: string;
  reason: string;
  nameRange: SourceRange;
}

/** A read `--parameters` file: its text, line index, detected format, parameters and stack tags. */
export interface ParameterFile {
  path: string;
  text: string;
  lines: LineIndex;
  format: 'aws-cli' | 'template-configuration' | 'key-value';
  /** One value per name: when a name is set twice, the last setting wins. */
  parameters: ParameterValue[];
  unknownParameters: UnknownParameter[];
  tags: ParameterValue[];
}

/** A parameter file that is unreadable or in none of the supported formats, with the position of the problem. */
export class ParameterFileError extends InputFileError {}

const BYTE_ORDER_MARK = '\uFEFF';

const NOT_A_PARAMETER_FILE =
  'not a CloudFormation parameter file: expected an array of {ParameterKey, ParameterValue}, an object with Parameters, or Key=Value lines';

/** The top-level keys of a CodePipeline template configuration file. */
const TEMPLATE_CONFIGURATION_KEYS = new Set(['Parameters', 'Tags', 'StackPolicy']);

const PREVIOUS_VALUE_REASON = 'uses the previous value of the stack';

/** A name followed by `=` at the start of the first line that is neither blank nor a comment. */
const KEY_VALUE_FIRST_LINE = /^[ \t]*(?:[^\s=:#"'[\]{}-][^\s=:]*)?=/;

const WHITESPACE = /[ \t\r\n]/;

interface FileText {
  path: string;
  text: string;
  lines: LineIndex;
}

type ParameterSetting = ParameterValue | UnknownParameter;

interface ReadSettings {
  format: ParameterFile['format'];
  settings: ParameterSetting[];
  tags: ParameterValue[];
}

/** Reads a CloudFormation parameter file, detecting its format from its content; throws {@link ParameterFileError}. */
export function readParameterFile(path: string, rawText: string): ParameterFile {
  const text = rawText.startsWith(BYTE_ORDER_MARK) ? rawText.slice(1) : rawText;
  const file: FileText = { path, text, lines: new LineIndex(text) };
  const { format, settings, tags } = looksLikeKeyValueLines(text)
    ? { format: 'key-value' as const, settings: readKeyValueLines(file), tags: [] }
    : readStructuredFile(file);
  const lastSettings = keepLastByName(settings);
  return {
    ...file,
    format,
    parameters: lastSettings.filter((setting): setting is ParameterValue => 'value' in setting),
    unknownParameters: lastSettings.filter((setting): setting is UnknownParameter => 'reason' in setting),
    tags: keepLastByName(tags),
  };
}

function looksLikeKeyValueLines(text: string): boolean {
  const firstLine = text.split('\n').find((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
  // A file of nothing but comments holds no parameters in any format; reading it as Key=Value lines says so.
  return firstLine === undefined || KEY_VALUE_FIRST_LINE.test(firstLine);
}

/** Keeps one item per name, the last, in the order the kept items are written. */
function keepLastByName<Named extends { name: string }>(items: Named[]): Named[] {
  const lastByName = new Map<string, Named>();
  for (const item of items) {
    lastByName.delete(item.name);
    lastByName.set(item.name, item);
  }
  return [...lastByName.values()];
}

function errorAt(file: FileText, offset: number, message: string): ParameterFileError {
  const { line, column } = file.lines.positionAt(offset);
  return new ParameterFileError(file.path, message, line, column);
}

/**
 * Reads `Key=Value` pairs as `aws cloudformation deploy --parameter-overrides` takes them: separated by whitespace
 * or newlines, split at the first `=`, a value optionally quoted with `"` or `'` (without escapes), and `#`
 * starting a comment where a pair could start, as in the shell the pairs are usually copied from.
 */
function readKeyValueLines(file: FileText): ParameterValue[] {
  const { text } = file;
  const parameters: ParameterValue[] = [];
  let offset = 0;
  while (offset < text.length) {
    if (WHITESPACE.test(text.charAt(offset))) offset++;
    else if (text.charAt(offset) === '#') offset = endOfLine(text, offset);
    else {
      const { parameter, end } = readKeyValuePair(file, offset);
      parameters.push(parameter);
      offset = end;
    }
  }
  return parameters;
}

function readKeyValuePair(file: FileText, start: number): { parameter: ParameterValue; end: number } {
  const { text } = file;
  const nameEnd = scanUntil(text, start, (char) => char === '=' || WHITESPACE.test(char));
  if (text.charAt(nameEnd) !== '=') {
    const token = text.slice(start, scanUntil(text, start, (char) => WHITESPACE.test(char)));
    throw errorAt(file, start, `expected Key=Value, found "${token}" (quote values that contain spaces)`);
  }
  if (nameEnd === start) throw errorAt(file, start, 'a parameter name is missing before "="');
  const name = text.slice(start, nameEnd);
  const nameRange = file.lines.rangeAt(start, nameEnd);
  const valueStart = nameEnd + 1;
  const quote = text.charAt(valueStart);
  if (quote !== '"' && quote !== "'") {
    const valueEnd = scanUntil(text, valueStart, (char) => WHITESPACE.test(char));
    const range = file.lines.rangeAt(valueStart, valueEnd);
    return { parameter: { name, value: text.slice(valueStart, valueEnd), range, nameRange }, end: valueEnd };
  }
  const closingQuote = text.indexOf(quote, valueStart + 1);
  if (closingQuote === -1 || closingQuote > endOfLine(text, valueStart)) {
    throw errorAt(file, valueStart, `the value of ${name} opens a ${quote} quote that is not closed on its line`);
  }
  const end = closingQuote + 1;
  if (end < text.length && !WHITESPACE.test(text.charAt(end))) {
    throw errorAt(file, end, `expected whitespace or a line end after the quoted value of ${name}`);
  }
  const range = file.lines.rangeAt(valueStart + 1, closingQuote);
  return { parameter: { name, value: text.slice(valueStart + 1, closingQuote), range, nameRange }, end };
}

function scanUntil(text: string, start: number, stop: (char: string) => boolean): number {
  let offset = start;
  while (offset < text.length && !stop(text.charAt(offset))) offset++;
  return offset;
}

function endOfLine(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline === -1 ? text.length : newline;
}

/** Reads the JSON or YAML formats: an AWS CLI array of entries, or a CodePipeline template configuration object. */
function readStructuredFile(file: FileText): ReadSettings {
  // Duplicate keys are allowed so that a parameter set twice resolves to its last value, as for the other formats.
  const document = parseDocument(file.text, { prettyErrors: false, uniqueKeys: false });
  const syntaxError = document.errors[0];
  if (syntaxError) {
    const syntax = /^\s*[[{]/.test(file.text) ? 'JSON' : 'YAML';
    throw errorAt(file, syntaxError.pos[0], `invalid ${syntax}: ${syntaxError.message}`);
  }
  const root = document.contents;
  if (isSeq(root)) {
    return { format: 'aws-cli', settings: root.items.flatMap((entry) => readAwsCliEntry(file, entry)), tags: [] };
  }
  if (isMap(root) && root.items.some((pair) => TEMPLATE_CONFIGURATION_KEYS.has(keyText(pair) ?? ''))) {
    return readTemplateConfiguration(file, root);
  }
  throw errorAt(file, 0, NOT_A_PARAMETER_FILE);
}

function keyText(pair: Pair<ParsedNode, ParsedNode | null>): string | undefined {
  return isScalar(pair.key) && typeof pair.key.value === 'string' ? pair.key.value : undefined;
}

/** Reads one `{ParameterKey, ParameterValue | UsePreviousValue}` entry; an entry with neither sets nothing. */
function readAwsCliEntry(file: FileText, entry: ParsedNode): ParameterSetting[] {
  if (!isMap(entry)) throw errorAt(file, entry.range[0], 'expected an object with ParameterKey and ParameterValue');
  let key: ScalarText | undefined;
  let value: ScalarText | undefined;
  let usesPreviousValue = false;
  for (const pair of entry.items) {
    const field = keyText(pair);
    if (field === 'ParameterKey') key = scalarText(file, pair.value, pair.key.range[0], 'ParameterKey');
    else if (field === 'ParameterValue') value = scalarText(file, pair.value, pair.key.range[0], 'ParameterValue');
    else if (field === 'UsePreviousValue') {
      usesPreviousValue = booleanValue(file, pair.value, pair.key.range[0], 'UsePreviousValue');
    }
    // ResolvedValue is what describe-stacks reports for SSM parameter types; CloudFormation ignores it as input.
    else if (field !== 'ResolvedValue') {
      throw errorAt(
        file,
        pair.key.range[0],
        `unexpected key ${field ?? 'that is not a string'} in a parameter entry: expected ParameterKey, ParameterValue, UsePreviousValue or ResolvedValue`,
      );
    }
  }
  if (!key) throw errorAt(file, entry.range[0], 'this parameter entry has no ParameterKey');
  if (usesPreviousValue && value && value.text !== '') {
    // CloudFormation refuses this combination: "Cannot specify usePreviousValue as true and non empty value for a parameter".
    throw errorAt(file, value.range.start.offset, `${key.text} has both a ParameterValue and UsePreviousValue: true`);
  }
  if (usesPreviousValue) return [{ name: key.text, reason: PREVIOUS_VALUE_REASON, nameRange: key.range }];
  return value ? [{ name: key.text, value: value.text, range: value.range, nameRange: key.range }] : [];
}

function readTemplateConfiguration(file: FileText, root: YAMLMap.Parsed): ReadSettings {
  const settings: ParameterSetting[] = [];
  const tags: ParameterValue[] = [];
  for (const pair of root.items) {
    const key = keyText(pair);
    if (key === 'Parameters') settings.push(...readNamedValues(file, pair, 'parameter'));
    else if (key === 'Tags') tags.push(...readNamedValues(file, pair, 'tag'));
    else if (key !== 'StackPolicy') {
      const unexpected = key ?? 'that is not a string';
      throw errorAt(file, pair.key.range[0], `unexpected key ${unexpected} in a template configuration: expected Parameters, Tags or StackPolicy`);
    }
  }
  return { format: 'template-configuration', settings, tags };
}

/** Reads the `Parameters` or `Tags` object of a template configuration; only parameters may have list values. */
function readNamedValues(file: FileText, section: Pair<ParsedNode, ParsedNode | null>, kind: 'parameter' | 'tag'): ParameterValue[] {
  const sectionName = kind === 'parameter' ? 'Parameters' : 'Tags';
  if (!isMap(section.value)) {
    throw errorAt(file, section.value?.range[0] ?? section.key.range[0], `${sectionName} must be an object of names and values`);
  }
  return section.value.items.map((pair) => {
    const name = scalarText(file, pair.key, pair.key.range[0], `a ${kind} name`);
    const valueSubject = `the value of ${kind} ${name.text}`;
    const value =
      kind === 'parameter' && isSeq(pair.value)
        ? commaDelimitedList(file, pair.value.items, pair.value.range, valueSubject)
        : scalarText(file, pair.value, pair.key.range[0], valueSubject);
    return { name: name.text, value: value.text, range: value.range, nameRange: name.range };
  });
}

/** Joins a list of scalars with commas, the string form CloudFormation gives a CommaDelimitedList parameter. */
function commaDelimitedList(file: FileText, items: ParsedNode[], range: ParsedNode['range'], subject: string): ScalarText {
  const texts = items.map((item) => scalarText(file, item, range[0], `each item of ${subject}`).text);
  return { text: texts.join(','), range: writtenRange(file, range[0], range[1]) };
}

interface ScalarText {
  text: string;
  range: SourceRange;
}

/**
 * The string a parameter gets from a scalar: strings as they are, booleans as `true`/`false`, and numbers as
 * written rather than as the JavaScript number, so that a version such as `3.10` does not turn into `3.1`.
 */
function scalarText(file: FileText, node: ParsedNode | null, fallbackOffset: number, subject: string): ScalarText {
  if (isAlias(node)) throw errorAt(file, node.range[0], `${subject} is a YAML alias, which parameter files do not support`);
  if (!isScalar(node) || node.value === null) {
    throw errorAt(file, node?.range[0] ?? fallbackOffset, `${subject} must be a string, number or boolean`);
  }
  const [start, end] = node.range;
  const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
  const range = quoted ? file.lines.rangeAt(start + 1, end - 1) : writtenRange(file, start, end);
  const writtenNumber = typeof node.value === 'number' && node.type === 'PLAIN';
  return { text: writtenNumber ? file.text.slice(start, end) : String(node.value), range };
}

function booleanValue(file: FileText, node: ParsedNode | null, fallbackOffset: number, subject: string): boolean {
  if (!isScalar(node) || typeof node.value !== 'boolean') {
    throw errorAt(file, node?.range[0] ?? fallbackOffset, `${subject} must be true or false`);
  }
  return node.value;
}

/** The range of a node without the line break that ends the value of a block list or block scalar. */
function writtenRange(file: FileText, start: number, end: number): SourceRange {
  let writtenEnd = end;
  while (writtenEnd > start && WHITESPACE.test(file.text.charAt(writtenEnd - 1))) writtenEnd--;
  return file.lines.rangeAt(start, writtenEnd);
}
