import { isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { LineIndex, type SourceLocation } from '../model/source.js';
import { ConfigFileError } from './config-file-error.js';

/** Which part of a mapping entry a location is about: its key (an unknown key) or its value (a wrong value). */
export type EntryPart = 'key' | 'value';

/** Something wrong in a configuration: where (a path of keys and array indexes) and what. */
export interface ConfigProblem {
  path: string[];
  part: EntryPart;
  message: string;
}

/** A configuration file's text read as YAML (JSON included), with the position of every key and value. */
export class ConfigDocument {
  private constructor(
    readonly file: string,
    private readonly document: Document.Parsed,
    private readonly lines: LineIndex,
    /** The plain value: objects, arrays, strings, numbers, booleans; an empty file is an empty object. */
    readonly value: unknown,
  ) {}

  /** Parses a configuration text; throws {@link ConfigFileError} at the first YAML syntax error. */
  static parse(file: string, text: string): ConfigDocument {
    const lines = new LineIndex(text);
    // prettyErrors off: the message stays one line, and the position is reported the way every other file error is.
    const document = parseDocument(text, { prettyErrors: false });
    const firstError = [...document.errors].sort((left, right) => left.pos[0] - right.pos[0])[0];
    if (firstError) {
      // yaml places indentation errors at the indentation; the key it is about is where a reader looks.
      let offset = firstError.pos[0];
      while (text[offset] === ' ') offset++;
      const position = lines.positionAt(offset);
      throw new ConfigFileError(file, `not valid YAML or JSON: ${firstError.message}`, position.line, position.column);
    }
    let value: unknown;
    try {
      value = document.toJS() ?? {};
    } catch (error) {
      // yaml refuses to expand aliases past a limit (a "billion laughs" document) while converting.
      throw new ConfigFileError(file, `not valid YAML or JSON: ${(error as Error).message}`);
    }
    return new ConfigDocument(file, document, lines, value);
  }

  /**
   * Where the value at a path (object keys and array indexes, as in a JSON pointer) is written, or its key with
   * `part: 'key'`. A path that leaves the document locates its deepest part that is there.
   */
  locate(path: readonly string[], part: EntryPart = 'value'): SourceLocation {
    let node: Node | null = this.document.contents;
    for (const [index, segment] of path.entries()) {
      const container: Node | null = isAlias(node) ? node.resolve(this.document) ?? null : node;
      let next: Node | null | undefined;
      if (isMap(container)) {
        const pair = container.items.find((item) => keyText(item.key) === segment);
        if (pair && part === 'key' && index === path.length - 1 && isNode(pair.key)) return this.locationOf(pair.key);
        // An empty value (`exclude:`) has no range of its own; its key shows where it is missing.
        next = isNode(pair?.value) && isWritten(pair.value) ? pair.value : isNode(pair?.key) ? pair.key : undefined;
      } else if (isSeq(container)) {
        const item: unknown = container.items[Number(segment)];
        next = isNode(item) ? item : undefined;
      }
      if (!next) break;
      node = next;
    }
    return this.locationOf(node);
  }

  private locationOf(node: Node | null): SourceLocation {
    const [start, valueEnd] = node?.range ?? [0, 0];
    // A block collection's value runs to the start of the next line; the range ends where its text does.
    let end = valueEnd;
    while (end > start && /\s/.test(this.lines.text[end - 1] ?? '')) end--;
    return { file: this.file, range: this.lines.rangeAt(start, end) };
  }
}

function isNode(value: unknown): value is Node {
  return isScalar(value) || isMap(value) || isSeq(value) || isAlias(value);
}

function isWritten(node: Node): boolean {
  return node.range !== undefined && node.range !== null && node.range[0] < node.range[1];
}

/** A key as it appears in the plain value: `1:` and `"1":` both become the property "1". */
function keyText(key: unknown): string | undefined {
  return isScalar(key) ? String(key.value) : undefined;
}
