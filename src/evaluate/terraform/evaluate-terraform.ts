import { promises as fs } from 'node:fs';
import path from 'node:path';
import { withoutRepeatedMessages, type FileError, type Notice } from '../../model/finding.js';
import { describeReadError, readTextOrRecord, type TextReader } from '../../discover/text-cache.js';
import type { ScanOptions } from '../../model/options.js';
import type { Resource } from '../../model/resource.js';
import { OncePerKey } from '../../model/once-per-key.js';
import { known, type Value } from '../../model/value.js';
import {
  firstSyntaxError,
  readTerraformFile,
  TerraformSyntaxError,
  validateTerraformFile,
  wasValidated,
  type TerraformFile,
} from '../../parsers/terraform/terraform-file.js';
import { normalizeTerraformBrokers, TERRAFORM_BROKER_TYPE } from './broker.js';
import { findAttribute, indexModule, type LoadedModule } from './loaded-module.js';
import { isLocalSource, ModuleInstance, type ModuleEnvironment } from './module-instance.js';
import { buildRootInputs, type TextVariable } from './root-variables.js';

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


const TERRAFORM_SOURCE_FILE = /\.tf(\.json)?$/;
const BROKER_HINT = /mq|broker|rabbit/i;

/** Evaluates every root among the given module directories and returns their brokers. */
export async function evaluateTerraformModules(
  modules: TerraformModuleInput[],
  options: ScanOptions,
  readText: TextReader,
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
  const resources: Resource[] = [];
  const notices: Notice[] = [];
  for (const module of modules) {
    const loaded = loadedByDirectory.get(module.directory);
    if (!loaded || calledDirectories.has(module.directory)) continue;
    const root = await session.createRootInstance(loaded, module.autoVarFiles, options);
    if (!root) continue;
    await collectBrokers(root, module.directory, resources, notices);
  }
  const syntax = await session.collectSyntaxErrors();
  return {
    resources,
    errors: [...session.errors, ...syntax.errors],
    notices: withoutRepeatedMessages(notices),
    filesIndexed: session.filesIndexed,
    filesParsed: syntax.filesParsed,
  };
}

async function collectBrokers(instance: ModuleInstance, rootDirectory: string, resources: Resource[], notices: Notice[]): Promise<void> {
  for (const [key, placed] of instance.module.resources) {
    if (key.startsWith(`${TERRAFORM_BROKER_TYPE}.`)) {
      resources.push(...(await normalizeTerraformBrokers(instance, placed, rootDirectory)));
    }
  }
  for (const call of instance.module.moduleCalls) {
    const children = await instance.childInstances(call);
    if ('problem' in children) {
      const sourceText = findAttribute(call.block, 'source')?.valueText ?? '';
      // Only calls that may create a broker are worth a notice; the prefilter assumes the same of the others.
      if (BROKER_HINT.test(`${call.block.labels[0] ?? ''} ${sourceText}`)) {
        const start = call.block.headerRange.start;
        notices.push({ file: call.file.path, line: start.line, column: start.column, message: children.problem });
      }
      continue;
    }
    for (const child of children) await collectBrokers(child, rootDirectory, resources, notices);
  }
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

  async createRootInstance(module: LoadedModule, autoVarFiles: string[], options: ScanOptions): Promise<ModuleInstance | undefined> {
    const variableFiles: TerraformFile[] = [];
    for (const file of [...autoVarFiles, ...options.varFiles.map((file) => path.resolve(options.cwd, file))]) {
      const parsed = await this.parseFile(file);
      if (parsed) variableFiles.push(parsed);
    }
    const inputs = await buildRootInputs(module, environmentVariables(options.env), variableFiles, commandLineVariables(options));
    const installedModules = await readInstalledModules(module.directory);
    const environment: ModuleEnvironment = {
      rootDirectory: module.directory,
      workspace: await selectWorkspace(module.directory, options),
      loadModule: (directory) => this.loadModule(directory),
      resolveInstalledModule: (key) => installedModules.get(key),
    };
    return new ModuleInstance(module, environment, '', '', [], inputs, true, 0);
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


