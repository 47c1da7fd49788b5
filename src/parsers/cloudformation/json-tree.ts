import type { LineIndex, SourceRange } from '../../model/source.js';
import type { CfnEntry, CfnNode, CfnScalar } from './template-node.js';
import { duplicateKeyMessage, MAXIMUM_NESTING_DEPTH, NESTING_MESSAGE, YamlTreeError, type YamlTree } from './yaml-tree.js';
import { JSON_CHARACTER } from '../../model/json-syntax.js';

const { TAB, LINE_FEED, CARRIAGE_RETURN, SPACE, QUOTE, COMMA, COLON, BACKSLASH, OPEN_BRACKET, CLOSE_BRACKET, OPEN_BRACE, CLOSE_BRACE } =
  JSON_CHARACTER;

const LITERALS = [
  ['true', true],
  ['false', false],
  ['null', null],
] as const;

/** A JSON number token; sticky, so it matches at the reader's position without slicing the text. */
const JSON_NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?/y;

/** A key read in a mapping whose value is still being read. */
interface PendingKey {
  text: string;
  range: SourceRange;
}

/** A mapping or list whose closing bracket is not read yet. */
type OpenCollection =
  | { kind: 'mapping'; start: number; entries: CfnEntry[]; keys: Set<string>; pendingKey: PendingKey }
  | { kind: 'sequence'; start: number; items: CfnNode[] };

/**
 * Reads a JSON text into the very tree, warnings and errors that yaml-tree's `readYamlTree` makes of it, in one
 * pass: yaml reads about 1 MB/s, which costs seconds on a CDK-synthesized template. Throws {@link YamlTreeError}
 * when the text is not JSON or nests too deep.
 */
export function readJsonTree(text: string, lines: LineIndex): YamlTree {
  return new JsonTreeReader(text, lines).read();
}

class JsonTreeReader {
  private position = 0;
  private readonly warnings: YamlTree['warnings'] = [];
  /** Where the first node past the depth limit starts, refused once the whole text is read (see `checkDepth`). */
  private firstTooDeepNode: number | undefined;

  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
  ) {}

  read(): YamlTree {
    this.skipWhitespace();
    if (this.position === this.text.length) return { root: undefined, warnings: [], problems: [] };
    const root = this.readValue();
    this.skipWhitespace();
    if (this.position < this.text.length) throw this.unexpected();
    if (this.firstTooDeepNode !== undefined) throw new YamlTreeError(NESTING_MESSAGE, this.firstTooDeepNode);
    return { root, warnings: this.warnings, problems: [] };
  }

  /** Open collections are kept on a stack of their own rather than the call stack, so no nesting overflows it. */
  private readValue(): CfnNode {
    const open: OpenCollection[] = [];
    for (;;) {
      let node = this.readScalarOrOpen(open);
      if (node === undefined) continue;
      for (;;) {
        const parent = open.at(-1);
        if (!parent) return node;
        this.addItem(parent, node);
        this.skipWhitespace();
        const separator = this.text.charCodeAt(this.position);
        if (separator === COMMA) {
          this.position++;
          if (parent.kind === 'mapping') parent.pendingKey = this.readKey(open.length + 1);
          break;
        }
        if (separator !== (parent.kind === 'mapping' ? CLOSE_BRACE : CLOSE_BRACKET)) throw this.unexpected();
        this.position++;
        open.pop();
        node = this.closed(parent);
      }
    }
  }

  /** Reads a scalar or an empty collection; opens a collection with items and returns undefined instead. */
  private readScalarOrOpen(open: OpenCollection[]): CfnNode | undefined {
    this.skipWhitespace();
    const start = this.position;
    const depth = open.length + 1;
    const bracket = this.text.charCodeAt(start);
    if (bracket !== OPEN_BRACE && bracket !== OPEN_BRACKET) {
      this.checkDepth(depth, start, open.at(-1)?.kind === 'mapping');
      return this.readScalar();
    }
    this.checkDepth(depth, start, true);
    this.position++;
    this.skipWhitespace();
    const isMapping = bracket === OPEN_BRACE;
    if (this.text.charCodeAt(this.position) === (isMapping ? CLOSE_BRACE : CLOSE_BRACKET)) {
      this.position++;
      const range = this.range(start, this.position);
      return isMapping ? { kind: 'mapping', entries: [], range } : { kind: 'sequence', items: [], range };
    }
    open.push(isMapping ? { kind: 'mapping', start, entries: [], keys: new Set(), pendingKey: this.readKey(depth + 1) } : { kind: 'sequence', start, items: [] });
    return undefined;
  }

  /** Duplicate keys are kept in order; the warning waits for the entry's value, as yaml-tree's does, to come in the same order. */
  private addItem(parent: OpenCollection, node: CfnNode): void {
    if (parent.kind === 'sequence') {
      parent.items.push(node);
      return;
    }
    const key = parent.pendingKey;
    if (parent.keys.has(key.text)) {
      const { line, column } = key.range.start;
      this.warnings.push({ line, column, message: duplicateKeyMessage(key.text) });
    }
    parent.keys.add(key.text);
    parent.entries.push({ key: key.text, keyRange: key.range, value: node });
  }

  private closed(collection: OpenCollection): CfnNode {
    const range = this.range(collection.start, this.position);
    return collection.kind === 'mapping' ? { kind: 'mapping', entries: collection.entries, range } : { kind: 'sequence', items: collection.items, range };
  }

  /** Reads a key and the colon after it. */
  private readKey(depth: number): PendingKey {
    this.skipWhitespace();
    const start = this.position;
    if (this.text.charCodeAt(start) !== QUOTE) throw this.unexpected();
    this.checkDepth(depth, start, false);
    const text = this.readString();
    const range = this.range(start, this.position);
    this.skipWhitespace();
    if (this.text.charCodeAt(this.position) !== COLON) throw this.unexpected();
    this.position++;
    return { text, range };
  }

  private readScalar(): CfnScalar {
    const start = this.position;
    const value = this.scalarValue();
    return { kind: 'scalar', value, range: this.range(start, this.position) };
  }

  private scalarValue(): CfnScalar['value'] {
    if (this.text.charCodeAt(this.position) === QUOTE) return this.readString();
    for (const [word, value] of LITERALS) {
      if (this.text.startsWith(word, this.position)) {
        this.position += word.length;
        return value;
      }
    }
    return this.readNumber();
  }

  /** Reads a quoted string, quotes included; JSON.parse decodes the rare token with escapes, every escape rule included. */
  private readString(): string {
    const start = this.position;
    let index = start + 1;
    let escaped = false;
    for (;;) {
      const code = this.text.charCodeAt(index);
      if (code === QUOTE) break;
      if (Number.isNaN(code)) throw new YamlTreeError('a JSON string is not closed', start);
      if (code === BACKSLASH) {
        escaped = true;
        index++;
      }
      index++;
    }
    this.position = index + 1;
    if (!escaped) return this.text.slice(start + 1, index);
    try {
      return JSON.parse(this.text.slice(start, this.position)) as string;
    } catch {
      throw new YamlTreeError('a JSON string has an invalid escape sequence', start);
    }
  }

  private readNumber(): number {
    JSON_NUMBER.lastIndex = this.position;
    const token = JSON_NUMBER.exec(this.text)?.[0];
    if (token === undefined) throw this.unexpected();
    this.position += token.length;
    return Number(token);
  }

  /**
   * Refuses nesting where yaml-tree does, to report the same offset. yaml-tree's first pass stops at once at a node
   * two levels past the limit that yaml's CST parser holds on its stack (a collection, or a mapping's scalar
   * value); failing that, its tree builder refuses the first node past the limit, after the whole text is read.
   */
  private checkDepth(depth: number, offset: number, onYamlParserStack: boolean): void {
    if (depth <= MAXIMUM_NESTING_DEPTH) return;
    if (onYamlParserStack && depth > MAXIMUM_NESTING_DEPTH + 1) throw new YamlTreeError(NESTING_MESSAGE, offset);
    this.firstTooDeepNode ??= offset;
  }

  private skipWhitespace(): void {
    for (;;) {
      const code = this.text.charCodeAt(this.position);
      if (code !== SPACE && code !== LINE_FEED && code !== CARRIAGE_RETURN && code !== TAB) return;
      this.position++;
    }
  }

  private unexpected(): YamlTreeError {
    const character = this.text[this.position];
    return new YamlTreeError(character === undefined ? 'the JSON text ends too early' : `unexpected ${JSON.stringify(character)} in the JSON text`, this.position);
  }

  private range(start: number, end: number): SourceRange {
    return this.lines.rangeAt(start, end);
  }
}
