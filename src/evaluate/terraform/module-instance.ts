import path from 'node:path';
import type { HclAttributePosition, HclBlockPosition } from '../../parsers/terraform/position-index.js';
import type { TerraformFile } from '../../parsers/terraform/terraform-file.js';
import { known, unknown, withTrail, type Origin, type OriginRole, type Value } from '../../model/value.js';
import { applySteps, evaluateExpression, type ReferenceResolver, type TraversalStep } from './expression.js';
import { EvaluationError } from './functions.js';
import { findAttribute, type LoadedModule, type PlacedBlock } from './loaded-module.js';

const LOCAL_REFERENCE = /\blocal\.([A-Za-z_][\w-]*)/g;

/**
 * The locals from `name` back to itself when its expression depends on itself, else undefined. Like Terraform's
 * graph check it reads references statically, whatever branch a conditional takes; evaluating a cycle would
 * wait on itself for ever.
 */
function localCycle(module: LoadedModule, name: string): string[] | undefined {
  const visited = new Set<string>();
  const walk = (current: string, path: string[]): string[] | undefined => {
    const placed = module.locals.get(current);
    if (!placed) return undefined;
    for (const match of placed.attribute.valueText.matchAll(LOCAL_REFERENCE)) {
      const next = match[1] as string;
      if (next === name) return [...path, current];
      if (visited.has(next)) continue;
      visited.add(next);
      const found = walk(next, [...path, current]);
      if (found) return found;
    }
    return undefined;
  };
  return walk(name, []);
}

/** The origin of an attribute's whole value expression. */
export function attributeOrigin(file: TerraformFile, attribute: HclAttributePosition, role: OriginRole, label?: string): Origin {
  return { file: file.path, range: attribute.valueRange, role, label: label ?? attribute.name };
}

/** The origin of a block header such as `module "mq"`. */
export function blockOrigin(file: TerraformFile, block: HclBlockPosition, role: OriginRole): Origin {
  return { file: file.path, range: block.headerRange, role, label: [block.type, ...block.labels].join('.') };
}

/** Values that stand for `count.index`, `each.key` and `each.value` inside one resource or module instance. */
export interface InstanceKeys {
  countIndex?: Value;
  eachKey?: Value;
  eachValue?: Value;
}

/** What a module instance needs from the scan around it. */
export interface ModuleEnvironment {
  /** The root module's directory (for `path.root` and `.terraform/modules`). */
  rootDirectory: string;
  workspace: Value;
  /** Loads a module directory's declarations, or explains why it cannot. */
  loadModule(directory: string): Promise<LoadedModule | { problem: string }>;
  /** Resolves a non-local module source through `.terraform/modules/modules.json`. */
  resolveInstalledModule(moduleKey: string): string | undefined;
}

/** A module variable's value as supplied by the caller (module argument or root input). */
export type VariableInput = () => Promise<Value | undefined>;

/**
 * Stand-ins for references that are otherwise known only after apply, so that one question can follow them
 * through the configuration (which subnets a broker's `subnet_ids` name). Evaluated in a separate copy of the
 * module tree ({@link ModuleInstance.inView}): the stand-ins never reach the values the rules see.
 */
export interface ReferenceView {
  /** A stand-in for a reference to a managed resource (`steps` follow its name), or undefined for the usual value. */
  resource(instance: ModuleInstance, resource: PlacedBlock, address: string, steps: TraversalStep[], origin: Origin): Promise<Value | undefined>;
  /** A stand-in for `data.<type>.<name>…` (`steps` start at the type), or undefined for the usual unknown. */
  data(instance: ModuleInstance, steps: TraversalStep[], origin: Origin): Promise<Value | undefined>;
}

/** Where a module instance comes from: the instance whose call created it. */
interface ModuleInstanceParent {
  instance: ModuleInstance;
  call: PlacedBlock;
}

/** One instance of a module: a root module, or a child reached through module calls. */
export class ModuleInstance {
  private readonly localCache = new Map<string, Promise<Value>>();
  private readonly localsInProgress = new Set<string>();
  private readonly childCache = new Map<string, Promise<ModuleInstance[] | { problem: string }>>();
  private readonly viewCache = new Map<ReferenceView, Promise<ModuleInstance | undefined>>();

  constructor(
    readonly module: LoadedModule,
    readonly environment: ModuleEnvironment,
    /** `module.a.module.b[0].` or empty for the root. */
    readonly addressPrefix: string,
    /** `a.b`: the key of this instance in `.terraform/modules/modules.json` (empty for the root). */
    readonly moduleKey: string,
    /** Module call headers from the root, outermost first. */
    readonly moduleCalls: Origin[],
    private readonly inputs: Map<string, VariableInput>,
    readonly isRoot: boolean,
    private readonly depth: number,
    private readonly view?: ReferenceView,
    private readonly parent?: ModuleInstanceParent,
  ) {}

  /** This instance in a copy of the module tree where `view` supplies stand-ins (memoised per view). */
  inView(view: ReferenceView): Promise<ModuleInstance | undefined> {
    let cached = this.viewCache.get(view);
    if (!cached) {
      cached = this.createInView(view);
      this.viewCache.set(view, cached);
    }
    return cached;
  }

  private async createInView(view: ReferenceView): Promise<ModuleInstance | undefined> {
    if (!this.parent) {
      return new ModuleInstance(this.module, this.environment, this.addressPrefix, this.moduleKey, this.moduleCalls, this.inputs, this.isRoot, this.depth, view);
    }
    const parentInView = await this.parent.instance.inView(view);
    const siblings = parentInView ? await parentInView.childInstances(this.parent.call) : undefined;
    // The stand-ins may change a module call's count or for_each: then this instance has no counterpart.
    return siblings && !('problem' in siblings) ? siblings.find((sibling) => sibling.addressPrefix === this.addressPrefix) : undefined;
  }

  /** A resolver for expressions written in this module, optionally inside a counted or for_each'd block. */
  resolver(keys: InstanceKeys = {}, referencedAddresses?: Set<string>): ReferenceResolver {
    return { resolve: (root, steps, origin) => this.resolveReference(root, steps, origin, keys, referencedAddresses) };
  }

  /** Evaluates an attribute of a block of this module, recording the attribute as the outermost trail step. */
  async evaluateAttribute(
    file: TerraformFile,
    attribute: HclAttributePosition,
    keys: InstanceKeys = {},
    referencedAddresses?: Set<string>,
  ): Promise<Value> {
    return withTrail(await this.evaluateValueOf(file, attribute, keys, referencedAddresses), attributeOrigin(file, attribute, 'expression'));
  }

  /** Evaluates an attribute's expression without recording the attribute itself (its owner records it). */
  evaluateValueOf(file: TerraformFile, attribute: HclAttributePosition, keys: InstanceKeys = {}, referencedAddresses?: Set<string>): Promise<Value> {
    return evaluateExpression(
      { file, startOffset: attribute.valueRange.start.offset, text: attribute.valueText },
      this.resolver(keys, referencedAddresses),
    );
  }

  private async resolveReference(
    root: string,
    steps: TraversalStep[],
    origin: Origin,
    keys: InstanceKeys,
    referencedAddresses: Set<string> | undefined,
  ): Promise<Value> {
    const [first, ...rest] = steps;
    const firstName = first?.kind === 'attribute' ? first.name : undefined;
    switch (root) {
      case 'var':
        if (!firstName) throw new EvaluationError('var needs a variable name');
        return applySteps(withTrail(await this.variableValue(firstName, origin), origin), rest);
      case 'local':
        if (!firstName) throw new EvaluationError('local needs a name');
        return applySteps(withTrail(await this.localValue(firstName, origin), origin), rest);
      case 'terraform':
        if (firstName === 'workspace') return applySteps(withTrail(this.environment.workspace, origin), rest);
        return unknown(`terraform.${firstName ?? ''} is not evaluated by iac-mq-lint`, undefined, [origin]);
      case 'path':
        return this.pathValue(firstName, origin);
      case 'count':
        if (firstName !== 'index' || !keys.countIndex) throw new EvaluationError('count.index is used outside a counted block');
        return withTrail(keys.countIndex, origin);
      case 'each':
        if (firstName === 'key' && keys.eachKey) return applySteps(withTrail(keys.eachKey, origin), rest);
        if (firstName === 'value' && keys.eachValue) return applySteps(withTrail(keys.eachValue, origin), rest);
        throw new EvaluationError('each is used outside a for_each block');
      case 'module':
        if (!firstName) throw new EvaluationError('module needs a name');
        return this.moduleOutputValue(firstName, rest, origin);
      case 'data':
        return (await this.view?.data(this, steps, origin)) ?? unknown(`${origin.label ?? 'data'} is read by Terraform at plan time`, undefined, [origin]);
      case 'self':
        return unknown('self is known only while provisioning', undefined, [origin]);
      default:
        return this.resourceAttributeValue(root, steps, origin, referencedAddresses);
    }
  }

  /** The value of one of this module's declared input variables, as `var.<name>` would read it here. */
  async inputValue(name: string): Promise<Value | undefined> {
    const declaration = this.module.variables.get(name);
    if (!declaration) return undefined;
    return this.variableValue(name, { ...blockOrigin(declaration.file, declaration.block, 'variable-declaration'), label: `var.${name}` });
  }

  private async variableValue(name: string, origin: Origin): Promise<Value> {
    const declaration = this.module.variables.get(name);
    if (!declaration) return unknown(`var.${name} is not declared in ${this.module.directory}`, undefined, [origin]);
    const declarationOrigin = blockOrigin(declaration.file, declaration.block, 'variable-declaration');
    const supplied = await this.inputs.get(name)?.();
    if (supplied && !(supplied.known && supplied.data === null && isNonNullable(declaration.block))) {
      return withTrail(supplied, declarationOrigin);
    }
    const defaultAttribute = findAttribute(declaration.block, 'default');
    if (defaultAttribute) {
      const defaultValue = await this.evaluateValueOf(declaration.file, defaultAttribute);
      const callOmission = this.moduleCalls[this.moduleCalls.length - 1];
      const trail = callOmission && !this.isRoot ? [{ ...callOmission, role: 'module-call' as const }] : [];
      const markedDefault: Value = defaultValue.source ? { ...defaultValue, source: { ...defaultValue.source, role: 'variable-default' } } : defaultValue;
      return { ...markedDefault, trail: [...trail, declarationOrigin, ...markedDefault.trail] };
    }
    const where = this.isRoot
      ? 'set it in a .tfvars file, with --var or TF_VAR_' + name
      : `${this.addressPrefix.replace(/\.$/, '')} does not pass it`;
    return unknown(`var.${name} has no value (${where})`, undefined, [declarationOrigin]);
  }

  private localValue(name: string, origin: Origin): Promise<Value> {
    const cached = this.localCache.get(name);
    if (cached) return cached;
    const placed = this.module.locals.get(name);
    if (!placed) return Promise.resolve(unknown(`local.${name} is not defined in ${this.module.directory}`, undefined, [origin]));
    const cycle = localCycle(this.module, name);
    if (cycle) {
      const loop = [...cycle, name].map((step) => `local.${step}`).join(' → ');
      return Promise.resolve(unknown(`local.${name} depends on itself (${loop}), which Terraform rejects as a cycle`, undefined, [origin]));
    }
    if (this.localsInProgress.has(name)) {
      return Promise.resolve(unknown(`local.${name} refers to itself`, undefined, [origin]));
    }
    this.localsInProgress.add(name);
    const evaluation = this.evaluateValueOf(placed.file, placed.attribute).then((value) => {
      this.localsInProgress.delete(name);
      return withTrail(value, attributeOrigin(placed.file, placed.attribute, 'local', `local.${name}`));
    });
    this.localCache.set(name, evaluation);
    return evaluation;
  }

  private pathValue(name: string | undefined, origin: Origin): Value {
    const relative = (directory: string) => path.relative(this.environment.rootDirectory, directory).split(path.sep).join('/') || '.';
    switch (name) {
      case 'module':
        return known(relative(this.module.directory), undefined, [origin]);
      case 'root':
      case 'cwd':
        return known('.', undefined, [origin]);
      default:
        return unknown(`path.${name ?? ''} is not evaluated by iac-mq-lint`, undefined, [origin]);
    }
  }

  private async moduleOutputValue(callName: string, steps: TraversalStep[], origin: Origin): Promise<Value> {
    const [outputStep, ...rest] = steps;
    const call = this.module.moduleCalls.find((candidate) => candidate.block.labels[0] === callName);
    if (!call) return unknown(`module.${callName} is not called in ${this.module.directory}`, undefined, [origin]);
    if (findAttribute(call.block, 'count') || findAttribute(call.block, 'for_each')) {
      return unknown(`outputs of the repeated module.${callName} are not evaluated by iac-mq-lint`, undefined, [origin]);
    }
    if (outputStep?.kind !== 'attribute') throw new EvaluationError(`module.${callName} needs an output name`);
    const children = await this.childInstances(call);
    if ('problem' in children) return unknown(children.problem, undefined, [origin]);
    const [child] = children;
    if (!child) return unknown(`module.${callName} has no instances`, undefined, [origin]);
    const output = child.module.outputs.get(outputStep.name);
    if (!output) throw new EvaluationError(`module.${callName} has no output "${outputStep.name}"`);
    const valueAttribute = findAttribute(output.block, 'value');
    if (!valueAttribute) return unknown(`output ${outputStep.name} has no value`, undefined, [origin]);
    return applySteps(withTrail(await child.evaluateAttribute(output.file, valueAttribute), origin), rest);
  }

  private async resourceAttributeValue(
    type: string,
    steps: TraversalStep[],
    origin: Origin,
    referencedAddresses: Set<string> | undefined,
  ): Promise<Value> {
    const [nameStep, ...rest] = steps;
    if (nameStep?.kind !== 'attribute') throw new EvaluationError(`${type} is not a valid reference`);
    const resource = this.module.resources.get(`${type}.${nameStep.name}`);
    if (!resource) return unknown(`${origin.label ?? type} refers to nothing declared in ${this.module.directory}`, undefined, [origin]);
    const address = `${this.addressPrefix}${type}.${nameStep.name}`;
    referencedAddresses?.add(address);
    const standIn = await this.view?.resource(this, resource, address, rest, origin);
    if (standIn) return standIn;
    const [attributeStep, ...afterAttribute] = rest;
    const repeated = findAttribute(resource.block, 'count') || findAttribute(resource.block, 'for_each');
    const argument = attributeStep?.kind === 'attribute' && !repeated ? findAttribute(resource.block, attributeStep.name) : undefined;
    if (argument) return applySteps(withTrail(await this.evaluateAttribute(resource.file, argument), origin), afterAttribute);
    return unknown(`${origin.label ?? type} is known only after apply`, undefined, [origin]);
  }

  /** The instances a module call creates (none when its count or for_each is empty). */
  childInstances(call: PlacedBlock): Promise<ModuleInstance[] | { problem: string }> {
    const name = call.block.labels[0] ?? '';
    let cached = this.childCache.get(name);
    if (!cached) {
      cached = this.expandModuleCall(call);
      this.childCache.set(name, cached);
    }
    return cached;
  }

  private async expandModuleCall(call: PlacedBlock): Promise<ModuleInstance[] | { problem: string }> {
    const name = call.block.labels[0] ?? '';
    const callOrigin = blockOrigin(call.file, call.block, 'module-call');
    if (this.depth >= 32) return { problem: `module.${name} nests modules more than 32 deep` };
    const sourceAttribute = findAttribute(call.block, 'source');
    if (!sourceAttribute) return { problem: `module.${name} has no source` };
    const source = await this.evaluateAttribute(call.file, sourceAttribute);
    if (!source.known || typeof source.data !== 'string') return { problem: `module.${name} has a source that is not a literal string` };
    const moduleKey = this.moduleKey ? `${this.moduleKey}.${name}` : name;
    const directory = isLocalSource(source.data)
      ? path.resolve(this.module.directory, source.data)
      : this.environment.resolveInstalledModule(moduleKey);
    if (!directory) {
      return { problem: `module.${name} (source "${source.data}") is not on disk: run terraform init to let iac-mq-lint read it; brokers inside it are not checked` };
    }
    const loaded = await this.environment.loadModule(directory);
    if ('problem' in loaded) return { problem: `module.${name}: ${loaded.problem}` };
    const repetitions = await this.repetitions(call.file, call.block);
    const instances: ModuleInstance[] = [];
    for (const repetition of repetitions) {
      const inputs = new Map<string, VariableInput>();
      for (const attribute of call.block.attributes) {
        if (META_ARGUMENTS.has(attribute.name)) continue;
        let memo: Promise<Value> | undefined;
        inputs.set(attribute.name, () => {
          memo ??= this.evaluateAttribute(call.file, attribute, repetition.keys).then((value) =>
            value.source ? { ...value, source: { ...value.source, role: value.source.role === 'literal' ? 'module-argument' : value.source.role } } : value,
          );
          return memo;
        });
      }
      instances.push(
        new ModuleInstance(
          loaded,
          this.environment,
          `${this.addressPrefix}module.${name}${repetition.suffix}.`,
          moduleKey,
          [...this.moduleCalls, callOrigin],
          inputs,
          false,
          this.depth + 1,
          this.view,
          { instance: this, call },
        ),
      );
    }
    return instances;
  }

  /** Evaluates `count` / `for_each` of a block into its instance keys; an unknown gives one instance of unknown keys. */
  async repetitions(file: TerraformFile, block: HclBlockPosition): Promise<Array<{ suffix: string; keys: InstanceKeys }>> {
    const countAttribute = findAttribute(block, 'count');
    const forEachAttribute = findAttribute(block, 'for_each');
    if (countAttribute) {
      const count = await this.evaluateAttribute(file, countAttribute);
      if (!count.known || typeof count.data !== 'number') {
        const reason = count.known ? 'count is not a number' : `count is unknown: ${count.reason}`;
        return [{ suffix: '', keys: { countIndex: unknown(reason) } }];
      }
      return Array.from({ length: Math.max(0, Math.trunc(count.data)) }, (_, index) => ({
        suffix: `[${index}]`,
        keys: { countIndex: known(index) },
      }));
    }
    if (forEachAttribute) {
      const collection = await this.evaluateAttribute(file, forEachAttribute);
      if (!collection.known) {
        const reason = `for_each is unknown: ${collection.reason}`;
        return [{ suffix: '', keys: { eachKey: unknown(reason), eachValue: unknown(reason) } }];
      }
      const entries: Array<[string, Value]> = Array.isArray(collection.data)
        ? collection.data.map((item) => [item.known ? String(item.data) : '?', item])
        : collection.data !== null && typeof collection.data === 'object'
          ? Object.entries(collection.data)
          : [];
      return entries
        .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0))
        .map(([key, value]) => ({ suffix: `[${JSON.stringify(key)}]`, keys: { eachKey: known(key), eachValue: value } }));
    }
    return [{ suffix: '', keys: {} }];
  }
}

const META_ARGUMENTS = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);

/** Terraform treats only `./` and `../` prefixes as local paths. */
export function isLocalSource(source: string): boolean {
  return source.startsWith('./') || source.startsWith('../') || source === '.' || source === '..';
}

function isNonNullable(block: HclBlockPosition): boolean {
  return findAttribute(block, 'nullable')?.valueText === 'false';
}
