import { promises as fs } from 'node:fs';
import path from 'node:path';
import { withoutRepeatedMessages, type FileError, type Notice } from '../../model/finding.js';
import { findRelevantTerragruntConfigs, mentionsMessageBroker } from '../../discover/relevance.js';
import { describeReadError, readTextOrRecord, type TextReader } from '../../discover/text-cache.js';
import type { ScanOptions } from '../../model/options.js';
import type { Resource } from '../../model/resource.js';
import { OncePerKey } from '../../model/once-per-key.js';
import { effectiveTags } from '../../model/broker.js';
import { known, unknown, type Origin, type Value } from '../../model/value.js';
import {
  firstSyntaxError,
  readTerraformFile,
  TerraformSyntaxError,
  validateTerraformFile,
  wasValidated,
  type TerraformFile,
} from '../../parsers/terraform/terraform-file.js';
import type { HclBlockPosition } from '../../parsers/terraform/position-index.js';
import { normalizeTerraformBrokers, TERRAFORM_BROKER_TYPE } from './broker.js';
import { findAttribute, indexModule, type LoadedModule } from './loaded-module.js';
import { isLocalSource, ModuleInstance, type ModuleEnvironment } from './module-instance.js';
import { buildRootInputs, type TextVariable } from './root-variables.js';
import type { DeploymentContext, Evidence } from '../../environment/context.js';
import { directoryEvidence, inputEvidence, tagEvidence } from '../../environment/evidence.js';
import { isEnvironmentSelector, productionFlag, type EnvironmentPatterns } from '../../environment/names.js';
import {
  addWorkspaces,
  discoverVarFileContexts,
  explicitContext,
  workspaceEvidence,
  type TerraformContext,
} from '../../environment/terraform-contexts.js';
import { backendEvidence, localStateWorkspaces, workspaceIndexedMaps } from '../../environment/terraform-root-evidence.js';
import { resolveTerragruntDeployments, type TerragruntDeployment } from '../../environment/terragrunt-contexts.js';
import { evaluateExpression } from './expression.js';
import { singleInstanceEndpointReferences } from './endpoint-references.js';
import { isActiveStandbyActiveMq } from '../../model/broker.js';

/** A Terraform module directory as discovery groups it. */
export interface TerraformModuleInput {
  directory: string;
  files: string[];
  autoVarFiles: string[];
}

/** What evaluating the Terraform modules of a scan produced. */
export interface TerraformEvaluation {
  resources: Resource[];
  errors: FileError[];
  notices: Notice[];
  /** Files read and indexed. */
  filesIndexed: number;
  /** Files also checked by HashiCorp's parser, because a value the rules see came from them. */
  filesParsed: number;
}


/** A root's contexts as the project configuration declares them (`terraform.varFiles`). */
export interface ConfiguredTerraformContext {
  root: string;
  name?: string;
  varFiles: string[];
  environment?: 'production' | 'non-production';
}

/** What the evaluator needs to find each root's deployment contexts. */
export interface TerraformContextInputs {
  /** Every var file discovered in the scan (absolute). */
  varFiles: string[];
  /** Every directory holding `.tf` configuration. */
  moduleDirectories: ReadonlySet<string>;
  /** The scanned paths (absolute), for directory evidence. */
  scanRoots: string[];
  patterns: EnvironmentPatterns;
  configured: ConfiguredTerraformContext[];
  /** False: evaluate each root once, as the command line describes it (plans use this for source locations). */
  discoverContexts: boolean;
  /** Every `terragrunt.hcl` discovered (absolute): each applies a module as a root of its own. */
  terragruntConfigs: string[];
}

const TERRAFORM_SOURCE_FILE = /\.tf(\.json)?$/;

/** Evaluates every root among the given module directories and returns their brokers. */
export async function evaluateTerraformModules(
  modules: TerraformModuleInput[],
  options: ScanOptions,
  readText: TextReader,
  contextInputs: TerraformContextInputs = {
    varFiles: [],
    moduleDirectories: new Set(),
    scanRoots: [],
    patterns: { production: [], nonProduction: [] },
    configured: [],
    discoverContexts: false,
    terragruntConfigs: [],
  },
): Promise<TerraformEvaluation> {
  const session = new TerraformSession(readText);
  const loadedByDirectory = new Map<string, LoadedModule>();
  for (const module of modules) {
    const loaded = await session.loadModule(module.directory, module.files);
    if (!('problem' in loaded)) loadedByDirectory.set(module.directory, loaded);
  }
  const calledDirectories = new Set<string>();
  for (const loaded of loadedByDirectory.values()) {
    for (const call of loaded.moduleCalls) {
      const source = findAttribute(call.block, 'source')?.valueText;
      const literal = source && /^"([^"\\$]*)"$/.exec(source)?.[1];
      if (literal && isLocalSource(literal)) calledDirectories.add(path.resolve(loaded.directory, literal));
    }
  }
  // A module a terragrunt.hcl applies is a root only in that deployment, with its inputs.
  const { relevant: terragruntConfigs } = await findRelevantTerragruntConfigs(contextInputs.terragruntConfigs, readText);
  const terragrunt = await resolveTerragruntDeployments(terragruntConfigs, { readText, scanRoots: contextInputs.scanRoots, cwd: options.cwd });
  for (const directory of terragrunt.moduleDirectories) calledDirectories.add(directory);
  const roots = modules.filter((module) => loadedByDirectory.has(module.directory) && !calledDirectories.has(module.directory));
  const explicit = !contextInputs.discoverContexts || options.varFiles.length > 0 || options.vars.length > 0 || options.workspace !== undefined;
  const discovered = explicit
    ? new Map<string, TerraformContext[]>()
    : await discoverVarFileContexts(
        roots.map((module) => ({ directory: module.directory, variables: new Set(loadedByDirectory.get(module.directory)?.variables.keys()) })),
        { ...contextInputs, parse: (file) => session.parseFile(file), cwd: options.cwd },
      );
  const resources: Resource[] = [];
  const notices: Notice[] = [];
  for (const module of roots) {
    const loaded = loadedByDirectory.get(module.directory) as LoadedModule;
    const contexts = await session.contextsOf(loaded, module.autoVarFiles, options, contextInputs, explicit ? undefined : discovered.get(module.directory) ?? []);
    const rootEvidence = [...backendEvidence(loaded), ...directoryEvidence(module.directory, contextInputs.scanRoots, options.cwd)];
    for (const context of contexts) {
      const root = await session.createRootInstance(loaded, module.autoVarFiles, options, context);
      const contextEvidence = [...context.evidence, ...rootEvidence];
      const defaultTags = await providerDefaultTags(root);
      await collectBrokers(root, module.directory, { context, defaultTags }, () => Promise.resolve(contextEvidence), resources, notices);
    }
  }
  const modulesByDirectory = new Map(modules.map((module) => [module.directory, module]));
  for (const deployment of terragrunt.deployments) {
    await evaluateTerragruntDeployment(deployment, modulesByDirectory.get(deployment.moduleDirectory), session, options, explicit, resources, notices);
  }
  const syntax = await session.collectSyntaxErrors();
  return {
    resources,
    errors: [...session.errors, ...terragrunt.errors, ...syntax.errors],
    notices: withoutRepeatedMessages([...terragrunt.notices, ...notices]),
    filesIndexed: session.filesIndexed + terragrunt.filesRead,
    filesParsed: syntax.filesParsed + terragrunt.filesRead,
  };
}

/**
 * Evaluates the module of one terragrunt.hcl as the root of that deployment: Terragrunt's `inputs` are the lowest
 * variable values, every broker's root is the terragrunt.hcl's directory, and its `terraform` block stands where a
 * module call would, so a finding in a module outside the scan is lifted to it.
 */
async function evaluateTerragruntDeployment(
  deployment: TerragruntDeployment,
  discovered: TerraformModuleInput | undefined,
  session: TerraformSession,
  options: ScanOptions,
  explicit: boolean,
  resources: Resource[],
  notices: Notice[],
): Promise<void> {
  const loaded = await session.loadModule(deployment.moduleDirectory, discovered?.files);
  if ('problem' in loaded) {
    if (mentionsMessageBroker(deployment.moduleDirectory)) notices.push({ file: deployment.config, message: loaded.problem });
    return;
  }
  const inputs = new Map(deployment.inputs);
  // Inputs that cannot be evaluated as a whole may set any variable: none of the defaults is certain.
  const unknownInputs = deployment.unknownInputs;
  if (unknownInputs) {
    for (const name of loaded.variables.keys()) if (!inputs.has(name)) inputs.set(name, unknownInputs);
  }
  // `terragrunt apply -var-file=…` passes the files on to Terraform.
  const varFiles = explicit ? options.varFiles.map((file) => path.resolve(options.cwd, file)) : [];
  const context: TerraformContext = { ...deployment.context, files: [...deployment.context.files, ...varFiles], varFiles };
  const root = await session.createRootInstance(loaded, discovered?.autoVarFiles ?? [], options, context, { evaluatedValues: inputs, moduleCalls: deployment.moduleCalls });
  const generated = deployment.generatedDefaultTags;
  // The provider Terragrunt writes is not on disk: its default tags are not evaluated.
  const defaultTags = [
    ...(await providerDefaultTags(root)),
    ...(generated ? [unknown(`${generated.label ?? 'a generate block'} writes provider default_tags, which iac-mq-lint does not evaluate`, undefined, [generated])] : []),
  ];
  await collectBrokers(root, deployment.directory, { context, defaultTags }, () => Promise.resolve(context.evidence), resources, notices);
}

/** The context a root is evaluated in, and the provider default tags every broker in it inherits. */
interface RootContext {
  context: DeploymentContext;
  /** The `tags` of each `default_tags` block: maps, or unknown. */
  defaultTags: Value[];
}

async function collectBrokers(
  instance: ModuleInstance,
  rootDirectory: string,
  root: RootContext,
  evidence: () => Promise<Evidence[]>,
  resources: Resource[],
  notices: Notice[],
  callerRegion: () => Promise<string | undefined> = () => Promise.resolve(undefined),
): Promise<void> {
  // Evaluated only for instances on the way to a broker: label modules and the like can be costly to evaluate.
  let pending: Promise<Evidence[]> | undefined;
  const instanceEvidence = () => (pending ??= Promise.all([evidence(), variableEvidence(instance)]).then(([outer, own]) => [...outer, ...own]));
  const activeStandby = new Set<string>();
  let pendingRegion: Promise<string | undefined> | undefined;
  const instanceRegion = () => (pendingRegion ??= providerRegion(instance, callerRegion));
  for (const [key, placed] of instance.module.resources) {
    if (key.startsWith(`${TERRAFORM_BROKER_TYPE}.`)) {
      for (const broker of await normalizeTerraformBrokers(instance, placed, rootDirectory)) {
        const brokerEvidence = [...(await instanceEvidence()), ...brokerTagEvidence(broker.attributes.tags?.value, root.defaultTags)];
        const attributes = { ...broker.attributes, effective_tags: effectiveTags(broker.attributes.tags?.value, mergedDefaultTags(root.defaultTags), 'tags_all') };
        const region = await instanceRegion();
        resources.push({ ...broker, attributes, ...(region === undefined ? {} : { region }), context: { ...root.context, evidence: brokerEvidence } });
        if (isActiveStandbyActiveMq(broker)) activeStandby.add(placed.block.labels[1] ?? '');
      }
    }
  }
  if (activeStandby.size > 0) {
    const context = { ...root.context, evidence: await instanceEvidence() };
    resources.push(...singleInstanceEndpointReferences(instance, activeStandby, rootDirectory, context));
  }
  for (const call of instance.module.moduleCalls) {
    const children = await instance.childInstances(call);
    if ('problem' in children) {
      const sourceText = findAttribute(call.block, 'source')?.valueText ?? '';
      // Only calls that may create a broker are worth a notice; the prefilter assumes the same of the others.
      if (mentionsMessageBroker(`${call.block.labels[0] ?? ''} ${sourceText}`)) {
        const start = call.block.headerRange.start;
        notices.push({ file: call.file.path, line: start.line, column: start.column, message: children.problem });
      }
      continue;
    }
    for (const child of children) await collectBrokers(child, rootDirectory, root, instanceEvidence, resources, notices, instanceRegion);
  }
}

/**
 * The AWS Region of the brokers of a module instance, when the configuration states it: every `provider "aws"` block
 * that can reach them (those of the root, and of a module that declares its own) sets the same known `region`. A
 * broker may use any of them (`provider = aws.west`, a module's `providers`), and a provider without `region`, or a
 * root without a provider block, takes the Region from the environment: then it is unknown.
 */
async function providerRegion(instance: ModuleInstance, callerRegion: () => Promise<string | undefined>): Promise<string | undefined> {
  const regions = new Set<string | undefined>();
  let declaresDefault = false;
  for (const file of instance.module.files) {
    for (const provider of file.body.blocks.filter((block) => block.type === 'provider' && block.labels[0] === 'aws')) {
      if (!findAttribute(provider, 'alias')) declaresDefault = true;
      const attribute = findAttribute(provider, 'region');
      const value = attribute ? await instance.evaluateAttribute(file, attribute) : undefined;
      regions.add(value?.known && typeof value.data === 'string' && value.data !== '' ? value.data : undefined);
    }
  }
  if (!instance.isRoot && regions.size === 0) return callerRegion();
  // The caller's providers reach a module through `providers`; a root without a default block has an empty one.
  if (!instance.isRoot) regions.add(await callerRegion());
  else if (!declaresDefault) regions.add(undefined);
  return regions.size === 1 ? [...regions][0] : undefined;
}

/** Evidence from a module instance's inputs: `environment = "prod"`, `is_production = true`. */
async function variableEvidence(instance: ModuleInstance): Promise<Evidence[]> {
  const evidence: Evidence[] = [];
  const noun = instance.isRoot ? 'variable' : `${instance.addressPrefix.replace(/\.$/, '')} variable`;
  for (const name of [...instance.module.variables.keys()].sort()) {
    if (!isEnvironmentSelector(name) && !productionFlag(name)) continue;
    const value = await instance.inputValue(name);
    if (value) evidence.push(...inputEvidence(noun, name, value));
  }
  return evidence;
}

/**
 * The `tags` of the root's `provider "aws" { default_tags { … } }` blocks, which every broker inherits. Every `aws`
 * provider block counts, aliased ones too, since which one a broker uses is not followed: a broker can only look
 * more tagged than it is, never less.
 */
async function providerDefaultTags(root: ModuleInstance): Promise<Value[]> {
  const values: Value[] = [];
  for (const file of root.module.files) {
    for (const provider of file.body.blocks.filter((block) => block.type === 'provider' && block.labels[0] === 'aws')) {
      values.push(...(await defaultTagValues(root, file, provider)));
    }
  }
  return values;
}

/** Default tags merged in order, as one map; unknown when one of them is unknown or not a map. */
function mergedDefaultTags(values: Value[]): Value {
  const tags: Record<string, Value> = {};
  for (const value of values) {
    if (!value.known) return value;
    if (value.data === null) continue;
    if (typeof value.data !== 'object' || Array.isArray(value.data)) return unknown('default_tags tags is not a map', value.source, value.trail);
    Object.assign(tags, value.data);
  }
  return known(tags);
}

/** The `tags` of a provider's `default_tags` blocks: nested blocks in HCL, an object (or a list of them) in `.tf.json`. */
async function defaultTagValues(root: ModuleInstance, file: TerraformFile, provider: HclBlockPosition): Promise<Value[]> {
  const values: Value[] = [];
  for (const defaultTags of provider.blocks.filter((block) => block.type === 'default_tags')) {
    const attribute = findAttribute(defaultTags, 'tags');
    if (attribute) values.push(await root.evaluateAttribute(file, attribute));
  }
  const asAttribute = findAttribute(provider, 'default_tags');
  if (asAttribute) {
    const written = await root.evaluateAttribute(file, asAttribute);
    if (!written.known) return [written];
    for (const block of Array.isArray(written.data) ? written.data : [written]) {
      if (!block.known) return [block];
      const tags = block.data !== null && typeof block.data === 'object' && !Array.isArray(block.data) ? block.data['tags'] : undefined;
      if (tags) values.push(tags);
    }
  }
  return values;
}

/** Environment tags of a broker: its own, and the provider's default tags it does not override (as AWS merges them). */
function brokerTagEvidence(brokerTags: Value | undefined, defaultTags: Value[]): Evidence[] {
  const own = tagMap(brokerTags);
  const defaults = Object.assign({}, ...defaultTags.map(tagMap)) as Record<string, Value>;
  const inherited = Object.fromEntries(Object.entries(defaults).filter(([key]) => !(key in own)));
  return [...tagEvidence('tag', brokerTags), ...tagEvidence('provider default tag', known(inherited))];
}

function tagMap(tags: Value | undefined): Record<string, Value> {
  return tags?.known && tags.data !== null && typeof tags.data === 'object' && !Array.isArray(tags.data) ? tags.data : {};
}

/** Parses each file once and each module directory once for a whole scan, collecting file errors. */
class TerraformSession {
  readonly errors: FileError[] = [];
  filesIndexed = 0;
  private readonly files = new OncePerKey((file: string) => this.parseFileOnce(file));
  private readonly modules = new Map<string, Promise<LoadedModule | { problem: string }>>();

  constructor(private readonly readText: TextReader) {}

  parseFile(file: string): Promise<TerraformFile | undefined> {
    return this.files.get(file);
  }

  private async parseFileOnce(file: string): Promise<TerraformFile | undefined> {
    const text = await readTextOrRecord(this.readText, file, this.errors);
    if (text === undefined) return undefined;
    try {
      this.filesIndexed++;
      return readTerraformFile(file, text);
    } catch (error) {
      if (!(error instanceof TerraformSyntaxError)) throw error;
      this.errors.push(error.toFileError());
      return undefined;
    }
  }

  /** The syntax errors of the files that evaluation used (and so validated). */
  async collectSyntaxErrors(): Promise<{ errors: FileError[]; filesParsed: number }> {
    const errors: FileError[] = [];
    let filesParsed = 0;
    for (const pending of this.files.values()) {
      const file = await pending;
      if (!file || !wasValidated(file)) continue;
      filesParsed++;
      const syntaxError = await firstSyntaxError(file);
      if (syntaxError) errors.push(syntaxError.toFileError());
    }
    return { errors, filesParsed };
  }

  loadModule(directory: string, knownFiles?: string[]): Promise<LoadedModule | { problem: string }> {
    let loaded = this.modules.get(directory);
    if (!loaded) {
      loaded = this.loadModuleOnce(directory, knownFiles);
      this.modules.set(directory, loaded);
    }
    return loaded;
  }

  private async loadModuleOnce(directory: string, knownFiles?: string[]): Promise<LoadedModule | { problem: string }> {
    let files = knownFiles;
    if (!files) {
      try {
        const entries = await fs.readdir(directory, { withFileTypes: true });
        files = entries
          .filter((entry) => entry.isFile() && TERRAFORM_SOURCE_FILE.test(entry.name))
          .map((entry) => path.join(directory, entry.name))
          .sort();
      } catch (error) {
        return { problem: `cannot read the module directory ${directory}: ${describeReadError(error)}` };
      }
    }
    const parsed = (await Promise.all(files.map((file) => this.parseFile(file)))).filter((file): file is TerraformFile => file !== undefined);
    // A syntax error can hide a broker from the tolerant position index (an unclosed block swallows it), so a
    // file whose broker headers do not all appear as top-level blocks is checked whole by HashiCorp's parser.
    await Promise.all(parsed.filter(mayHideBroker).map((file) => validateTerraformFile(file)));
    return indexModule(directory, parsed);
  }

  /**
   * The contexts a root is evaluated in: those the project configuration declares; else the one the command line
   * describes (`explicitVarFileContexts` undefined); else the discovered var files and workspaces; else one
   * default context.
   */
  async contextsOf(
    module: LoadedModule,
    autoVarFiles: string[],
    options: ScanOptions,
    inputs: TerraformContextInputs,
    discoveredVarFileContexts: TerraformContext[] | undefined,
  ): Promise<TerraformContext[]> {
    const configured = inputs.configured.filter((context) => context.root === module.directory);
    if (configured.length > 0) {
      return configured.map((context) => {
        const base = explicitContext(context.varFiles, undefined, options.cwd);
        const evidence: Evidence[] =
          context.environment === undefined
            ? base.evidence
            : [{ kind: 'config', description: `configured context ${context.name ?? base.name}: ${context.environment}`, production: context.environment === 'production' }, ...base.evidence];
        return { ...base, name: context.name ?? base.name, evidence };
      });
    }
    if (discoveredVarFileContexts === undefined) {
      return [explicitContext(options.varFiles.map((file) => path.resolve(options.cwd, file)), options.workspace, options.cwd)];
    }
    const plain = await this.createRootInstance(module, autoVarFiles, options, { name: 'default', evidence: [], files: [], varFiles: [] });
    const workspaces = new Set(localStateWorkspaces(module.directory));
    for (const indexed of workspaceIndexedMaps(module)) {
      const map = await evaluateExpression({ file: indexed.file, startOffset: indexed.offset, text: indexed.reference }, plain.resolver());
      if (map.known && map.data !== null && typeof map.data === 'object' && !Array.isArray(map.data)) {
        for (const key of Object.keys(map.data)) workspaces.add(key);
      }
    }
    const contexts = addWorkspaces(discoveredVarFileContexts, [...workspaces].sort());
    if (contexts.length > 0) return contexts;
    const selected = plain.environment.workspace;
    const evidence = selected.known && selected.data !== 'default' && typeof selected.data === 'string' ? [workspaceEvidence(selected.data)] : [];
    return [{ name: 'default', evidence, files: [], varFiles: [] }];
  }

  /**
   * A root instance of a module in one context. A Terragrunt deployment adds its `inputs` (below every other
   * variable value) and its `terraform` block, which stands as the module call of everything in the module.
   */
  async createRootInstance(
    module: LoadedModule,
    autoVarFiles: string[],
    options: ScanOptions,
    context: TerraformContext,
    deployment: { evaluatedValues: ReadonlyMap<string, Value>; moduleCalls: Origin[] } = { evaluatedValues: new Map(), moduleCalls: [] },
  ): Promise<ModuleInstance> {
    const variableFiles: TerraformFile[] = [];
    for (const file of [...autoVarFiles, ...context.varFiles]) {
      const parsed = await this.parseFile(file);
      if (parsed) variableFiles.push(parsed);
    }
    const inputs = await buildRootInputs(module, environmentVariables(options.env), variableFiles, commandLineVariables(options), deployment.evaluatedValues);
    const installedModules = await readInstalledModules(module.directory);
    const environment: ModuleEnvironment = {
      rootDirectory: module.directory,
      workspace: context.workspace === undefined ? await selectWorkspace(module.directory, options) : known(context.workspace),
      loadModule: (directory) => this.loadModule(directory),
      resolveInstalledModule: (key) => installedModules.get(key),
    };
    return new ModuleInstance(module, environment, '', '', deployment.moduleCalls, inputs, true, 0);
  }
}

function environmentVariables(env: ScanOptions['env']): TextVariable[] {
  return Object.keys(env)
    .filter((name) => name.startsWith('TF_VAR_') && env[name] !== undefined)
    .sort()
    .map((name) => ({ name: name.slice('TF_VAR_'.length), value: env[name] as string, label: name }));
}

function commandLineVariables(options: ScanOptions): TextVariable[] {
  return options.vars.map(({ name, value }) => ({ name, value, label: `--var ${name}=${value}` }));
}

/** Terraform's order: `-workspace`-like flag, then `TF_WORKSPACE`, then `.terraform/environment`, then `default`. */
async function selectWorkspace(rootDirectory: string, options: ScanOptions): Promise<Value> {
  if (options.workspace !== undefined) return known(options.workspace);
  const fromEnvironment = options.env['TF_WORKSPACE'];
  if (fromEnvironment) return known(fromEnvironment);
  try {
    const selected = (await fs.readFile(path.join(rootDirectory, '.terraform', 'environment'), 'utf8')).trim();
    if (selected) return known(selected);
  } catch {
    // No `terraform workspace select` has run here.
  }
  return known('default');
}

/** `terraform init` records where it put each non-local module in `.terraform/modules/modules.json`. */
async function readInstalledModules(rootDirectory: string): Promise<Map<string, string>> {
  const installed = new Map<string, string>();
  try {
    const manifest = JSON.parse(await fs.readFile(path.join(rootDirectory, '.terraform', 'modules', 'modules.json'), 'utf8')) as {
      Modules?: Array<{ Key?: unknown; Dir?: unknown }>;
    };
    for (const entry of manifest.Modules ?? []) {
      if (typeof entry.Key === 'string' && typeof entry.Dir === 'string' && entry.Key !== '') {
        installed.set(entry.Key, path.resolve(rootDirectory, entry.Dir));
      }
    }
  } catch {
    // No `terraform init` has run, or its manifest is unreadable: non-local modules stay unresolved and are reported.
  }
  return installed;
}

const BROKER_HEADER = new RegExp(`^[ \\t]*resource[ \\t]+"${TERRAFORM_BROKER_TYPE}"[ \\t]+"[^"\\n]*"[ \\t]*\\{`, 'gm');

/** Whether the text holds more broker headers than the index found as top-level blocks (HCL only). */
function mayHideBroker(file: TerraformFile): boolean {
  if (file.syntax === 'json' || !file.text.includes(TERRAFORM_BROKER_TYPE)) return false;
  const written = file.text.match(BROKER_HEADER)?.length ?? 0;
  const indexed = file.body.blocks.filter((block) => block.type === 'resource' && block.labels[0] === TERRAFORM_BROKER_TYPE).length;
  return written !== indexed;
}


