import { statSync } from 'node:fs';
import path from 'node:path';
import { isRemoteTerragruntSource, mentionsMessageBroker } from '../discover/relevance.js';
import { describeReadError, type TextReader } from '../discover/text-cache.js';
import { applySteps, evaluateExpression, type ReferenceResolver } from '../evaluate/terraform/expression.js';
import { EvaluationError } from '../evaluate/terraform/functions.js';
import type { FileError, Notice } from '../model/finding.js';
import { OncePerKey } from '../model/once-per-key.js';
import { known, unknown, withTrail, type Origin, type UnknownValue, type Value } from '../model/value.js';
import type { HclAttributePosition, HclBlockPosition } from '../parsers/terraform/position-index.js';
import { TerraformSyntaxError } from '../parsers/terraform/terraform-file.js';
import { readTerragruntConfig, type TerragruntConfig, type TerragruntInclude } from '../parsers/terraform/terragrunt-config.js';
import type { Evidence } from './context.js';
import { directoryEvidence, displayPath } from './evidence.js';
import type { TerraformContext } from './terraform-contexts.js';

/** One `terragrunt apply`: a Terraform module applied with the inputs of one `terragrunt.hcl`. */
export interface TerragruntDeployment {
  /** The `terragrunt.hcl` (absolute). */
  config: string;
  /** Its directory: the deployment's root for rules and fingerprints, and its directory evidence. */
  directory: string;
  /** The module the deployment applies: `terraform { source }`, else the configuration's own directory. */
  moduleDirectory: string;
  /** The `terraform` block that names the module, which stands where a `module` block would (none without a source). */
  moduleCalls: Origin[];
  /** The `inputs` of the configuration over those of the configurations it includes, located where each is written. */
  inputs: Map<string, Value>;
  /** Set when the `inputs` cannot be evaluated as a whole: then any variable of the module may be set by them. */
  unknownInputs?: UnknownValue;
  /** A `generate` block (of the configuration or one it merges) that writes provider `default_tags` into the module. */
  generatedDefaultTags?: Origin;
  context: TerraformContext;
}

/** The deployments of a scan's Terragrunt configurations, and what could not be read or checked. */
export interface TerragruntResolution {
  deployments: TerragruntDeployment[];
  /** The module directory of every deployment: it is applied by Terragrunt, not as a root of its own. */
  moduleDirectories: Set<string>;
  errors: FileError[];
  notices: Notice[];
  /** Terragrunt configurations read (included ones too). */
  filesRead: number;
}

/** What resolving Terragrunt configurations needs from the scan. */
export interface TerragruntSurroundings {
  readText: TextReader;
  /** The scanned paths (absolute), for directory evidence. */
  scanRoots: string[];
  cwd: string;
}

type MergeStrategy = 'no_merge' | 'shallow' | 'deep' | 'deep_map_only';

/** An included configuration with how it merges into the including one. */
interface ResolvedInclude {
  config: TerragruntConfig;
  mergeStrategy: MergeStrategy;
}

/** The names `find_in_parent_folders()` looks for without an argument: Terragrunt's own, then the `root.hcl` it now recommends. */
const DEFAULT_PARENT_NAMES = ['terragrunt.hcl', 'root.hcl'];
const STRING_LITERAL = /^"([^"\\$%]*)"$/;
const FIND_IN_PARENT_FOLDERS = /^find_in_parent_folders\(\s*(?:"([^"\\$%]*)"\s*(?:,\s*"([^"\\$%]*)"\s*)?)?\)$/;
const MERGE_STRATEGIES: ReadonlySet<string> = new Set<MergeStrategy>(['no_merge', 'shallow', 'deep', 'deep_map_only']);

/**
 * Resolves each Terragrunt configuration into the deployment it describes: its includes (a literal path or
 * `find_in_parent_folders`), its `inputs` over theirs (evaluated with the configuration's `locals`), and the
 * module its `terraform { source }` names. A configuration another one includes is a parent, not a deployment.
 */
export async function resolveTerragruntDeployments(configFiles: string[], surroundings: TerragruntSurroundings): Promise<TerragruntResolution> {
  const resolver = new TerragruntResolver(surroundings);
  const resolved: Array<{ deployment: TerragruntDeployment; included: string[] }> = [];
  for (const file of [...configFiles].sort()) {
    const deployment = await resolver.resolve(file);
    if (deployment) resolved.push(deployment);
  }
  const parents = new Set(resolved.flatMap((entry) => entry.included));
  const deployments = resolved.filter((entry) => !parents.has(entry.deployment.config)).map((entry) => entry.deployment);
  return {
    deployments,
    moduleDirectories: new Set(deployments.map((deployment) => deployment.moduleDirectory)),
    errors: resolver.errors,
    notices: resolver.notices,
    filesRead: resolver.filesRead,
  };
}

/** Reads each configuration once and resolves deployments, collecting errors and notices. */
class TerragruntResolver {
  readonly errors: FileError[] = [];
  readonly notices: Notice[] = [];
  filesRead = 0;
  private readonly configs = new OncePerKey((file: string) => this.readConfig(file));

  constructor(private readonly surroundings: TerragruntSurroundings) {}

  async resolve(file: string): Promise<{ deployment: TerragruntDeployment; included: string[] } | undefined> {
    const config = await this.configs.get(file);
    if ('missing' in config) return undefined;
    const directory = path.dirname(file);
    const includes: ResolvedInclude[] = [];
    for (const include of config.includes) {
      const target = this.includeTarget(config, include);
      if (!target) continue;
      const included = await this.configs.get(target);
      if ('missing' in included) {
        if (included.missing) this.errors.push(at(config, include.path ?? include.block, `${includeName(include)}: ${displayPath(this.surroundings.cwd, target)} does not exist`));
        continue;
      }
      includes.push({ config: included, mergeStrategy: mergeStrategyOf(include) });
    }
    const merged = includes.filter((include) => include.mergeStrategy !== 'no_merge');
    const own = await evaluateInputs(config);
    let inputs = own instanceof Map ? own : new Map<string, Value>();
    let unknownInputs = own instanceof Map ? undefined : own;
    // Each include merges under everything after it (later includes, then the configuration) by its strategy.
    for (const include of [...merged].reverse()) {
      const evaluated = await evaluateInputs(include.config);
      if (!(evaluated instanceof Map)) {
        unknownInputs ??= evaluated;
        continue;
      }
      // Inputs above that cannot be evaluated may replace any of these.
      const above = unknownInputs;
      const below = above ? new Map([...evaluated.keys()].map((name): [string, Value] => [name, above])) : evaluated;
      inputs = mergeInputs(below, inputs, include.mergeStrategy);
    }
    // A child's `terraform` block replaces an included one, as the shallow merge of Terragrunt does.
    const sourceConfig = [config, ...[...merged].reverse().map((include) => include.config)].find((candidate) => candidate.source);
    const moduleDirectory = sourceConfig?.source ? this.sourceDirectory(sourceConfig, sourceConfig.source, directory, includes[0]?.config) : directory;
    if (!moduleDirectory) return undefined;
    const moduleCalls: Origin[] = sourceConfig?.terraformBlock
      ? [{ file: sourceConfig.file.path, range: sourceConfig.terraformBlock.headerRange, role: 'module-call', label: 'terraform' }]
      : [];
    const files = [file, ...includes.map((include) => include.config.file.path)];
    const deployment: TerragruntDeployment = {
      config: file,
      directory,
      moduleDirectory,
      moduleCalls,
      inputs,
      context: terragruntContext(file, files, this.surroundings),
    };
    if (unknownInputs) deployment.unknownInputs = unknownInputs;
    const generating = [config, ...merged.map((include) => include.config)].find((candidate) => candidate.generatedDefaultTags);
    if (generating?.generatedDefaultTags) {
      const block = generating.generatedDefaultTags;
      deployment.generatedDefaultTags = { file: generating.file.path, range: block.headerRange, role: 'expression', label: ['generate', ...block.labels].join('.') };
    }
    return { deployment, included: includes.map((include) => include.config.file.path) };
  }

  /** The configuration a file holds; `missing` says whether it does not exist (else it was unreadable and recorded). */
  private async readConfig(file: string): Promise<TerragruntConfig | { missing: boolean }> {
    let text: string;
    try {
      text = await this.surroundings.readText(file);
    } catch (error) {
      const missing = (error as { code?: unknown }).code === 'ENOENT';
      if (!missing) this.errors.push({ file, message: `cannot read the file: ${describeReadError(error)}` });
      return { missing };
    }
    this.filesRead++;
    try {
      return await readTerragruntConfig(file, text);
    } catch (error) {
      if (!(error instanceof TerraformSyntaxError)) throw error;
      this.errors.push(error.toFileError());
      return { missing: false };
    }
  }

  /** Where an include's `path` leads, or undefined when it cannot be found (recorded as an error or notice). */
  private includeTarget(config: TerragruntConfig, include: TerragruntInclude): string | undefined {
    const directory = path.dirname(config.file.path);
    if (!include.path) {
      this.errors.push(at(config, include.block, `${includeName(include)} has no path`));
      return undefined;
    }
    const text = unwrapInterpolation(substituteDirectories(include.path.valueText.trim(), directory, undefined));
    const search = FIND_IN_PARENT_FOLDERS.exec(text);
    if (search) {
      const [, name, fallback] = search;
      const found = findInParentFolders(directory, name === undefined ? DEFAULT_PARENT_NAMES : [name]);
      if (found) return found;
      if (fallback !== undefined) return path.resolve(directory, fallback);
      const looked = name === undefined ? DEFAULT_PARENT_NAMES.join(' or ') : name;
      this.errors.push(at(config, include.path, `${includeName(include)}: find_in_parent_folders() finds no ${looked} in a parent directory`));
      return undefined;
    }
    const literal = STRING_LITERAL.exec(text)?.[1];
    if (literal !== undefined) return path.resolve(directory, literal);
    this.notices.push(at(config, include.path, `${includeName(include)}: the path ${include.path.valueText.trim()} is not evaluated by iac-mq-lint, so the inputs it sets were not read`));
    return undefined;
  }

  /** The module directory a `terraform { source }` names, or undefined (with a notice) when it is not on disk. */
  private sourceDirectory(
    sourceConfig: TerragruntConfig,
    attribute: HclAttributePosition,
    directory: string,
    firstInclude: TerragruntConfig | undefined,
  ): string | undefined {
    const written = attribute.valueText.trim();
    const literal = STRING_LITERAL.exec(substituteDirectories(written, directory, firstInclude && path.dirname(firstInclude.file.path)))?.[1];
    if (literal === undefined) {
      if (mentionsMessageBroker(written)) this.notices.push(at(sourceConfig, attribute, `module source ${written} is not evaluated by iac-mq-lint; its brokers were not checked`));
      return undefined;
    }
    // Relative sources are relative to the deploying configuration, even when an included one sets them; `//`
    // separates the directory Terragrunt copies from the module inside it, which on disk is just a subdirectory.
    const moduleDirectory = isRemoteTerragruntSource(literal) ? undefined : path.resolve(directory, literal);
    if (moduleDirectory && isDirectory(moduleDirectory)) return moduleDirectory;
    if (mentionsMessageBroker(literal)) {
      // Terragrunt downloads remote sources into `.terragrunt-cache`, which the scan never reads.
      this.notices.push(at(sourceConfig, attribute, `module source "${literal}" is not on disk; its brokers were not checked`));
    }
    return undefined;
  }
}

/** The context of a deployment: named after its directory, with that directory as evidence (not the shared module's). */
function terragruntContext(config: string, files: string[], surroundings: TerragruntSurroundings): TerraformContext {
  const directory = path.dirname(config);
  const name = displayPath(surroundings.cwd, directory);
  const evidence: Evidence[] = [
    { kind: 'context-name', description: `terragrunt ${displayPath(surroundings.cwd, config)}`, name },
    ...directoryEvidence(directory, surroundings.scanRoots, surroundings.cwd),
  ];
  return { name, evidence, files, varFiles: [] };
}

/** Evaluates a configuration's `inputs` with its `locals`; each input is marked as set from outside the module. */
async function evaluateInputs(config: TerragruntConfig): Promise<Map<string, Value> | UnknownValue> {
  const attribute = config.inputs;
  if (!attribute) return new Map();
  const value = await evaluateExpression(
    { file: config.file, startOffset: attribute.valueRange.start.offset, text: attribute.valueText },
    terragruntResolver(config, await evaluateLocals(config)),
  );
  if (!value.known) return value;
  if (value.data === null || typeof value.data !== 'object' || Array.isArray(value.data)) {
    return unknown('inputs is not an object', undefined, [inputsOrigin(config, attribute)]);
  }
  const members = new Map<string, Value>();
  for (const [name, member] of Object.entries(value.data)) {
    members.set(name, member.source ? { ...member, source: { ...member.source, role: 'tfvars', label: `inputs.${name}` } } : member);
  }
  return members;
}

function inputsOrigin(config: TerragruntConfig, attribute: HclAttributePosition): Origin {
  return { file: config.file.path, range: attribute.valueRange, role: 'tfvars', label: 'inputs' };
}

/**
 * Terragrunt's merge of an included configuration's inputs under the including one's: `shallow` replaces whole
 * inputs, `deep` merges maps recursively and concatenates lists, `deep_map_only` merges maps only.
 */
function mergeInputs(base: Map<string, Value>, over: Map<string, Value>, strategy: MergeStrategy): Map<string, Value> {
  const merged = new Map(base);
  for (const [name, value] of over) {
    const under = merged.get(name);
    merged.set(name, under && strategy !== 'shallow' ? deepMerge(under, value, strategy === 'deep') : value);
  }
  return merged;
}

function deepMerge(under: Value, over: Value, concatenateLists: boolean): Value {
  if (!under.known || !over.known) return over;
  if (concatenateLists && Array.isArray(under.data) && Array.isArray(over.data)) return known([...under.data, ...over.data], undefined, over.trail);
  if (!isObject(under.data) || !isObject(over.data)) return over;
  const members: Record<string, Value> = { ...under.data };
  for (const [key, member] of Object.entries(over.data)) {
    const existing = members[key];
    members[key] = existing ? deepMerge(existing, member, concatenateLists) : member;
  }
  return known(members, undefined, over.trail);
}

function isObject(data: unknown): data is Record<string, Value> {
  return data !== null && typeof data === 'object' && !Array.isArray(data);
}

const LOCAL_REFERENCE = /\blocal\.([A-Za-z_][\w-]*)/g;

/**
 * Evaluates a configuration's `locals` in the order they refer to each other, each once; a local in a cycle is
 * unknown (Terragrunt rejects the cycle). Ordering by the references in the text, rather than evaluating on demand,
 * leaves no evaluation waiting on another that waits on it.
 */
async function evaluateLocals(config: TerragruntConfig): Promise<Map<string, Value>> {
  const values = new Map<string, Value>();
  const visited = new Set<string>();
  const visit = async (name: string, attribute: HclAttributePosition): Promise<void> => {
    if (visited.has(name)) return;
    visited.add(name);
    for (const [, dependency = ''] of attribute.valueText.matchAll(LOCAL_REFERENCE)) {
      const dependencyAttribute = config.locals.get(dependency);
      if (dependencyAttribute) await visit(dependency, dependencyAttribute);
    }
    const value = await evaluateExpression(
      { file: config.file, startOffset: attribute.valueRange.start.offset, text: attribute.valueText },
      terragruntResolver(config, values),
    );
    values.set(name, withTrail(value, { file: config.file.path, range: attribute.valueRange, role: 'local', label: `local.${name}` }));
  };
  for (const [name, attribute] of config.locals) await visit(name, attribute);
  return values;
}

/** Resolves `local.*` from the locals evaluated so far; everything else Terragrunt knows only when it runs. */
function terragruntResolver(config: TerragruntConfig, locals: ReadonlyMap<string, Value>): ReferenceResolver {
  return {
    resolve: (root, steps, origin) => {
      const [first, ...rest] = steps;
      const label = origin.label ?? root;
      switch (root) {
        case 'local': {
          if (first?.kind !== 'attribute') throw new EvaluationError('local needs a name');
          const value = locals.get(first.name);
          if (value) return Promise.resolve(applySteps(withTrail(value, origin), rest));
          const reason = config.locals.has(first.name) ? `local.${first.name} refers to itself` : `local.${first.name} is not defined in ${config.file.path}`;
          return Promise.resolve(unknown(reason, undefined, [origin]));
        }
        case 'dependency':
          return Promise.resolve(unknown(`${label} is an output of another Terragrunt deployment, which iac-mq-lint does not read`, undefined, [origin]));
        case 'include':
          return Promise.resolve(unknown(`${label} reads an included configuration, which iac-mq-lint does not evaluate in expressions`, undefined, [origin]));
        default:
          return Promise.resolve(unknown(`${label} is known only when Terragrunt runs`, undefined, [origin]));
      }
    },
  };
}

function mergeStrategyOf(include: TerragruntInclude): MergeStrategy {
  const written = include.mergeStrategy && STRING_LITERAL.exec(include.mergeStrategy.valueText.trim())?.[1];
  return written !== undefined && MERGE_STRATEGIES.has(written) ? (written as MergeStrategy) : 'shallow';
}

/**
 * Replaces the Terragrunt functions that name directories inside a string: `get_terragrunt_dir()` (the deploying
 * configuration's), `get_parent_terragrunt_dir()` and `path_relative_to_include()` (relative to the first include).
 */
function substituteDirectories(text: string, directory: string, parentDirectory: string | undefined): string {
  const forward = (file: string) => file.split(path.sep).join('/');
  let result = text.replace(/\$\{\s*get_terragrunt_dir\(\)\s*\}/g, forward(directory));
  if (parentDirectory !== undefined) {
    result = result
      .replace(/\$\{\s*get_parent_terragrunt_dir\(\)\s*\}/g, forward(parentDirectory))
      .replace(/\$\{\s*path_relative_to_include\(\)\s*\}/g, forward(path.relative(parentDirectory, directory)) || '.');
  }
  return result;
}

/** `"${find_in_parent_folders()}"`, the pre-0.12 spelling, is the call itself. */
function unwrapInterpolation(text: string): string {
  return /^"\$\{\s*([^}]*?)\s*\}"$/.exec(text)?.[1] ?? text;
}

/** Terragrunt's search: the parent directories of the configuration, nearest first, up to the file-system root. */
function findInParentFolders(directory: string, names: string[]): string | undefined {
  for (let current = path.dirname(directory); ; current = path.dirname(current)) {
    for (const name of names) {
      const candidate = path.resolve(current, name);
      if (isFile(candidate)) return candidate;
    }
    if (path.dirname(current) === current) return undefined;
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function isDirectory(directory: string): boolean {
  try {
    return statSync(directory).isDirectory();
  } catch {
    return false;
  }
}

function includeName(include: TerragruntInclude): string {
  return include.name === undefined ? 'include' : `include "${include.name}"`;
}

/** A message at an attribute or block of a configuration. */
function at(config: TerragruntConfig, where: HclAttributePosition | HclBlockPosition, message: string): FileError {
  const start = 'valueRange' in where ? where.valueRange.start : where.headerRange.start;
  return { file: config.file.path, line: start.line, column: start.column, message };
}
