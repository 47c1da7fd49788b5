import { LineIndex, type SourcePosition, type SourceRange } from '../../model/source.js';

/** Where one attribute (`name = value`) of a Terraform body is written. */
export interface HclAttributePosition {
  name: string;
  /** The attribute name (in `.tf.json`, the key including its quotes). */
  nameRange: SourceRange;
  /** The whole value expression as written: strings with their quotes, heredocs through the closing marker. */
  valueRange: SourceRange;
  /** The source text of `valueRange`. */
  valueText: string;
}

/** Where one block (`type "label" { ... }`) of a Terraform file is written. */
export interface HclBlockPosition {
  /** The block type, e.g. `resource`. */
  type: string;
  /** The labels without quotes, e.g. `["aws_mq_broker", "this"]`. */
  labels: string[];
  /** From the type keyword through the last label (closing quote included); in `.tf.json`, the key of the last label. */
  headerRange: SourceRange;
  labelRanges: SourceRange[];
  /** From `{` to just after the matching `}` (to the end of the file when the block is never closed). */
  bodyRange: SourceRange;
  /** Attributes in source order. */
  attributes: HclAttributePosition[];
  /** Nested blocks in source order (always empty for `.tf.json`, where they look like map attributes). */
  blocks: HclBlockPosition[];
}

/** The attributes and blocks of a Terraform body: a whole file, or the inside of a block. */
export interface HclBodyPosition {
  attributes: HclAttributePosition[];
  blocks: HclBlockPosition[];
}

const CHAR_TAB = 0x09;
const CHAR_NEWLINE = 0x0a;
const CHAR_VERTICAL_TAB = 0x0b;
const CHAR_FORM_FEED = 0x0c;
const CHAR_CARRIAGE_RETURN = 0x0d;
const CHAR_SPACE = 0x20;
const CHAR_QUOTE = 0x22;
const CHAR_HASH = 0x23;
const CHAR_DOLLAR = 0x24;
const CHAR_PERCENT = 0x25;
const CHAR_OPEN_PAREN = 0x28;
const CHAR_CLOSE_PAREN = 0x29;
const CHAR_ASTERISK = 0x2a;
const CHAR_PLUS = 0x2b;
const CHAR_COMMA = 0x2c;
const CHAR_HYPHEN = 0x2d;
const CHAR_PERIOD = 0x2e;
const CHAR_SLASH = 0x2f;
const CHAR_DIGIT_0 = 0x30;
const CHAR_DIGIT_9 = 0x39;
const CHAR_COLON = 0x3a;
const CHAR_LESS_THAN = 0x3c;
const CHAR_EQUALS = 0x3d;
const CHAR_GREATER_THAN = 0x3e;
const CHAR_OPEN_BRACKET = 0x5b;
const CHAR_BACKSLASH = 0x5c;
const CHAR_CLOSE_BRACKET = 0x5d;
const CHAR_UNDERSCORE = 0x5f;
const CHAR_OPEN_BRACE = 0x7b;
const CHAR_CLOSE_BRACE = 0x7d;
const CHAR_BYTE_ORDER_MARK = 0xfeff;

function isHorizontalSpace(char: number): boolean {
  return (
    char === CHAR_SPACE ||
    char === CHAR_TAB ||
    char === CHAR_CARRIAGE_RETURN ||
    char === CHAR_VERTICAL_TAB ||
    char === CHAR_FORM_FEED ||
    char === CHAR_BYTE_ORDER_MARK
  );
}

function isAsciiLetter(char: number): boolean {
  const lower = char | 0x20;
  return lower >= 0x61 && lower <= 0x7a;
}

function isDigit(char: number): boolean {
  return char >= CHAR_DIGIT_0 && char <= CHAR_DIGIT_9;
}

// Any non-ASCII character counts as a letter: HCL accepts Unicode identifiers, and over-accepting
// here only matters for input HCL would reject anyway.
function isIdentifierStart(char: number): boolean {
  return isAsciiLetter(char) || char === CHAR_UNDERSCORE || (char >= 0x80 && char !== CHAR_BYTE_ORDER_MARK);
}

function isIdentifierPart(char: number): boolean {
  return isIdentifierStart(char) || isDigit(char) || char === CHAR_HYPHEN;
}

/** The text of a quoted string without its quotes and escapes; falls back to the raw text for escapes JSON lacks. */
function unquote(quoted: string): string {
  if (quoted.length < 2 || quoted.charCodeAt(quoted.length - 1) !== CHAR_QUOTE) return quoted.slice(1);
  if (!quoted.includes('\\')) return quoted.slice(1, -1);
  try {
    return JSON.parse(quoted) as string;
  } catch {
    return quoted.slice(1, -1);
  }
}

type HclTokenKind =
  | 'end'
  | 'newline'
  | 'identifier'
  | 'quotedTemplate'
  | 'heredoc'
  | 'equals'
  | 'openBrace'
  | 'closeBrace'
  | 'openBracketOrParen'
  | 'closeBracketOrParen'
  | 'other';

/**
 * Splits HCL native syntax into the few tokens the structure depends on. Templates and heredocs come
 * out as single tokens and comments are skipped, so nothing inside them can look like a block.
 * The current token is kept in fields rather than allocated, because a 5 MB file has millions of them.
 */
class HclLexer {
  kind: HclTokenKind = 'end';
  start = 0;
  end = 0;
  private position = 0;

  constructor(private readonly source: string) {}

  next(): HclTokenKind {
    const source = this.source;
    const position = this.skipSpaceAndComments(this.position);
    this.start = position;
    if (position >= source.length) return this.emit('end', position);
    const char = source.charCodeAt(position);
    const following = source.charCodeAt(position + 1);
    switch (char) {
      case CHAR_NEWLINE:
        return this.emit('newline', position + 1);
      case CHAR_QUOTE:
        return this.emit('quotedTemplate', skipQuotedTemplate(source, position));
      case CHAR_OPEN_BRACE:
        return this.emit('openBrace', position + 1);
      case CHAR_CLOSE_BRACE:
        return this.emit('closeBrace', position + 1);
      case CHAR_OPEN_BRACKET:
      case CHAR_OPEN_PAREN:
        return this.emit('openBracketOrParen', position + 1);
      case CHAR_CLOSE_BRACKET:
      case CHAR_CLOSE_PAREN:
        return this.emit('closeBracketOrParen', position + 1);
      case CHAR_EQUALS:
        // `==` and `=>` are operators inside expressions, never an assignment.
        if (following === CHAR_EQUALS || following === CHAR_GREATER_THAN) return this.emit('other', position + 2);
        return this.emit('equals', position + 1);
      case CHAR_LESS_THAN: {
        const heredocEnd = following === CHAR_LESS_THAN ? skipHeredoc(source, position) : -1;
        return heredocEnd < 0 ? this.emit('other', position + 1) : this.emit('heredoc', heredocEnd);
      }
    }
    if (isIdentifierStart(char)) {
      let end = position + 1;
      while (end < source.length && isIdentifierPart(source.charCodeAt(end))) end++;
      return this.emit('identifier', end);
    }
    return this.emit('other', position + 1);
  }

  private emit(kind: HclTokenKind, end: number): HclTokenKind {
    this.kind = kind;
    this.end = end;
    this.position = end;
    return kind;
  }

  private skipSpaceAndComments(from: number): number {
    const source = this.source;
    let position = from;
    while (position < source.length) {
      const char = source.charCodeAt(position);
      if (isHorizontalSpace(char)) {
        position++;
      } else if (char === CHAR_HASH || (char === CHAR_SLASH && source.charCodeAt(position + 1) === CHAR_SLASH)) {
        // The newline that ends a line comment stays a token: it still ends the statement.
        position = skipToLineEnd(source, position);
      } else if (char === CHAR_SLASH && source.charCodeAt(position + 1) === CHAR_ASTERISK) {
        position = skipBlockComment(source, position);
      } else {
        break;
      }
    }
    return position;
  }
}

function skipToLineEnd(source: string, from: number): number {
  const newline = source.indexOf('\n', from);
  return newline < 0 ? source.length : newline;
}

function skipBlockComment(source: string, openingSlash: number): number {
  const close = source.indexOf('*/', openingSlash + 2);
  return close < 0 ? source.length : close + 2;
}

/**
 * Returns the offset just past the closing quote of the quoted template starting at `openingQuote`.
 * Interpolations (`${ }`, `%{ }`) may hold braces, heredocs and further quoted templates, nested arbitrarily,
 * so the nesting lives in an explicit stack instead of the call stack. Quoted strings cannot span
 * lines in HCL, so a newline outside an interpolation ends an unterminated string there.
 */
function skipQuotedTemplate(source: string, openingQuote: number): number {
  // One entry per open interpolation: the depth of plain braces opened inside it.
  const interpolationBraceDepths: number[] = [];
  let insideString = true;
  let position = openingQuote + 1;
  while (position < source.length) {
    const char = source.charCodeAt(position);
    if (insideString) {
      if (char === CHAR_NEWLINE) return position;
      if (char === CHAR_BACKSLASH && source.charCodeAt(position + 1) !== CHAR_NEWLINE) {
        position += 2;
        continue;
      }
      if (char === CHAR_QUOTE) {
        position++;
        if (interpolationBraceDepths.length === 0) return position;
        insideString = false;
        continue;
      }
      if (char === CHAR_DOLLAR || char === CHAR_PERCENT) {
        const following = source.charCodeAt(position + 1);
        if (following === char && source.charCodeAt(position + 2) === CHAR_OPEN_BRACE) {
          // `$${` and `%%{` are the escapes for a literal `${` and `%{`.
          position += 3;
          continue;
        }
        if (following === CHAR_OPEN_BRACE) {
          interpolationBraceDepths.push(0);
          insideString = false;
          position += 2;
          continue;
        }
      }
      position++;
      continue;
    }
    const depthIndex = interpolationBraceDepths.length - 1;
    const depth = interpolationBraceDepths[depthIndex] ?? 0;
    if (char === CHAR_QUOTE) {
      insideString = true;
      position++;
    } else if (char === CHAR_OPEN_BRACE) {
      interpolationBraceDepths[depthIndex] = depth + 1;
      position++;
    } else if (char === CHAR_CLOSE_BRACE) {
      if (depth === 0) {
        interpolationBraceDepths.pop();
        insideString = true;
      } else {
        interpolationBraceDepths[depthIndex] = depth - 1;
      }
      position++;
    } else if (char === CHAR_HASH || (char === CHAR_SLASH && source.charCodeAt(position + 1) === CHAR_SLASH)) {
      position = skipToLineEnd(source, position);
    } else if (char === CHAR_SLASH && source.charCodeAt(position + 1) === CHAR_ASTERISK) {
      position = skipBlockComment(source, position);
    } else if (char === CHAR_LESS_THAN && source.charCodeAt(position + 1) === CHAR_LESS_THAN) {
      const heredocEnd = skipHeredoc(source, position);
      position = heredocEnd < 0 ? position + 2 : heredocEnd;
    } else {
      position++;
    }
  }
  return source.length;
}

/**
 * Returns the offset just past the closing marker of the heredoc introduced at `openingAngles`
 * (`<<EOT` or `<<-EOT`, directly followed by a line break), or -1 when no heredoc starts there.
 * An unterminated heredoc runs to the end of the file.
 */
function skipHeredoc(source: string, openingAngles: number): number {
  let markerStart = openingAngles + 2;
  if (source.charCodeAt(markerStart) === CHAR_HYPHEN) markerStart++;
  if (!isIdentifierStart(source.charCodeAt(markerStart))) return -1;
  let markerEnd = markerStart + 1;
  while (markerEnd < source.length && isIdentifierPart(source.charCodeAt(markerEnd))) markerEnd++;
  let lineBreak = markerEnd;
  if (source.charCodeAt(lineBreak) === CHAR_CARRIAGE_RETURN) lineBreak++;
  if (source.charCodeAt(lineBreak) !== CHAR_NEWLINE) return -1;

  const marker = source.slice(markerStart, markerEnd);
  let lineStart = lineBreak + 1;
  while (lineStart < source.length) {
    const lineEnd = skipToLineEnd(source, lineStart);
    let contentStart = lineStart;
    let contentEnd = lineEnd;
    while (contentStart < contentEnd && isHorizontalSpace(source.charCodeAt(contentStart))) contentStart++;
    while (contentEnd > contentStart && isHorizontalSpace(source.charCodeAt(contentEnd - 1))) contentEnd--;
    if (contentEnd - contentStart === marker.length && source.startsWith(marker, contentStart)) return contentEnd;
    lineStart = lineEnd + 1;
  }
  return source.length;
}

/** Where an expression was written, and the token that ended it (a newline, a closing `}` or the end). */
interface ExpressionExtent {
  start: number;
  end: number;
  stoppedAt: HclTokenKind;
}

/**
 * Consumes an expression starting with the lexer's current token. It ends at a newline or `}` outside
 * any bracket, which is how HCL ends an attribute (also in one-line blocks such as `{ default = 1 }`).
 * A single counter serves all bracket kinds: it keeps deep nesting linear and mismatched brackets harmless.
 */
function skipExpression(lexer: HclLexer): ExpressionExtent {
  let depth = 0;
  let start = -1;
  let end = -1;
  let token = lexer.kind;
  while (token !== 'end') {
    if (depth === 0 && (token === 'newline' || token === 'closeBrace')) break;
    if (token === 'openBrace' || token === 'openBracketOrParen') depth++;
    else if ((token === 'closeBrace' || token === 'closeBracketOrParen') && depth > 0) depth--;
    if (token !== 'newline') {
      if (start < 0) start = lexer.start;
      end = lexer.end;
    }
    token = lexer.next();
  }
  return { start, end, stoppedAt: token };
}

/** Builds block and attribute positions from the token stream, keeping the open blocks in an explicit stack. */
class HclBodyIndexer {
  readonly root: HclBodyPosition = { attributes: [], blocks: [] };
  private readonly openBlocks: HclBlockPosition[] = [];
  private readonly lexer: HclLexer;
  private readonly endOfSource: SourcePosition;

  constructor(
    private readonly source: string,
    private readonly lines: LineIndex,
  ) {
    this.lexer = new HclLexer(source);
    this.endOfSource = lines.positionAt(source.length);
  }

  index(): HclBodyPosition {
    let token = this.lexer.next();
    while (token !== 'end') {
      if (token === 'newline') {
        token = this.lexer.next();
      } else if (token === 'closeBrace') {
        this.closeBlock();
        token = this.lexer.next();
      } else if (token === 'identifier') {
        token = this.indexStatement();
      } else {
        token = skipExpression(this.lexer).stoppedAt;
      }
    }
    return this.root;
  }

  private get currentBody(): HclBodyPosition {
    return this.openBlocks[this.openBlocks.length - 1] ?? this.root;
  }

  /** Indexes the attribute or block header starting at the current identifier; returns the token after it. */
  private indexStatement(): HclTokenKind {
    const lexer = this.lexer;
    const nameStart = lexer.start;
    const nameEnd = lexer.end;
    let token = lexer.next();
    if (token === 'equals') {
      lexer.next();
      const value = skipExpression(lexer);
      if (value.start >= 0) this.addAttribute(nameStart, nameEnd, value);
      return value.stoppedAt;
    }
    const labelStarts: number[] = [];
    const labelEnds: number[] = [];
    while (token === 'quotedTemplate' || token === 'identifier') {
      labelStarts.push(lexer.start);
      labelEnds.push(lexer.end);
      token = lexer.next();
    }
    if (token === 'openBrace') {
      this.openBlock(nameStart, nameEnd, labelStarts, labelEnds, lexer.start);
      return lexer.next();
    }
    return skipExpression(lexer).stoppedAt;
  }

  private addAttribute(nameStart: number, nameEnd: number, value: ExpressionExtent): void {
    this.currentBody.attributes.push({
      name: this.source.slice(nameStart, nameEnd),
      nameRange: this.lines.rangeAt(nameStart, nameEnd),
      valueRange: this.lines.rangeAt(value.start, value.end),
      valueText: this.source.slice(value.start, value.end),
    });
  }

  private openBlock(
    typeStart: number,
    typeEnd: number,
    labelStarts: number[],
    labelEnds: number[],
    openingBrace: number,
  ): void {
    const source = this.source;
    const labels = labelStarts.map((start, index) => {
      const text = source.slice(start, labelEnds[index]);
      return text.charCodeAt(0) === CHAR_QUOTE ? unquote(text) : text;
    });
    const labelRanges = labelStarts.map((start, index) => this.lines.rangeAt(start, labelEnds[index] ?? start));
    const block: HclBlockPosition = {
      type: source.slice(typeStart, typeEnd),
      labels,
      headerRange: {
        start: this.lines.positionAt(typeStart),
        end: labelRanges[labelRanges.length - 1]?.end ?? this.lines.positionAt(typeEnd),
      },
      labelRanges,
      // The end moves to the matching `}` once it is found; an unclosed block keeps the end of the file.
      bodyRange: { start: this.lines.positionAt(openingBrace), end: this.endOfSource },
      attributes: [],
      blocks: [],
    };
    this.currentBody.blocks.push(block);
    this.openBlocks.push(block);
  }

  private closeBlock(): void {
    // A stray `}` at the top level closes nothing.
    const block = this.openBlocks.pop();
    if (block) block.bodyRange.end = this.lines.positionAt(this.lexer.end);
  }
}

/**
 * Indexes the position of every block header and attribute of a Terraform native-syntax (`.tf`) file;
 * malformed input never throws, it yields what could be indexed.
 */
export function indexHclPositions(source: string): HclBodyPosition {
  return new HclBodyIndexer(source, new LineIndex(source)).index();
}

interface JsonObject {
  kind: 'object';
  start: number;
  end: number;
  members: JsonMember[];
}

interface JsonArray {
  kind: 'array';
  start: number;
  end: number;
  items: JsonValue[];
}

interface JsonScalar {
  kind: 'scalar';
  start: number;
  end: number;
}

type JsonValue = JsonObject | JsonArray | JsonScalar;

interface JsonMember {
  key: string;
  keyStart: number;
  keyEnd: number;
  /** Missing when the input ends or breaks before the value. */
  value: JsonValue | undefined;
}

function skipJsonWhitespace(source: string, from: number): number {
  let position = from;
  while (position < source.length) {
    const char = source.charCodeAt(position);
    if (char !== CHAR_SPACE && char !== CHAR_TAB && char !== CHAR_NEWLINE && char !== CHAR_CARRIAGE_RETURN) break;
    position++;
  }
  return position;
}

/** Returns the offset just past the closing quote (the end of the text when there is none). */
function skipJsonString(source: string, openingQuote: number): number {
  let position = openingQuote + 1;
  while (position < source.length) {
    const char = source.charCodeAt(position);
    if (char === CHAR_QUOTE) return position + 1;
    position += char === CHAR_BACKSLASH ? 2 : 1;
  }
  return source.length;
}

// Numbers, `true`, `false` and `null`: their exact spelling does not matter for positions.
function isJsonLiteralPart(char: number): boolean {
  return isAsciiLetter(char) || isDigit(char) || char === CHAR_HYPHEN || char === CHAR_PLUS || char === CHAR_PERIOD;
}

/**
 * Scans JSON into a tree of offsets, with the open containers in an explicit stack so any nesting
 * depth is safe. Malformed input stops the scan; what was read so far is returned, unclosed
 * containers reaching to the end of the text.
 */
function scanJsonTree(source: string): JsonValue | undefined {
  const openContainers: (JsonObject | JsonArray)[] = [];
  let root: JsonValue | undefined;
  let pendingMember: JsonMember | undefined;
  let expecting: 'value' | 'key' | 'separator' = 'value';
  let position = source.charCodeAt(0) === CHAR_BYTE_ORDER_MARK ? 1 : 0;

  const closeInnermost = (): void => {
    const container = openContainers.pop();
    if (container) container.end = position + 1;
    position++;
    expecting = 'separator';
  };

  for (;;) {
    position = skipJsonWhitespace(source, position);
    if (position >= source.length) break;
    const char = source.charCodeAt(position);
    const innermost = openContainers[openContainers.length - 1];

    if (expecting === 'separator') {
      if (!innermost) break;
      if (char === CHAR_COMMA) {
        position++;
        expecting = innermost.kind === 'object' ? 'key' : 'value';
      } else if (char === (innermost.kind === 'object' ? CHAR_CLOSE_BRACE : CHAR_CLOSE_BRACKET)) {
        closeInnermost();
      } else {
        break;
      }
      continue;
    }

    if (expecting === 'key') {
      if (char === CHAR_CLOSE_BRACE) {
        closeInnermost();
        continue;
      }
      if (char !== CHAR_QUOTE || innermost?.kind !== 'object') break;
      const keyEnd = skipJsonString(source, position);
      const member: JsonMember = {
        key: unquote(source.slice(position, keyEnd)),
        keyStart: position,
        keyEnd,
        value: undefined,
      };
      innermost.members.push(member);
      position = skipJsonWhitespace(source, keyEnd);
      if (source.charCodeAt(position) !== CHAR_COLON) break;
      position++;
      pendingMember = member;
      expecting = 'value';
      continue;
    }

    if (char === CHAR_CLOSE_BRACKET && innermost?.kind === 'array' && !pendingMember) {
      closeInnermost();
      continue;
    }
    let value: JsonValue;
    if (char === CHAR_OPEN_BRACE) {
      value = { kind: 'object', start: position, end: source.length, members: [] };
      position++;
    } else if (char === CHAR_OPEN_BRACKET) {
      value = { kind: 'array', start: position, end: source.length, items: [] };
      position++;
    } else if (char === CHAR_QUOTE) {
      const end = skipJsonString(source, position);
      value = { kind: 'scalar', start: position, end };
      position = end;
    } else if (isJsonLiteralPart(char)) {
      let end = position + 1;
      while (end < source.length && isJsonLiteralPart(source.charCodeAt(end))) end++;
      value = { kind: 'scalar', start: position, end };
      position = end;
    } else {
      break;
    }

    if (pendingMember) {
      pendingMember.value = value;
      pendingMember = undefined;
    } else if (innermost?.kind === 'array') {
      innermost.items.push(value);
    } else if (root === undefined) {
      root = value;
    } else {
      break;
    }
    if (value.kind === 'scalar') {
      expecting = 'separator';
    } else {
      openContainers.push(value);
      expecting = value.kind === 'object' ? 'key' : 'value';
    }
  }
  return root;
}

/** How many labels each Terraform block type has; types not listed have none (`terraform`, `locals`, `moved`...). */
const TERRAFORM_BLOCK_LABEL_COUNTS: Readonly<Record<string, number>> = {
  resource: 2,
  data: 2,
  ephemeral: 2,
  variable: 1,
  module: 1,
  output: 1,
  provider: 1,
  check: 1,
};

// Terraform's JSON syntax treats a property named "//" as a comment wherever a block or label is expected.
const JSON_COMMENT_KEY = '//';

function jsonMembersWithValues(object: JsonObject): (JsonMember & { value: JsonValue })[] {
  return object.members.filter(
    (member): member is JsonMember & { value: JsonValue } =>
      member.value !== undefined && member.key !== JSON_COMMENT_KEY,
  );
}

/** Builds HCL-shaped positions from the scanned JSON tree, following Terraform's JSON configuration syntax. */
class TerraformJsonIndexer {
  constructor(
    private readonly source: string,
    private readonly lines: LineIndex,
  ) {}

  index(root: JsonValue | undefined): HclBodyPosition {
    const blocks: HclBlockPosition[] = [];
    if (root?.kind !== 'object') return { attributes: [], blocks };
    for (const typeMember of jsonMembersWithValues(root)) {
      const labelCount = TERRAFORM_BLOCK_LABEL_COUNTS[typeMember.key] ?? 0;
      this.collectBlocks(typeMember.value, typeMember, labelCount, [], blocks);
    }
    return { attributes: [], blocks };
  }

  /**
   * Walks the label objects below a block type down to the bodies. At every level an array of objects
   * stands for several blocks, as Terraform allows. The recursion is bounded by the label count (at most 2).
   */
  private collectBlocks(
    value: JsonValue,
    typeMember: JsonMember,
    remainingLabels: number,
    labelMembers: JsonMember[],
    blocks: HclBlockPosition[],
  ): void {
    const candidates = value.kind === 'array' ? value.items : [value];
    for (const candidate of candidates) {
      if (candidate.kind !== 'object') continue;
      if (remainingLabels === 0) {
        blocks.push(this.blockAt(candidate, typeMember, labelMembers));
        continue;
      }
      for (const labelMember of jsonMembersWithValues(candidate)) {
        this.collectBlocks(labelMember.value, typeMember, remainingLabels - 1, [...labelMembers, labelMember], blocks);
      }
    }
  }

  private blockAt(body: JsonObject, typeMember: JsonMember, labelMembers: JsonMember[]): HclBlockPosition {
    const headerMember = labelMembers[labelMembers.length - 1] ?? typeMember;
    return {
      type: typeMember.key,
      labels: labelMembers.map((member) => member.key),
      headerRange: this.lines.rangeAt(headerMember.keyStart, headerMember.keyEnd),
      labelRanges: labelMembers.map((member) => this.lines.rangeAt(member.keyStart, member.keyEnd)),
      bodyRange: this.lines.rangeAt(body.start, body.end),
      attributes: jsonMembersWithValues(body).map((member) => ({
        name: member.key,
        nameRange: this.lines.rangeAt(member.keyStart, member.keyEnd),
        valueRange: this.lines.rangeAt(member.value.start, member.value.end),
        valueText: this.source.slice(member.value.start, member.value.end),
      })),
      blocks: [],
    };
  }
}

/**
 * Indexes the blocks and attributes of a Terraform JSON-syntax (`.tf.json`) file in the shape of
 * {@link indexHclPositions}; every key of a block body is an attribute, and malformed JSON never throws.
 */
export function indexTerraformJsonPositions(source: string): HclBodyPosition {
  return new TerraformJsonIndexer(source, new LineIndex(source)).index(scanJsonTree(source));
}
