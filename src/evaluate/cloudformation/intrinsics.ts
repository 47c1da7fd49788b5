import { known, unknown, valuesEqual, withTrail, type Origin, type OriginRole, type Value } from '../../model/value.js';
import { entryValue, findEntry, type CfnMapping, type CfnNode, type CfnScalar, type CfnTemplateFile } from '../../parsers/cloudformation/template-node.js';

/** `AWS::NoValue`: the property is removed, as if it had not been written. */
export const NO_VALUE = Symbol('AWS::NoValue');

/** An evaluated template value, or the removal `AWS::NoValue` asks for. */
export type TemplateValue = Value | typeof NO_VALUE;

/** A parameter value supplied from outside the template (a parameter file, a parent stack). */
export interface SuppliedParameter {
  value: Value;
}

/** What a template's values depend on besides the template itself. */
export interface TemplateInputs {
  /** Parameter values by name, from `--parameters` files or a parent stack. */
  parameters: Map<string, SuppliedParameter>;
  /** Pseudo parameters that are known for this template (e.g. `AWS::StackName` from a CDK manifest). */
  pseudoParameters: Map<string, Value>;
}

/**
 * Stand-ins for values CloudFormation knows only at deploy time, so that one question can follow them through a
 * template (which subnets a broker's `SubnetIds` name). Only an evaluator made with {@link TemplateEvaluator.withView}
 * uses them: the stand-ins never reach the values the rules see.
 */
export interface TemplateReferenceView {
  /** A stand-in for `Ref` to a resource of the template, or undefined for the usual unknown. */
  resourceRef(logicalId: string, origin: Origin): Value | undefined;
  /** A stand-in for `Fn::GetAZs` of a region (`''` is the stack's own), or undefined for the usual unknown. */
  availabilityZones(region: string, origin: Origin): Value | undefined;
}

const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);

/** Intrinsic function names CloudFormation recognises as a one-key mapping. */
const INTRINSIC_KEYS = new Set([
  'Ref',
  'Condition',
  'Fn::And',
  'Fn::Base64',
  'Fn::Cidr',
  'Fn::Equals',
  'Fn::FindInMap',
  'Fn::GetAZs',
  'Fn::GetAtt',
  'Fn::If',
  'Fn::ImportValue',
  'Fn::Join',
  'Fn::Length',
  'Fn::Not',
  'Fn::Or',
  'Fn::Select',
  'Fn::Split',
  'Fn::Sub',
  'Fn::ToJsonString',
  'Fn::Transform',
]);

/** Evaluates the values of one template the way CloudFormation resolves them at deploy time, statically. */
export class TemplateEvaluator {
  private readonly conditionCache = new Map<string, Value>();
  private readonly conditionsInProgress = new Set<string>();
  private readonly parametersSection: CfnMapping | undefined;
  private readonly conditionsSection: CfnMapping | undefined;
  private readonly mappingsSection: CfnMapping | undefined;
  private readonly resourcesSection: CfnMapping | undefined;

  constructor(
    readonly template: CfnTemplateFile,
    private readonly inputs: TemplateInputs,
    private readonly view?: TemplateReferenceView,
  ) {
    this.parametersSection = asMapping(entryValue(template.root, 'Parameters'));
    this.conditionsSection = asMapping(entryValue(template.root, 'Conditions'));
    this.mappingsSection = asMapping(entryValue(template.root, 'Mappings'));
    this.resourcesSection = asMapping(entryValue(template.root, 'Resources'));
  }

  /** An evaluator of the same template and inputs in which `view` supplies stand-ins. */
  withView(view: TemplateReferenceView): TemplateEvaluator {
    return new TemplateEvaluator(this.template, this.inputs, view);
  }

  /** Where a node is written, as an origin. */
  origin(node: { range: CfnNode['range']; file?: string }, role: OriginRole, label?: string): Origin {
    const file = node.file ?? this.template.path;
    return label === undefined ? { file, range: node.range, role } : { file, range: node.range, role, label };
  }

  /** A quoted string points at its content, as a Terraform string literal does: the text to change. */
  private literalOrigin(node: CfnScalar): Origin {
    const { start, end } = node.range;
    const text = node.file === undefined ? this.template.text : (this.template.includedTexts?.get(node.file) ?? '');
    const first = text[start.offset];
    const quoted = typeof node.value === 'string' && (first === '"' || first === "'") && end.offset - start.offset >= 2 && text[end.offset - 1] === first;
    if (!quoted) return this.origin(node, 'literal');
    // A quote never spans lines, so the content is the same line one column in from each end.
    const range = { start: { ...start, column: start.column + 1, offset: start.offset + 1 }, end: { ...end, column: end.column - 1, offset: end.offset - 1 } };
    return { file: node.file ?? this.template.path, range, role: 'literal' };
  }

  /** Evaluates a node; `references` collects the logical ids it refers to. */
  evaluate(node: CfnNode, references?: Set<string>): TemplateValue {
    switch (node.kind) {
      case 'scalar':
        return known(node.value, this.literalOrigin(node));
      case 'sequence': {
        const items: Value[] = [];
        for (const item of node.items) {
          const value = this.evaluate(item, references);
          if (value !== NO_VALUE) items.push(value);
        }
        // The list is where a finding about it (a subnet count) belongs, also when some items are unknown.
        return known(items, this.origin(node, 'literal'));
      }
      case 'mapping': {
        const [only] = node.entries;
        if (node.entries.length === 1 && only && INTRINSIC_KEYS.has(only.key)) return this.evaluateIntrinsic(only.key, only.value, node, references);
        if (node.entries.length === 1 && only?.key.startsWith('Rain::')) {
          return unknown(`${only.key} is resolved by rain pkg before deploy`, undefined, [this.origin(node, 'expression', only.key)]);
        }
        const members: Record<string, Value> = {};
        for (const entry of node.entries) {
          const value = this.evaluate(entry.value, references);
          if (value !== NO_VALUE) members[entry.key] = value;
        }
        return known(members);
      }
    }
  }

  private evaluateIntrinsic(name: string, argument: CfnNode, call: CfnMapping, references: Set<string> | undefined): TemplateValue {
    const origin = this.origin(call, 'expression', name);
    switch (name) {
      case 'Ref':
        return this.evaluateRef(argument, origin, references);
      case 'Condition':
        return argument.kind === 'scalar' ? this.evaluateCondition(String(argument.value), origin) : unknown('Condition needs a condition name', undefined, [origin]);
      case 'Fn::If':
        return this.evaluateIf(argument, origin, references);
      case 'Fn::Equals':
        return this.evaluateEquals(argument, origin, references);
      case 'Fn::And':
      case 'Fn::Or':
        return this.evaluateAndOr(name, argument, origin, references);
      case 'Fn::Not':
        return this.evaluateNot(argument, origin, references);
      case 'Fn::FindInMap':
        return this.evaluateFindInMap(argument, origin, references);
      case 'Fn::Sub':
        return this.evaluateSub(argument, origin, references);
      case 'Fn::Join':
        return this.evaluateJoin(argument, origin, references);
      case 'Fn::Select':
        return this.evaluateSelect(argument, origin, references);
      case 'Fn::Split':
        return this.evaluateSplit(argument, origin, references);
      case 'Fn::GetAZs':
        return this.evaluateGetAZs(argument, origin, references);
      case 'Fn::GetAtt': {
        const target = argument.kind === 'sequence' ? argument.items[0] : argument;
        const logicalId = target?.kind === 'scalar' ? String(target.value).split('.')[0] : undefined;
        if (logicalId) references?.add(logicalId);
        return unknown(`Fn::GetAtt ${logicalId ?? ''} is known only after deploy`.trim(), undefined, [origin]);
      }
      default:
        return unknown(`${name} is resolved by CloudFormation at deploy time`, undefined, [origin]);
    }
  }

  private evaluateRef(argument: CfnNode, origin: Origin, references: Set<string> | undefined): TemplateValue {
    if (argument.kind !== 'scalar' || typeof argument.value !== 'string') return unknown('Ref needs a name', undefined, [origin]);
    const name = argument.value;
    if (name === 'AWS::NoValue') return NO_VALUE;
    if (PSEUDO_PARAMETERS.has(name)) {
      const given = this.inputs.pseudoParameters.get(name);
      return given ? withTrail(given, origin) : unknown(`${name} is known only at deploy time`, undefined, [origin]);
    }
    const declaration = this.parametersSection ? findEntry(this.parametersSection, name) : undefined;
    if (declaration) return this.parameterValue(name, declaration.value, origin);
    if (this.resourcesSection && findEntry(this.resourcesSection, name)) {
      references?.add(name);
      return this.view?.resourceRef(name, origin) ?? unknown(`the ID of resource ${name} is known only after deploy`, undefined, [origin]);
    }
    return unknown(`Ref ${name} names no parameter or resource of the template`, undefined, [origin]);
  }

  /** The value of a parameter the template declares (supplied, else its Default), as a `Ref` to it gives; else undefined. */
  declaredParameterValue(name: string): Value | undefined {
    const declaration = this.parametersSection ? findEntry(this.parametersSection, name) : undefined;
    return declaration ? this.parameterValue(name, declaration.value, this.origin(declaration.value, 'variable-declaration', `parameter ${name}`)) : undefined;
  }

  private parameterValue(name: string, declaration: CfnNode, origin: Origin): Value {
    const declarationOrigin = this.origin(declaration, 'variable-declaration', `parameter ${name}`);
    const parameter = asMapping(declaration);
    const type = parameter ? entryValue(parameter, 'Type') : undefined;
    const typeName = type?.kind === 'scalar' ? String(type.value) : 'String';
    if (typeName.startsWith('AWS::SSM::Parameter::Value')) {
      return unknown(`parameter ${name} is read from SSM Parameter Store at deploy time`, undefined, [origin, declarationOrigin]);
    }
    const supplied = this.inputs.parameters.get(name);
    let value: Value | undefined = supplied?.value;
    if (!value) {
      const defaultNode = parameter ? entryValue(parameter, 'Default') : undefined;
      if (defaultNode) {
        const evaluated = this.evaluate(defaultNode);
        value = evaluated === NO_VALUE ? undefined : evaluated;
        if (value?.source) value = { ...value, source: { ...value.source, role: 'variable-default' } };
      }
    }
    if (!value) return unknown(`parameter ${name} has no value (pass it with --parameters)`, undefined, [origin, declarationOrigin]);
    const typed = typeName === 'CommaDelimitedList' || typeName.startsWith('List<') ? splitList(value) : value;
    return { ...typed, trail: [origin, declarationOrigin, ...typed.trail] };
  }

  /** Evaluates a named condition of the `Conditions` section (memoised; a cycle is unknown). */
  evaluateCondition(name: string, origin?: Origin): Value {
    const cached = this.conditionCache.get(name);
    if (cached) return cached;
    const definition = this.conditionsSection ? findEntry(this.conditionsSection, name) : undefined;
    const trail = origin ? [origin] : [];
    if (!definition) return unknown(`condition ${name} is not defined`, undefined, trail);
    if (this.conditionsInProgress.has(name)) return unknown(`condition ${name} refers to itself`, undefined, trail);
    this.conditionsInProgress.add(name);
    const evaluated = this.evaluate(definition.value);
    this.conditionsInProgress.delete(name);
    const definitionOrigin = this.origin(definition.value, 'expression', `condition ${name}`);
    const result: Value =
      evaluated === NO_VALUE
        ? unknown(`condition ${name} has no value`, undefined, [definitionOrigin])
        : evaluated.known && typeof evaluated.data !== 'boolean'
          ? unknown(`condition ${name} is not a boolean`, undefined, [definitionOrigin])
          : { ...evaluated, trail: [definitionOrigin, ...evaluated.trail] };
    this.conditionCache.set(name, result);
    return origin ? withTrail(result, origin) : result;
  }

  private evaluateGetAZs(argument: CfnNode, origin: Origin, references: Set<string> | undefined): Value {
    const deployTime = unknown('Fn::GetAZs is resolved by CloudFormation at deploy time', undefined, [origin]);
    if (!this.view) return deployTime;
    // `""` and `!Ref AWS::Region` both name the stack's own Region, which is unknown here.
    const only = argument.kind === 'mapping' && argument.entries.length === 1 ? argument.entries[0] : undefined;
    if (only?.key === 'Ref' && only.value.kind === 'scalar' && only.value.value === 'AWS::Region') return this.view.availabilityZones('', origin) ?? deployTime;
    const region = this.evaluate(argument, references);
    if (region === NO_VALUE || !region.known || typeof region.data !== 'string') return deployTime;
    return this.view.availabilityZones(region.data, origin) ?? deployTime;
  }

  private evaluateIf(argument: CfnNode, origin: Origin, references: Set<string> | undefined): TemplateValue {
    if (argument.kind !== 'sequence' || argument.items.length !== 3) return unknown('Fn::If needs [condition, value if true, value if false]', undefined, [origin]);
    const [conditionNode, whenTrueNode, whenFalseNode] = argument.items as [CfnNode, CfnNode, CfnNode];
    const condition = conditionNode.kind === 'scalar' ? this.evaluateCondition(String(conditionNode.value), origin) : unknown('Fn::If needs a condition name', undefined, [origin]);
    const conditionTrail = condition.source ? [condition.source, ...condition.trail] : condition.trail;
    if (condition.known) {
      const chosen = this.evaluate(condition.data === true ? whenTrueNode : whenFalseNode, references);
      return chosen === NO_VALUE ? NO_VALUE : { ...chosen, trail: [...chosen.trail, ...conditionTrail] };
    }
    const whenTrue = this.evaluate(whenTrueNode, references);
    const whenFalse = this.evaluate(whenFalseNode, references);
    if (whenTrue !== NO_VALUE && whenFalse !== NO_VALUE && valuesEqual(whenTrue, whenFalse) === true) return whenTrue;
    return unknown(`the condition is unknown (${condition.reason})`, undefined, conditionTrail);
  }

  private evaluateEquals(argument: CfnNode, origin: Origin, references: Set<string> | undefined): Value {
    const operands = this.evaluateArguments(argument, 2, 'Fn::Equals', origin, references);
    if (!Array.isArray(operands)) return operands;
    const [left, right] = operands as [Value, Value];
    const trail = operands.flatMap((operand) => (operand.trail.length === 0 ? [] : operand.source ? [operand.source, ...operand.trail] : operand.trail));
    if (!left.known) return left;
    if (!right.known) return right;
    // CloudFormation compares the string forms: Fn::Equals [8, "8"] is true.
    return known(scalarText(left) === scalarText(right), undefined, [origin, ...trail]);
  }

  private evaluateAndOr(name: string, argument: CfnNode, origin: Origin, references: Set<string> | undefined): Value {
    if (argument.kind !== 'sequence') return unknown(`${name} needs a list of conditions`, undefined, [origin]);
    const decisive = name === 'Fn::And' ? false : true;
    let sawUnknown: Value | undefined;
    const trail: Origin[] = [origin];
    for (const item of argument.items) {
      const value = this.evaluate(item, references);
      if (value === NO_VALUE) return unknown(`${name} has an AWS::NoValue operand`, undefined, [origin]);
      if (!value.known) {
        sawUnknown ??= value;
        continue;
      }
      trail.push(...(value.source ? [value.source] : []), ...value.trail);
      if (value.data === decisive) return known(decisive, undefined, trail);
    }
    return sawUnknown ?? known(!decisive, undefined, trail);
  }

  private evaluateNot(argument: CfnNode, origin: Origin, references: Set<string> | undefined): Value {
    const operands = this.evaluateArguments(argument, 1, 'Fn::Not', origin, references);
    if (!Array.isArray(operands)) return operands;
    const [operand] = operands as [Value];
    if (!operand.known) return operand;
    return known(operand.data !== true, undefined, [origin, ...operand.trail]);
  }

  private evaluateFindInMap(argument: CfnNode, origin: Origin, references: Set<string> | undefined): Value {
    if (argument.kind !== 'sequence' || argument.items.length < 3) return unknown('Fn::FindInMap needs [map, top key, second key]', undefined, [origin]);
    const keys = argument.items.slice(0, 3).map((item) => this.evaluate(item, references));
    const texts: string[] = [];
    for (const key of keys) {
      if (key === NO_VALUE) return unknown('Fn::FindInMap has an AWS::NoValue key', undefined, [origin]);
      if (!key.known) return withTrail(key, origin);
      texts.push(scalarText(key));
    }
    const [mapName, topKey, secondKey] = texts as [string, string, string];
    const map = this.mappingsSection ? asMapping(entryValue(this.mappingsSection, mapName)) : undefined;
    const top = map ? asMapping(entryValue(map, topKey)) : undefined;
    const entry = top ? entryValue(top, secondKey) : undefined;
    const keyTrail = keys.flatMap((key) => (key !== NO_VALUE && key.trail.length > 0 ? [...(key.source ? [key.source] : []), ...key.trail] : []));
    if (!entry) {
      const fallback = argument.items[3];
      const defaultNode = fallback?.kind === 'mapping' ? entryValue(fallback, 'DefaultValue') : undefined;
      if (defaultNode) {
        const value = this.evaluate(defaultNode, references);
        if (value !== NO_VALUE) return { ...value, trail: [origin, ...keyTrail, ...value.trail] };
      }
      return unknown(`mapping ${mapName} has no entry ${topKey}.${secondKey}`, undefined, [origin, ...keyTrail]);
    }
    const value = this.evaluate(entry, references);
    if (value === NO_VALUE) return unknown(`mapping entry ${mapName}.${topKey}.${secondKey} is AWS::NoValue`, undefined, [origin]);
    return { ...value, trail: [origin, ...keyTrail, ...value.trail] };
  }

  private evaluateSub(argument: CfnNode, origin: Origin, references: Set<string> | undefined): Value {
    const templateNode = argument.kind === 'sequence' ? argument.items[0] : argument;
    const variablesNode = argument.kind === 'sequence' ? asMapping(argument.items[1]) : undefined;
    if (templateNode?.kind !== 'scalar' || typeof templateNode.value !== 'string') return unknown('Fn::Sub needs a string', undefined, [origin]);
    const trail: Origin[] = [origin];
    let failure: Value | undefined;
    const text = templateNode.value.replace(/\$\{([^}]*)\}/g, (placeholder, expression: string) => {
      if (failure) return placeholder;
      if (expression.startsWith('!')) return `\${${expression.slice(1)}}`;
      const variable = variablesNode ? entryValue(variablesNode, expression) : undefined;
      const value = variable
        ? this.evaluate(variable, references)
        : expression.includes('.')
          ? this.evaluateIntrinsic('Fn::GetAtt', { kind: 'scalar', value: expression, range: templateNode.range }, { kind: 'mapping', entries: [], range: templateNode.range }, references)
          : this.evaluateRef({ kind: 'scalar', value: expression, range: templateNode.range }, origin, references);
      if (value === NO_VALUE || !value.known) {
        failure = value === NO_VALUE ? unknown(`\${${expression}} is AWS::NoValue`, undefined, [origin]) : value;
        return placeholder;
      }
      trail.push(...(value.source ? [value.source] : []), ...value.trail);
      return scalarText(value);
    });
    return failure ?? known(text, this.origin(templateNode, 'literal'), trail);
  }

  private evaluateJoin(argument: CfnNode, origin: Origin, references: Set<string> | undefined): Value {
    const operands = this.evaluateArguments(argument, 2, 'Fn::Join', origin, references);
    if (!Array.isArray(operands)) return operands;
    const [delimiter, list] = operands as [Value, Value];
    if (!delimiter.known) return delimiter;
    if (!list.known) return list;
    if (!Array.isArray(list.data)) return unknown('Fn::Join needs a list', undefined, [origin]);
    const unknownItem = list.data.find((item) => !item.known);
    if (unknownItem) return unknownItem;
    return known(list.data.map(scalarText).join(scalarText(delimiter)), undefined, [origin, ...list.data.flatMap((item) => (item.source ? [item.source] : []))]);
  }

  private evaluateSelect(argument: CfnNode, origin: Origin, references: Set<string> | undefined): Value {
    const operands = this.evaluateArguments(argument, 2, 'Fn::Select', origin, references);
    if (!Array.isArray(operands)) return operands;
    const [index, list] = operands as [Value, Value];
    if (!index.known) return index;
    if (!list.known) return list;
    const position = Number(scalarText(index));
    if (!Array.isArray(list.data) || !Number.isInteger(position)) return unknown('Fn::Select needs an index and a list', undefined, [origin]);
    const item = list.data[position];
    return item ? withTrail(item, origin) : unknown(`Fn::Select index ${position} is out of range`, undefined, [origin]);
  }

  private evaluateSplit(argument: CfnNode, origin: Origin, references: Set<string> | undefined): Value {
    const operands = this.evaluateArguments(argument, 2, 'Fn::Split', origin, references);
    if (!Array.isArray(operands)) return operands;
    const [delimiter, text] = operands as [Value, Value];
    if (!delimiter.known) return delimiter;
    if (!text.known) return text;
    return known(scalarText(text).split(scalarText(delimiter)).map((part) => known(part, text.source)), undefined, [origin]);
  }

  /** Evaluates a fixed-length argument list, or explains why it cannot. */
  private evaluateArguments(argument: CfnNode, count: number, name: string, origin: Origin, references: Set<string> | undefined): Value[] | Value {
    if (argument.kind !== 'sequence' || argument.items.length !== count) return unknown(`${name} needs ${count} arguments`, undefined, [origin]);
    const values: Value[] = [];
    for (const item of argument.items) {
      const value = this.evaluate(item, references);
      if (value === NO_VALUE) return unknown(`${name} has an AWS::NoValue argument`, undefined, [origin]);
      values.push(value);
    }
    return values;
  }
}

function asMapping(node: CfnNode | undefined): CfnMapping | undefined {
  return node?.kind === 'mapping' ? node : undefined;
}

function scalarText(value: Value): string {
  if (!value.known) return '';
  const data = value.data;
  return typeof data === 'string' ? data : typeof data === 'number' || typeof data === 'boolean' ? String(data) : JSON.stringify(data);
}

/** `CommaDelimitedList` and `List<…>` parameters arrive as one comma-separated string. */
function splitList(value: Value): Value {
  if (!value.known || typeof value.data !== 'string') return value;
  return { ...value, data: value.data.split(',').map((part) => known(part.trim(), value.source)) };
}
