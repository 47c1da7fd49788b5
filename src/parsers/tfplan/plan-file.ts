import { InputFileError } from '../../model/finding.js';
import { LineIndex, type SourceRange } from '../../model/source.js';
import {
  enclosingObjectStart,
  findJsonSyntaxError,
  isEscaped,
  isFollowedByColon,
  scanComposite,
  skipWhitespace,
  topLevelMembers,
  type JsonMember,
} from './json-text.js';

/** What `terraform show -json` printed: a saved plan or a state. */
export type TerraformJsonKind = 'plan' | 'state';

/** A Terraform plan or state in Terraform's JSON output format, parsed once into plain values. */
export interface TerraformJsonFile {
  path: string;
  /** The text without its byte order mark; offsets and positions refer to it. */
  text: string;
  lines: LineIndex;
  kind: TerraformJsonKind;
  /** The JSON.parse result; positions are found in `text` on demand (see {@link locateResourceObject}). */
  document: unknown;
}

/** The top-level members whose resources {@link locateResourceObject} finds. */
export type TerraformJsonSection = 'planned_values' | 'resource_changes' | 'values';

/** Where a resource's object is in a Terraform JSON file. */
export interface ResourceObjectLocation {
  /** The `{` that opens the resource's object. */
  objectStart: SourceRange;
  /** The `"deployment_mode"` key among the resource's attribute values, quotes included. */
  deploymentModeKey?: SourceRange;
}

/** A Terraform plan or state JSON file that cannot be read. */
export class TerraformJsonError extends InputFileError {}

const BYTE_ORDER_MARK = '\uFEFF';
const STARTS_AS_OBJECT = /^\uFEFF?\s*\{/;
/** The format's major version 1; minor versions only add members (Terraform's JSON output format, "format_version"). */
const SUPPORTED_FORMAT_VERSION = /^1\.\d+$/;
/** An `"address": "…"` member; the value is captured still JSON-escaped. */
const ADDRESS_MEMBER = /"address"\s*:\s*"((?:[^"\\]|\\.)*)"/g;
const DEPLOYMENT_MODE_KEY = '"deployment_mode"';

/** Positions found so far in a file, so that locating many resources scans each section once. */
interface PositionIndex {
  /** Top-level members read so far (the first of duplicate keys wins), and the reader of the rest. */
  members: Map<string, JsonMember>;
  unreadMembers: Generator<[string, JsonMember], void, undefined>;
  /** Per section: decoded address → offset of the `"address"` key that names it (the first one wins). */
  addresses: Map<TerraformJsonSection, Map<string, number>>;
}

const positionIndexes = new WeakMap<TerraformJsonFile, PositionIndex>();

/**
 * Cheap text check, before any parse: is this `terraform show -json` output of a plan or of a state? The text must
 * open an object and name `format_version`, and then `planned_values` or `resource_changes` (a plan) or `values`
 * with `root_module` (a state).
 */
export function detectTerraformJson(text: string): TerraformJsonKind | undefined {
  if (!STARTS_AS_OBJECT.test(text) || !text.includes('"format_version"')) return undefined;
  if (text.includes('"planned_values"') || text.includes('"resource_changes"')) return 'plan';
  if (text.includes('"values"') && text.includes('"root_module"')) return 'state';
  return undefined;
}

/**
 * Parses a plan or state JSON file. Throws {@link TerraformJsonError} when the text is not JSON, is neither a plan
 * nor a state, or has a `format_version` other than 1.x.
 */
export function readTerraformJson(path: string, rawText: string): TerraformJsonFile {
  const text = rawText.startsWith(BYTE_ORDER_MARK) ? rawText.slice(1) : rawText;
  const lines = new LineIndex(text);
  const errorAt = (message: string, offset: number | undefined): TerraformJsonError => {
    if (offset === undefined) return new TerraformJsonError(path, message);
    const { line, column } = lines.positionAt(offset);
    return new TerraformJsonError(path, message, line, column);
  };
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    const problem = findJsonSyntaxError(text);
    throw errorAt(problem?.message ?? (error as Error).message, problem?.offset);
  }
  if (!isRecord(document)) throw errorAt('not a Terraform plan or state: the JSON text is not an object', 0);
  const kind: TerraformJsonKind | undefined =
    'planned_values' in document || 'resource_changes' in document ? 'plan' : 'values' in document ? 'state' : undefined;
  if (kind === undefined) throw errorAt('not a Terraform plan or state: it has no planned_values, resource_changes or values', 0);
  const file: TerraformJsonFile = { path, text, lines, kind, document };
  const formatVersion = document['format_version'];
  if (typeof formatVersion !== 'string' || !SUPPORTED_FORMAT_VERSION.test(formatVersion)) {
    const key = locateJsonKey(file, 0, 'format_version');
    const problem =
      formatVersion === undefined
        ? 'no format_version'
        : `unsupported format_version ${typeof formatVersion === 'string' ? formatVersion : JSON.stringify(formatVersion)}`;
    throw errorAt(`${problem}: iac-mq-lint reads Terraform JSON format 1.x`, key === undefined ? 0 : valueOffsetAfterKey(text, key.end.offset));
  }
  return file;
}

/**
 * The first `"key"` that names an object member at or after a character offset, at any depth, quotes included.
 * A text search, so use it where the first such member is the one meant (e.g. `format_version`, Terraform's first).
 */
export function locateJsonKey(file: TerraformJsonFile, fromOffset: number, key: string): SourceRange | undefined {
  const quoted = JSON.stringify(key);
  for (let offset = file.text.indexOf(quoted, fromOffset); offset !== -1; offset = file.text.indexOf(quoted, offset + 1)) {
    // A quote preceded by a backslash is inside a longer key; one without a colon after it is a value.
    if (!isEscaped(file.text, offset) && isFollowedByColon(file.text, offset + quoted.length)) {
      return file.lines.rangeAt(offset, offset + quoted.length);
    }
  }
  return undefined;
}

/**
 * Finds the object of the resource with an address in a top-level section (`planned_values` or `resource_changes`
 * of a plan, `values` of a state) by searching the text, not parsing it: the section's bounds once per file, then
 * its `"address"` members once per section, then only the resource's own object. The `deployment_mode` key is the
 * first one among the attribute values: `values` in a section of values, `change.before` (else `change.after`)
 * in `resource_changes`.
 */
export function locateResourceObject(file: TerraformJsonFile, address: string, section: TerraformJsonSection): ResourceObjectLocation | undefined {
  const addressKey = sectionAddresses(file, section).get(address);
  if (addressKey === undefined) return undefined;
  const objectStart = enclosingObjectStart(file.text, addressKey);
  if (objectStart === undefined) return undefined;
  const attributeDepth = section === 'resource_changes' ? 3 : 2;
  const { keyOffset } = scanComposite(file.text, objectStart, { quoted: DEPLOYMENT_MODE_KEY, depth: attributeDepth });
  const location: ResourceObjectLocation = { objectStart: file.lines.rangeAt(objectStart, objectStart + 1) };
  if (keyOffset !== undefined) location.deploymentModeKey = file.lines.rangeAt(keyOffset, keyOffset + DEPLOYMENT_MODE_KEY.length);
  return location;
}

function sectionAddresses(file: TerraformJsonFile, section: TerraformJsonSection): Map<string, number> {
  let index = positionIndexes.get(file);
  if (index === undefined) {
    index = { members: new Map(), unreadMembers: topLevelMembers(file.text), addresses: new Map() };
    positionIndexes.set(file, index);
  }
  let addresses = index.addresses.get(section);
  if (addresses !== undefined) return addresses;
  addresses = new Map();
  const member = topLevelMember(index, section);
  if (member !== undefined) {
    ADDRESS_MEMBER.lastIndex = member.valueStart;
    for (let match = ADDRESS_MEMBER.exec(file.text); match !== null && match.index < member.valueEnd; match = ADDRESS_MEMBER.exec(file.text)) {
      if (isEscaped(file.text, match.index)) continue;
      const escaped = match[1] ?? '';
      // Terraform's encoder escapes `<`, `>` and `&` in for_each keys as \u003c…; decoding matches any escaping.
      const decoded = escaped.includes('\\') ? (JSON.parse(`"${escaped}"`) as string) : escaped;
      if (!addresses.has(decoded)) addresses.set(decoded, match.index);
    }
  }
  index.addresses.set(section, addresses);
  return addresses;
}

function topLevelMember(index: PositionIndex, key: string): JsonMember | undefined {
  while (!index.members.has(key)) {
    const next = index.unreadMembers.next();
    if (next.done) return undefined;
    const [name, member] = next.value;
    if (!index.members.has(name)) index.members.set(name, member);
  }
  return index.members.get(key);
}

function valueOffsetAfterKey(text: string, keyEnd: number): number {
  return skipWhitespace(text, skipWhitespace(text, keyEnd) + 1);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
