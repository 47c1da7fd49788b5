import { Composer, CST, isAlias, isScalar, isSeq, Lexer, Parser, Scalar } from 'yaml';
import type { Alias, Document, ParsedNode, YAMLMap, YAMLSeq } from 'yaml';
import type { LineIndex, SourceRange } from '../../model/source.js';
import { INTRINSIC_TAGS, INTRINSIC_YAML_TAGS } from './intrinsic-tags.js';
import type { CfnEntry, CfnMapping, CfnNode, CfnScalar, CfnTemplateFile } from './template-node.js';

/**
 * Input nested deeper than this is refused. yaml's composer recurses once per level and overflows the stack at
 * about 780 levels (measured with yaml 2.9 on Node 20), and when the stack runs out inside V8's regular
 * expression compiler the whole process aborts, so the limit keeps a wide margin. Templates nest a few dozen
 * levels at most.
 */
export const MAXIMUM_NESTING_DEPTH = 256;

/**
 * Aliases may copy at most this many nodes into a tree: far more than templates that use anchors need, while a
 * "billion laughs" document is refused at its first oversized alias, before anything is expanded.
 */
const MAXIMUM_ALIASED_NODES = 100_000;

/** Why a text cannot be read into a tree, at a character offset of the text. */
export class YamlTreeError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** A mistake that makes a template invalid but still leaves a tree; it matters only if the document is a template. */
export interface YamlTreeProblem {
  message: string;
  offset: number;
}

/** The first YAML (or JSON) document of a text as a positioned tree. */
export interface YamlTree {
  /** Undefined for an empty document. */
  root: CfnNode | undefined;
  warnings: CfnTemplateFile['warnings'];
  problems: YamlTreeProblem[];
}

/** Why a text nested deeper than {@link MAXIMUM_NESTING_DEPTH} is refused. */
export const NESTING_MESSAGE = `the template nests more than ${MAXIMUM_NESTING_DEPTH} levels deep, which iac-mq-lint refuses to parse`;

/**
 * The YAML 1.2 core schema keeps `yes`, `no`, `on` and `off` strings, as CloudFormation does (only `true` and
 * `false` are booleans to it). It is named explicitly, with yaml's merge keys off, so that a `%YAML 1.1` directive
 * does not switch schemas: merge keys are expanded by the tree builder. `strict: false` lets through what YAML
 * 1.2 forbids only for style (a comment with no space before it, an implicit key over 1,024 characters).
 */
/** The tag prefix of Rain's template directives (aws-cloudformation/rain). */
const RAIN_TAG_PREFIX = '!Rain::';

const YAML_OPTIONS = { version: '1.2', schema: 'core', merge: false, customTags: INTRINSIC_YAML_TAGS, uniqueKeys: false, strict: false } as const;

/** Tags that only restate the kind of a node (`!!str 012`, or the non-specific `!`). */
const CORE_TAGS = new Set(['!', ...['str', 'int', 'float', 'bool', 'null', 'seq', 'map'].map((name) => `tag:yaml.org,2002:${name}`)]);

/**
 * Reads the first document of a YAML or JSON text into a tree, ranges as written: a quoted scalar's range
 * includes its quotes, a block scalar's runs from its `|` or `>` to the end of its last line, a block collection's
 * from its first item to the end of its last value. Short-form tags become their long form, aliases and merge
 * keys are expanded. Throws {@link YamlTreeError} when the text cannot be read.
 */
export function readYamlTree(text: string, lines: LineIndex): YamlTree {
  const tokens = [...firstDocumentTokens(text)];
  const [document] = new Composer(YAML_OPTIONS).compose(tokens, true, text.length);
  if (!document) return { root: undefined, warnings: [], problems: [] };
  const firstError = [...document.errors].sort((left, right) => left.pos[0] - right.pos[0])[0];
  if (firstError) throw new YamlTreeError(firstError.message.split('\n')[0] ?? firstError.code, firstError.pos[0]);
  if (!document.contents) return { root: undefined, warnings: [], problems: [] };
  const builder = new TreeBuilder(text, lines, tokens.flatMap(tagTokensOf), document.directives);
  const root = builder.convert(document.contents, 1).node;
  return { root, warnings: builder.warnings, problems: builder.problems };
}

/** The CST tokens of a text up to its second document: CloudFormation reads one document. */
function* firstDocumentTokens(text: string): Generator<CST.Token> {
  let documentSeen = false;
  for (const token of boundedCstTokens(text)) {
    if (token.type === 'document') {
      if (documentSeen) return;
      documentSeen = true;
    }
    yield token;
  }
}

/**
 * yaml's CST parser keeps open collections on an explicit stack, so it survives any nesting; it is driven one
 * lexeme at a time to stop as soon as the stack grows past the limit, before the recursive composer sees the
 * document. The stack also holds the document and possibly a scalar: the tree builder enforces the exact limit.
 */
function* boundedCstTokens(text: string): Generator<CST.Token> {
  const parser = new Parser();
  for (const lexeme of new Lexer().lex(text)) {
    yield* parser.next(lexeme);
    const innermost = parser.stack.at(-1);
    if (innermost && parser.stack.length > MAXIMUM_NESTING_DEPTH + 2) throw new YamlTreeError(NESTING_MESSAGE, innermost.offset);
  }
  yield* parser.end();
}

/** The tag tokens of a CST document, in document order: a tag sits among the properties before its node. */
function tagTokensOf(token: CST.Token): CST.SourceToken[] {
  if (token.type !== 'document') return [];
  const tags: CST.SourceToken[] = [];
  CST.visit(token, (item) => {
    for (const property of [...item.start, ...('sep' in item && item.sep ? item.sep : [])]) {
      if (property.type === 'tag') tags.push(property);
    }
  });
  return tags;
}

/** A converted node with what its parents need to know about it. */
interface Converted {
  node: CfnNode;
  /** Nodes in the subtree, aliases expanded: what an alias to it adds to the tree. */
  size: number;
  /** Levels from this node down to its deepest descendant, 1 for a leaf. */
  height: number;
  /** Where this occurrence ends in the text (an alias ends after `*name`, not where its anchored node does). */
  end: number;
}

/** Marks an anchored node whose conversion has started but not finished. */
const CONVERTING = 'converting';

type ValueNode = Exclude<ParsedNode, Alias.Parsed>;

class TreeBuilder {
  readonly warnings: CfnTemplateFile['warnings'] = [];
  readonly problems: YamlTreeProblem[] = [];
  /** The node each anchor names at the current point of the document: a later `&name` replaces an earlier one. */
  private readonly anchors = new Map<string, ValueNode>();
  private readonly anchoredNodes = new Map<ValueNode, Converted | typeof CONVERTING>();
  private aliasedNodes = 0;

  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
    private readonly tagTokens: CST.SourceToken[],
    private readonly directives: Document.Parsed['directives'],
  ) {}

  /** Converts a node met at `depth` (the root is at 1); nodes are visited in document order, as anchors require. */
  convert(node: ParsedNode, depth: number): Converted {
    if (isAlias(node)) return this.expandAlias(node, depth);
    if (node.anchor === undefined) return this.convertTagged(node, depth);
    this.anchors.set(node.anchor, node);
    this.anchoredNodes.set(node, CONVERTING);
    const converted = this.convertTagged(node, depth);
    this.anchoredNodes.set(node, converted);
    return converted;
  }

  /** An alias shares the tree of its anchored node; the copies it stands for count against the limits. */
  private expandAlias(alias: Alias.Parsed, depth: number): Converted {
    const target = this.anchors.get(alias.source);
    const anchored = target && this.anchoredNodes.get(target);
    if (!anchored) throw new YamlTreeError(`the alias *${alias.source} has no anchor &${alias.source} before it`, alias.range[0]);
    if (anchored === CONVERTING) throw new YamlTreeError(`the alias *${alias.source} refers to a node that contains it`, alias.range[0]);
    this.checkDepth(depth + anchored.height - 1, alias.range[0]);
    this.aliasedNodes += anchored.size;
    if (this.aliasedNodes > MAXIMUM_ALIASED_NODES) {
      throw new YamlTreeError(
        `aliases expand the template beyond ${MAXIMUM_ALIASED_NODES.toLocaleString('en-US')} nodes (an alias bomb?), which iac-mq-lint refuses to parse`,
        alias.range[0],
      );
    }
    return { ...anchored, end: alias.range[1] };
  }

  /** A short-form tag `!Name value` becomes the one-entry mapping `{ "Fn::Name": value }` one level above the value. */
  private convertTagged(node: ValueNode, depth: number): Converted {
    const tag = node.tag;
    if (tag === undefined || CORE_TAGS.has(tag)) return this.convertUntagged(node, depth);
    const tagToken = this.tagTokenOf(node, tag);
    // Rain's directives (`!Rain::Embed`, `!Rain::S3`…) are resolved by `rain pkg` before CloudFormation sees the
    // template; kept as a one-entry mapping, so evaluation can say the value is not known until then.
    const intrinsic = tag.startsWith(RAIN_TAG_PREFIX) ? { longFormKey: tag.slice(1), accepts: ['scalar', 'sequence', 'mapping'] as const } : INTRINSIC_TAGS.get(tag);
    if (!intrinsic) {
      this.problems.push({ message: `unknown tag ${tagToken.source}: CloudFormation accepts only the short forms of its intrinsic functions`, offset: tagToken.offset });
      return this.convertUntagged(node, depth);
    }
    let argument = this.convertUntagged(node, depth + 1);
    if (!intrinsic.accepts.includes(argument.node.kind)) {
      this.problems.push({ message: `${tag} takes ${intrinsic.accepts.map((kind) => `a ${kind}`).join(' or ')}, not a ${argument.node.kind}`, offset: tagToken.offset });
    } else if (tag === '!GetAtt' && argument.node.kind === 'scalar') {
      argument = this.splitGetAtt(argument.node, depth + 1, tagToken.offset);
    }
    const entry: CfnEntry = { key: intrinsic.longFormKey, keyRange: this.range(tagToken.offset, tagToken.offset + tagToken.source.length), value: argument.node };
    return { node: { kind: 'mapping', entries: [entry], range: argument.node.range }, size: argument.size + 1, height: argument.height + 1, end: argument.end };
  }

  /**
   * The tag token of a tagged node: the nearest tag before the node that names its tag. Nearest alone is not
   * enough, because a block mapping starts at its first key, after that key's own tag.
   */
  private tagTokenOf(node: ValueNode, tag: string): CST.SourceToken {
    const nodeStart = node.range[0];
    let low = 0;
    let high = this.tagTokens.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((this.tagTokens[middle]?.offset ?? nodeStart) < nodeStart) low = middle + 1;
      else high = middle;
    }
    for (let index = low - 1; index >= 0; index--) {
      const token = this.tagTokens[index];
      if (token && this.directives.tagName(token.source, () => undefined) === tag) return token;
    }
    // yaml sets a node's tag only from a tag token before it, so this is not reached.
    return { type: 'tag', offset: nodeStart, indent: 0, source: '' };
  }

  /** `!GetAtt Resource.Attribute.Path` is `[Resource, Attribute.Path]`: logical ids cannot contain dots, attributes can. */
  private splitGetAtt(scalar: CfnScalar, depth: number, tagOffset: number): Converted {
    this.checkDepth(depth + 1, scalar.range.start.offset);
    const dotted = String(scalar.value);
    const dot = dotted.indexOf('.');
    const start = scalar.range.start.offset;
    const end = scalar.range.end.offset;
    if (dot < 0) {
      this.problems.push({ message: `!GetAtt takes LogicalName.AttributeName, not "${dotted}"`, offset: tagOffset });
      return { node: scalar, size: 1, height: 1, end };
    }
    // Exact ranges for each part when the written text is the value (plain, or quoted without escapes).
    const written = this.text.slice(start, end);
    const contentStart = written === dotted ? start : written.slice(1, -1) === dotted ? start + 1 : undefined;
    const part = (value: string, from: number, to: number): CfnScalar => ({
      kind: 'scalar',
      value,
      range: contentStart === undefined ? scalar.range : this.range(contentStart + from, contentStart + to),
    });
    const items = [part(dotted.slice(0, dot), 0, dot), part(dotted.slice(dot + 1), dot + 1, dotted.length)];
    return { node: { kind: 'sequence', items, range: scalar.range }, size: 3, height: 2, end };
  }

  private convertUntagged(node: ValueNode, depth: number): Converted {
    this.checkDepth(depth, node.range[0]);
    if (isScalar(node)) return this.convertScalar(node);
    if (isSeq(node)) return this.convertSequence(node as YAMLSeq.Parsed, depth);
    return this.convertMapping(node as YAMLMap.Parsed, depth);
  }

  private convertScalar(node: Scalar.Parsed): Converted {
    const [start, valueEnd] = node.range;
    let end = valueEnd;
    // A block scalar's range runs on over its trailing line breaks; end it with its last line instead.
    if (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) {
      while (end > start && /\s/.test(this.text.charAt(end - 1))) end--;
    }
    return { node: { kind: 'scalar', value: scalarValue(node.value), range: this.range(start, end) }, size: 1, height: 1, end };
  }

  private convertSequence(node: YAMLSeq.Parsed, depth: number): Converted {
    const items = node.items.map((item) => this.convert(item, depth + 1));
    // A block collection's own range runs on over trailing line breaks and comments.
    const end = node.flow ? node.range[1] : (items.at(-1)?.end ?? node.range[1]);
    return {
      node: { kind: 'sequence', items: items.map((item) => item.node), range: this.range(node.range[0], end) },
      size: items.reduce((total, item) => total + item.size, 1),
      height: 1 + Math.max(0, ...items.map((item) => item.height)),
      end,
    };
  }

  /**
   * Keys are strings, duplicates are kept in order with a warning (the last one wins, as CloudFormation's own
   * parser does), and merge keys (`<<: *base`) insert the entries of the mappings they name that the mapping
   * does not set itself, the first mapping named winning over later ones.
   */
  private convertMapping(node: YAMLMap.Parsed, depth: number): Converted {
    const slots: Array<CfnEntry | CfnMapping[]> = [];
    const ownKeys = new Set<string>();
    let size = 1;
    let height = 1;
    let lastEnd = node.range[1];
    for (const pair of node.items) {
      const key = this.convert(pair.key, depth + 1);
      const value = pair.value ? this.convert(pair.value, depth + 1) : this.emptyValue(key.end);
      size += key.size + value.size;
      height = Math.max(height, value.height + 1);
      lastEnd = Math.max(key.end, value.end);
      if (isMergeKey(pair.key)) {
        slots.push(this.mergedMappings(value.node, pair.key.range[0]));
        continue;
      }
      if (key.node.kind !== 'scalar') {
        this.problems.push({ message: `a mapping key must be a string, not a ${key.node.kind}`, offset: pair.key.range[0] });
        continue;
      }
      const keyText = typeof key.node.value === 'string' ? key.node.value : this.text.slice(key.node.range.start.offset, key.node.range.end.offset);
      if (ownKeys.has(keyText)) {
        const { line, column } = this.lines.positionAt(pair.key.range[0]);
        this.warnings.push({ line, column, message: duplicateKeyMessage(keyText) });
      }
      ownKeys.add(keyText);
      slots.push({ key: keyText, keyRange: key.node.range, value: value.node });
    }
    const entries: CfnEntry[] = [];
    const mergedKeys = new Set<string>();
    for (const slot of slots) {
      if (!Array.isArray(slot)) {
        entries.push(slot);
        continue;
      }
      for (const mapping of slot) {
        for (const entry of new Map(mapping.entries.map((candidate) => [candidate.key, candidate])).values()) {
          if (ownKeys.has(entry.key) || mergedKeys.has(entry.key)) continue;
          mergedKeys.add(entry.key);
          entries.push(entry);
        }
      }
    }
    const end = node.flow ? node.range[1] : lastEnd;
    return { node: { kind: 'mapping', entries, range: this.range(node.range[0], end) }, size, height, end };
  }

  private mergedMappings(value: CfnNode, keyOffset: number): CfnMapping[] {
    if (value.kind === 'mapping') return [value];
    const mappings = value.kind === 'sequence' ? value.items.filter((item): item is CfnMapping => item.kind === 'mapping') : [];
    if (value.kind === 'sequence' && mappings.length === value.items.length) return mappings;
    this.problems.push({ message: 'the merge key << takes a mapping or a list of mappings', offset: keyOffset });
    return [];
  }

  /** The value of `? key` with no `:` (yaml leaves it null): an empty scalar where the key ends. */
  private emptyValue(offset: number): Converted {
    return { node: { kind: 'scalar', value: null, range: this.range(offset, offset) }, size: 1, height: 1, end: offset };
  }

  private checkDepth(depth: number, offset: number): void {
    if (depth > MAXIMUM_NESTING_DEPTH) throw new YamlTreeError(NESTING_MESSAGE, offset);
  }

  private range(start: number, end: number): SourceRange {
    return this.lines.rangeAt(start, end);
  }
}

/** The warning for a key a mapping already has. */
export function duplicateKeyMessage(key: string): string {
  return `duplicate key "${key}" (the last one wins)`;
}

/** `<<` written plainly: quoted, it is an ordinary key. */
function isMergeKey(key: ParsedNode): boolean {
  return isScalar(key) && key.type === Scalar.PLAIN && key.tag === undefined && key.value === '<<';
}

function scalarValue(value: unknown): CfnScalar['value'] {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}
