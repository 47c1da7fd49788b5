import { parseHclExpression } from '../../parsers/terraform/hcl2json.js';
import { hclNestingDepth, MAXIMUM_HCL_NESTING_DEPTH } from '../../parsers/terraform/nesting-depth.js';
import { validateTerraformSource, type TerraformFile } from '../../parsers/terraform/terraform-file.js';
import { known, unknown, valuesEqual, withTrail, type Origin, type OriginRole, type Value } from '../../model/value.js';
import {
  callTerraformFunction,
  ERROR_CATCHING_FUNCTIONS,
  EvaluationError,
  toTemplateString,
} from './functions.js';

/** A node of the expression AST hcl2json returns (its own types miss the untyped key and parenthesis nodes). */
interface HclAstNode {
  type: string;
  meta?: Record<string, unknown>;
  children?: HclAstNode[];
  range: { start: { byte: number }; end: { byte: number } };
}

interface TraversalPart {
  type: 'nameTraversal' | 'indexTraversal';
  segment: string;
  range: { start: { byte: number }; end: { byte: number } };
}

/** One step of a reference such as `var.mode` or `aws_mq_broker.this[0]`. */
export type TraversalStep = { kind: 'attribute'; name: string } | { kind: 'index'; key: string | number };

/** Looks up the value of a reference rooted outside the expression (`var`, `local`, `module`, resources…). */
export interface ReferenceResolver {
  resolve(root: string, steps: TraversalStep[], origin: Origin): Promise<Value>;
}

/** Where an expression is written: the file and the offset of its first character. */
export interface ExpressionSite {
  file: TerraformFile;
  startOffset: number;
  text: string;
}

const astCache = new Map<string, Promise<HclAstNode>>();

/** Parses an expression with hcl2json, once per distinct text. */
function parseExpressionAst(text: string): Promise<HclAstNode> {
  let cached = astCache.get(text);
  if (!cached) {
    if (hclNestingDepth(text) > MAXIMUM_HCL_NESTING_DEPTH) return Promise.reject(new EvaluationError('the expression nests too deeply to evaluate'));
    // hcl2json needs the newline that ends a heredoc's closing marker.
    const input = text.startsWith('<<') && !text.endsWith('\n') ? `${text}\n` : text;
    cached = parseHclExpression(input).then((ast) => {
      if (!ast) throw new EvaluationError('the expression could not be parsed');
      return ast as unknown as HclAstNode;
    });
    astCache.set(text, cached);
  }
  return cached;
}

const SIMPLE_STRING = /^"([^"\\$%]*)"$/;
const SIMPLE_NUMBER = /^-?\d+(?:\.\d+)?$/;

/** Evaluates an attribute's expression; Terraform failures become unknowns that carry the reason. */
export async function evaluateExpression(site: ExpressionSite, resolver: ReferenceResolver): Promise<Value> {
  // Every value the rules see passes here, so this is where a file is first checked by HashiCorp's parser.
  const syntaxError = await validateTerraformSource(site.file, site.startOffset);
  if (syntaxError) {
    return unknown(`${site.file.path} has a syntax error`, undefined, [originOf(site, 0, site.text.length, 'expression')]);
  }
  const shortcut = evaluateSimpleLiteral(site);
  if (shortcut) return shortcut;
  const escapedJsonString = site.file.syntax === 'json' && site.text.startsWith('"') && site.text.includes('\\');
  try {
    if (escapedJsonString) return await evaluateEscapedJsonString(site, resolver);
    const ast = await parseExpressionAst(site.text);
    return await new ExpressionEvaluator(site, resolver).evaluate(ast, new Map());
  } catch (error) {
    if (error instanceof EvaluationError) {
      return unknown(error.message, undefined, [originOf(site, 0, site.text.length, 'expression')]);
    }
    if (error instanceof RangeError) {
      return unknown('the expression nests too deeply to evaluate', undefined, [originOf(site, 0, site.text.length, 'expression')]);
    }
    if (error instanceof Error && /getExpressionAst errors/.test(error.message)) {
      return unknown('the expression could not be parsed', undefined, [originOf(site, 0, site.text.length, 'expression')]);
    }
    throw error;
  }
}

/**
 * Terraform decodes a `.tf.json` string before reading it as a template, so `"${upper(\\"a\\")}"` holds
 * `upper("a")`. A heredoc carries the decoded text without re-escaping; every position inside it is placed at
 * the string's opening quote, since escapes make exact columns unrecoverable.
 */
async function evaluateEscapedJsonString(site: ExpressionSite, resolver: ReferenceResolver): Promise<Value> {
  const decoded = JSON.parse(site.text) as string;
  let marker = 'IAC_MQ_LINT_JSON';
  while (decoded.includes(marker)) marker += '_';
  const heredoc = `<<${marker}\n${decoded}\n${marker}\n`;
  const ast = await parseExpressionAst(heredoc);
  const value = await new ExpressionEvaluator({ ...site, text: heredoc }, resolver, () => [0, 1]).evaluate(ast, new Map());
  // A heredoc ends with the newline before its closing marker, which the JSON string did not have.
  return value.known && typeof value.data === 'string' ? { ...value, data: value.data.replace(/\n$/, '') } : value;
}

/** Most attributes are plain literals: skip the wasm round trip for them. */
function evaluateSimpleLiteral(site: ExpressionSite): Value | undefined {
  const text = site.text;
  const stringMatch = SIMPLE_STRING.exec(text);
  if (stringMatch) return known(stringMatch[1] ?? '', originOf(site, 1, text.length - 1, 'literal'));
  if (SIMPLE_NUMBER.test(text)) return known(Number(text), originOf(site, 0, text.length, 'literal'));
  if (text === 'true' || text === 'false') return known(text === 'true', originOf(site, 0, text.length, 'literal'));
  if (text === 'null') return known(null, originOf(site, 0, text.length, 'literal'));
  return undefined;
}

function originOf(site: ExpressionSite, startChar: number, endChar: number, role: OriginRole, label?: string): Origin {
  const range = site.file.lines.rangeAt(site.startOffset + startChar, site.startOffset + endChar);
  return label === undefined ? { file: site.file.path, range, role } : { file: site.file.path, range, role, label };
}

class ExpressionEvaluator {
  private readonly byteToChar: (byte: number) => number;

  constructor(
    private readonly site: ExpressionSite,
    private readonly resolver: ReferenceResolver,
    /** Where the parsed text lies in the file, when it is not the file's own text (a decoded JSON string). */
    private readonly placeInFile: (startChar: number, endChar: number) => [number, number] = (start, end) => [start, end],
  ) {
    this.byteToChar = createByteToCharMapper(site.text);
  }

  private origin(node: { range: HclAstNode['range'] }, role: OriginRole, label?: string): Origin {
    return this.originBetween(node.range.start.byte, node.range.end.byte, role, label);
  }

  private originBetween(startByte: number, endByte: number, role: OriginRole, label?: string): Origin {
    const [start, end] = this.placeInFile(this.byteToChar(startByte), this.byteToChar(endByte));
    return originOf(this.site, start, end, role, label);
  }

  private sourceText(node: { range: HclAstNode['range'] }): string {
    return this.site.text.slice(this.byteToChar(node.range.start.byte), this.byteToChar(node.range.end.byte));
  }

  async evaluate(node: HclAstNode, locals: Map<string, Value>): Promise<Value> {
    const children = node.children ?? [];
    switch (node.type) {
      case 'literalValue':
        return this.evaluateLiteral(node);
      case 'templateWrap':
        return this.evaluateChild(children[0], locals);
      case 'template':
        return this.evaluateTemplate(node, children, locals);
      case 'scopeTraversal':
        return this.evaluateScopeTraversal(node, locals);
      case 'function':
        return this.evaluateFunctionCall(node, children, locals);
      case 'tuple':
        return known(await Promise.all(children.map((child) => this.evaluate(child, locals))));
      case 'object':
        return this.evaluateObject(children, locals);
      case 'conditional':
        return this.evaluateConditional(children, locals);
      case 'binaryOp':
        return this.evaluateBinaryOperation(node, children, locals);
      case 'unaryOp':
        return this.evaluateUnaryOperation(node, children, locals);
      case 'index':
        return this.evaluateIndex(children, locals);
      case 'relativeTraversal':
        // An attribute or index applied to a computed value: `{ ... }["key"]`, `split(",", s)[0]`.
        return applySteps(await this.evaluateChild(children[0], locals), ((node.meta?.['traversal'] ?? []) as TraversalPart[]).map(toTraversalStep));
      case 'splat':
        return this.evaluateSplat(children, locals);
      case 'for':
        return this.evaluateFor(node, children, locals);
      case '':
        // Parentheses: hcl2json gives them no type.
        return this.evaluateChild(children[0], locals);
      default:
        throw new EvaluationError(`${node.type} expressions are not evaluated by iac-mq-lint`);
    }
  }

  private evaluateChild(child: HclAstNode | undefined, locals: Map<string, Value>): Promise<Value> {
    if (!child) throw new EvaluationError('the expression could not be parsed');
    return this.evaluate(child, locals);
  }

  private evaluateLiteral(node: HclAstNode): Value {
    const meta = node.meta ?? {};
    const text = String(meta['value'] ?? '');
    const origin = this.origin(node, 'literal');
    switch (meta['type']) {
      case 'number':
        return known(Number(text), origin);
      case 'bool':
        return known(text === 'true', origin);
      case 'string':
        return known(text, origin);
      default:
        return known(null, origin);
    }
  }

  private async evaluateTemplate(node: HclAstNode, children: HclAstNode[], locals: Map<string, Value>): Promise<Value> {
    if (children.length === 0) return known('', this.origin(node, 'literal'));
    const parts = await Promise.all(children.map((child) => this.evaluate(child, locals)));
    if (parts.length === 1) {
      const only = parts[0] as Value;
      return only.known && typeof only.data !== 'string' ? known(toTemplateString(only), only.source, only.trail) : only;
    }
    const unknownPart = parts.find((part) => !part.known);
    if (unknownPart) return unknownPart;
    const text = parts.map(toTemplateString).join('');
    const literalOnly = children.every((child) => child.type === 'literalValue');
    const start = Math.min(...children.map((child) => child.range.start.byte));
    const end = Math.max(...children.map((child) => child.range.end.byte));
    const origin = this.originBetween(start, end, literalOnly ? 'literal' : 'expression');
    const interpolated = parts.filter((_, index) => children[index]?.type !== 'literalValue');
    return known(text, origin, interpolated.flatMap((part) => (part.source ? [part.source, ...part.trail] : part.trail)));
  }

  private async evaluateScopeTraversal(node: HclAstNode, locals: Map<string, Value>): Promise<Value> {
    const traversal = (node.meta?.['traversal'] ?? []) as TraversalPart[];
    const [root, ...rest] = traversal;
    if (!root) throw new EvaluationError('empty reference');
    const steps = rest.map(toTraversalStep);
    const local = locals.get(root.segment);
    if (local) return applySteps(local, steps);
    const label = String(node.meta?.['fullAccessor'] ?? this.sourceText(node));
    return this.resolver.resolve(root.segment, steps, this.origin(node, 'expression', label));
  }

  private async evaluateFunctionCall(node: HclAstNode, children: HclAstNode[], locals: Map<string, Value>): Promise<Value> {
    const name = String(node.meta?.['name'] ?? '');
    const nameRange = node.meta?.['nameRange'] as HclAstNode['range'] | undefined;
    const origin = nameRange ? this.origin({ range: nameRange }, 'expression', `${name}()`) : undefined;
    if (ERROR_CATCHING_FUNCTIONS.has(name)) return this.evaluateErrorCatchingCall(name, children, locals);
    let args = await Promise.all(children.map((child) => this.evaluate(child, locals)));
    if (node.meta?.['expandedFinalArgument'] === true) {
      const last = args[args.length - 1];
      if (last && !last.known) return last;
      if (last && Array.isArray(last.data)) args = [...args.slice(0, -1), ...last.data];
    }
    return callTerraformFunction(name, args, origin);
  }

  /** `try` returns its first argument that evaluates without error; `can` says whether its argument does. */
  private async evaluateErrorCatchingCall(name: string, children: HclAstNode[], locals: Map<string, Value>): Promise<Value> {
    let lastError: EvaluationError | undefined;
    for (const child of children) {
      try {
        const value = await this.evaluate(child, locals);
        if (name === 'can') return value.known ? known(true) : value;
        return value;
      } catch (error) {
        if (!(error instanceof EvaluationError)) throw error;
        if (name === 'can') return known(false);
        lastError = error;
      }
    }
    throw lastError ?? new EvaluationError(`${name}() needs an argument`);
  }

  private async evaluateObject(children: HclAstNode[], locals: Map<string, Value>): Promise<Value> {
    const members: Record<string, Value> = {};
    for (let index = 0; index + 1 < children.length; index += 2) {
      const keyNode = children[index] as HclAstNode;
      const valueNode = children[index + 1] as HclAstNode;
      const key = await this.evaluateObjectKey(keyNode, locals);
      if (!key.known) return key;
      members[toTemplateString(key)] = await this.evaluate(valueNode, locals);
    }
    return known(members);
  }

  /** A bare identifier key is a name, never a reference; a quoted or parenthesised key is an expression. */
  private async evaluateObjectKey(keyNode: HclAstNode, locals: Map<string, Value>): Promise<Value> {
    const inner = keyNode.type === '' ? keyNode.children?.[0] : keyNode;
    if (!inner) return known(this.sourceText(keyNode).trim());
    if (inner.type === 'scopeTraversal' && this.sourceText(keyNode).trim() === inner.meta?.['fullAccessor'] && !this.sourceText(keyNode).includes('(')) {
      return known(String(inner.meta?.['fullAccessor']));
    }
    return this.evaluate(inner, locals);
  }

  private async evaluateConditional(children: HclAstNode[], locals: Map<string, Value>): Promise<Value> {
    const [conditionNode, trueNode, falseNode] = children;
    if (!conditionNode || !trueNode || !falseNode) throw new EvaluationError('incomplete conditional expression');
    const condition = await this.evaluate(conditionNode, locals);
    const conditionTrail = condition.source ? [condition.source, ...condition.trail] : condition.trail;
    if (condition.known) {
      if (typeof condition.data !== 'boolean') throw new EvaluationError('the condition is not a boolean');
      const chosen = await this.evaluate(condition.data ? trueNode : falseNode, locals);
      return { ...chosen, trail: [...chosen.trail, ...conditionTrail] };
    }
    const [whenTrue, whenFalse] = await Promise.all([this.evaluate(trueNode, locals), this.evaluate(falseNode, locals)]);
    if (valuesEqual(whenTrue, whenFalse) === true) return { ...whenTrue, trail: [...whenTrue.trail, ...whenFalse.trail] };
    return unknown(`the condition is unknown (${condition.reason})`, undefined, conditionTrail);
  }

  private async evaluateBinaryOperation(node: HclAstNode, children: HclAstNode[], locals: Map<string, Value>): Promise<Value> {
    const operator = String(node.meta?.['operator'] ?? '');
    const [leftNode, rightNode] = children;
    if (!leftNode || !rightNode) throw new EvaluationError('incomplete binary expression');
    const left = await this.evaluate(leftNode, locals);
    if (operator === 'logicalAnd' && left.known && left.data === false) return left;
    if (operator === 'logicalOr' && left.known && left.data === true) return left;
    const right = await this.evaluate(rightNode, locals);
    // A literal operand such as "prod" in `var.env == "prod"` explains nothing: keep only what flowed in from elsewhere.
    const trail = [left, right].flatMap((operand) => (operand.trail.length === 0 ? [] : operand.source ? [operand.source, ...operand.trail] : operand.trail));
    if (operator === 'logicalAnd' && right.known && right.data === false) return known(false, right.source, trail);
    if (operator === 'logicalOr' && right.known && right.data === true) return known(true, right.source, trail);
    if (!left.known) return left;
    if (!right.known) return right;
    const result = applyBinaryOperator(operator, left, right);
    return known(result, undefined, trail);
  }

  private async evaluateUnaryOperation(node: HclAstNode, children: HclAstNode[], locals: Map<string, Value>): Promise<Value> {
    const operand = await this.evaluateChild(children[0], locals);
    if (!operand.known) return operand;
    const operator = node.meta?.['operator'];
    if (operator === 'logicalNot') {
      if (typeof operand.data !== 'boolean') throw new EvaluationError('! needs a boolean');
      return known(!operand.data, operand.source, operand.trail);
    }
    if (typeof operand.data !== 'number') throw new EvaluationError('- needs a number');
    return known(-operand.data, operand.source, operand.trail);
  }

  private async evaluateIndex(children: HclAstNode[], locals: Map<string, Value>): Promise<Value> {
    const [collectionNode, keyNode] = children;
    if (!collectionNode || !keyNode) throw new EvaluationError('incomplete index expression');
    const [collection, key] = await Promise.all([this.evaluate(collectionNode, locals), this.evaluate(keyNode, locals)]);
    if (!key.known) return withTrail(key, collection.source);
    if (typeof key.data !== 'string' && typeof key.data !== 'number') throw new EvaluationError('an index must be a string or number');
    const result = applySteps(collection, [{ kind: 'index', key: key.data }]);
    return key.source ? { ...result, trail: [...result.trail, key.source, ...key.trail] } : result;
  }

  private async evaluateSplat(children: HclAstNode[], locals: Map<string, Value>): Promise<Value> {
    const [sourceNode, eachNode] = children;
    if (!sourceNode) throw new EvaluationError('incomplete splat expression');
    const source = await this.evaluate(sourceNode, locals);
    if (!source.known) return source;
    const items = Array.isArray(source.data) ? source.data : source.data === null ? [] : [source];
    const traversal = (eachNode?.meta?.['traversal'] ?? []) as TraversalPart[];
    const steps = traversal.map(toTraversalStep);
    return known(items.map((item) => applySteps(item, steps)), undefined, source.trail);
  }

  private async evaluateFor(node: HclAstNode, children: HclAstNode[], locals: Map<string, Value>): Promise<Value> {
    const meta = node.meta ?? {};
    const producesObject = meta['openRangeValue'] === '{';
    const hasCondition = typeof meta['conditionalExpression'] === 'string' && meta['conditionalExpression'] !== '';
    const [collectionNode, ...rest] = children;
    if (!collectionNode) throw new EvaluationError('incomplete for expression');
    const keyNode = producesObject ? rest[0] : undefined;
    const valueNode = producesObject ? rest[1] : rest[0];
    const conditionNode = hasCondition ? rest[rest.length - 1] : undefined;
    if (!valueNode || (producesObject && !keyNode)) throw new EvaluationError('incomplete for expression');
    if (meta['groupedValue'] === true) throw new EvaluationError('grouping for expressions are not evaluated by iac-mq-lint');
    const collection = await this.evaluate(collectionNode, locals);
    if (!collection.known) return collection;
    const entries: Array<[Value, Value]> = Array.isArray(collection.data)
      ? collection.data.map((item, index) => [known(index), item])
      : collection.data !== null && typeof collection.data === 'object'
        ? Object.keys(collection.data)
            .sort()
            .map((key) => [known(key), (collection.data as Record<string, Value>)[key] as Value])
        : [];
    const keyVariable = String(meta['keyVar'] ?? '');
    const valueVariable = String(meta['valVar'] ?? '');
    const listResult: Value[] = [];
    const objectResult: Record<string, Value> = {};
    for (const [entryKey, entryValue] of entries) {
      const scope = new Map(locals);
      if (keyVariable) scope.set(keyVariable, entryKey);
      scope.set(valueVariable, entryValue);
      if (conditionNode) {
        const include = await this.evaluate(conditionNode, scope);
        if (!include.known) return include;
        if (include.data !== true) continue;
      }
      const value = await this.evaluate(valueNode, scope);
      if (producesObject && keyNode) {
        const key = await this.evaluate(keyNode, scope);
        if (!key.known) return key;
        objectResult[toTemplateString(key)] = value;
      } else {
        listResult.push(value);
      }
    }
    return known(producesObject ? objectResult : listResult, undefined, collection.trail);
  }
}

function toTraversalStep(part: TraversalPart): TraversalStep {
  if (part.type === 'nameTraversal') return { kind: 'attribute', name: part.segment };
  const segment = part.segment;
  if (/^-?\d+$/.test(segment)) return { kind: 'index', key: Number(segment) };
  if (segment.startsWith('"')) return { kind: 'index', key: JSON.parse(segment) as string };
  return { kind: 'index', key: segment };
}

/** Follows attribute and index steps into a value; a missing member is a Terraform error. */
export function applySteps(value: Value, steps: TraversalStep[]): Value {
  let current = value;
  for (const step of steps) {
    if (!current.known) return current;
    const data = current.data;
    const key = step.kind === 'attribute' ? step.name : step.key;
    let next: Value | undefined;
    if (Array.isArray(data)) {
      if (typeof key !== 'number') throw new EvaluationError(`a list has no attribute "${key}"`);
      next = data[key];
      if (!next) throw new EvaluationError(`index ${key} is out of range`);
    } else if (data !== null && typeof data === 'object') {
      next = data[String(key)];
      if (!next) throw new EvaluationError(`the object has no attribute "${key}"`);
    } else {
      throw new EvaluationError(`cannot read "${key}" of a ${data === null ? 'null' : typeof data} value`);
    }
    current = current.source ? { ...next, trail: [...next.trail, current.source, ...current.trail] } : { ...next, trail: [...next.trail, ...current.trail] };
  }
  return current;
}

function applyBinaryOperator(operator: string, left: Value, right: Value): string | number | boolean {
  switch (operator) {
    case 'equal':
      return valuesEqual(left, right) === true;
    case 'notEqual':
      return valuesEqual(left, right) !== true;
    case 'logicalAnd':
    case 'logicalOr':
      if (!left.known || !right.known || typeof left.data !== 'boolean' || typeof right.data !== 'boolean') {
        throw new EvaluationError('&& and || need booleans');
      }
      return operator === 'logicalAnd' ? left.data && right.data : left.data || right.data;
    default: {
      const leftNumber = numericOperand(left);
      const rightNumber = numericOperand(right);
      switch (operator) {
        case 'lessThan':
          return leftNumber < rightNumber;
        case 'lessThanOrEqual':
          return leftNumber <= rightNumber;
        case 'greaterThan':
          return leftNumber > rightNumber;
        case 'greaterThanOrEqual':
          return leftNumber >= rightNumber;
        case 'add':
          return leftNumber + rightNumber;
        case 'subtract':
          return leftNumber - rightNumber;
        case 'multiply':
          return leftNumber * rightNumber;
        case 'divide':
          return leftNumber / rightNumber;
        case 'modulo':
          return leftNumber % rightNumber;
        default:
          throw new EvaluationError(`operator ${operator} is not evaluated by iac-mq-lint`);
      }
    }
  }
}

function numericOperand(value: Value): number {
  if (value.known && typeof value.data === 'number') return value.data;
  if (value.known && typeof value.data === 'string' && value.data.trim() !== '' && !Number.isNaN(Number(value.data))) {
    return Number(value.data);
  }
  throw new EvaluationError('an arithmetic operand is not a number');
}

/** hcl2json reports UTF-8 byte offsets; JavaScript strings index UTF-16 code units. */
function createByteToCharMapper(text: string): (byte: number) => number {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(text)) return (byte) => byte;
  const charAtByte: number[] = [];
  let byte = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.codePointAt(index) as number;
    const width = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    for (let offset = 0; offset < width; offset++) charAtByte[byte + offset] = index;
    byte += width;
    if (code >= 0x10000) index++;
  }
  charAtByte[byte] = text.length;
  return (position) => charAtByte[position] ?? text.length;
}
