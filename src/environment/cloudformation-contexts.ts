import path from 'node:path';
import { comparePaths } from '../discover/file-kind.js';
import { describeReadError, type TextReader } from '../discover/text-cache.js';
import { NO_VALUE, TemplateEvaluator, type SuppliedParameter } from '../evaluate/cloudformation/intrinsics.js';
import type { FileError } from '../model/finding.js';
import { OncePerKey } from '../model/once-per-key.js';
import type { SourceLocation } from '../model/source.js';
import { known, unknown, type Origin, type Value } from '../model/value.js';
import { ParameterFileError, readParameterFile, type ParameterFile, type ParameterValue } from '../parsers/cloudformation/parameter-file.js';
import { readSamConfig, SamConfigError, type SamConfigEnvironment, type SamConfigFile } from '../parsers/cloudformation/samconfig.js';
import { looksLikeCloudFormation } from '../parsers/cloudformation/template-file.js';
import { entryValue, type CfnTemplateFile } from '../parsers/cloudformation/template-node.js';
import type { DeploymentContext, Evidence } from './context.js';
import { isEnvironmentSelector, isEnvironmentTag } from './names.js';

/** A stack tag of a context: CloudFormation copies stack tags onto the resources of the stack. */
export interface StackTag {
  value: string;
  location: SourceLocation;
}

/** A deployment context of a CloudFormation template, with the inputs its evaluation takes. */
export interface CloudFormationContext extends DeploymentContext {
  /** Parameter values by name: from parameter files, samconfig overrides or the allowed value the context picks. */
  parameters: Map<string, SuppliedParameter>;
  /** Pseudo parameters known in this context: `AWS::StackName` from samconfig or a CDK manifest. */
  pseudoParameters: Map<string, Value>;
  stackTags: Map<string, StackTag>;
}

/** What context discovery needs from the scan. */
export interface CloudFormationContextOptions {
  /** The directory explicit parameter files are shown relative to. */
  cwd: string;
  /** The JSON and YAML files the scan discovered (absolute): parameter files are looked for among them. */
  structuredFiles: string[];
  /** `--parameters` files (absolute), in order: when given, they make the only context of every template. */
  parameterFiles: string[];
  readText: TextReader;
  /** Where unreadable or malformed parameter files and samconfig files are reported. */
  errors: FileError[];
  /** Contexts `.iac-mq-lint.yml` declares (`cloudformation.parameterFiles`): they replace discovery for their template. */
  configured?: ConfiguredCloudFormationContext[];
}

/** A context the project configuration declares for one template. */
export interface ConfiguredCloudFormationContext {
  template: string;
  name?: string;
  parameterFiles: string[];
  environment?: 'production' | 'non-production';
}

/** Directories teams keep per-environment parameter files in, beside or below the template's directory. */
const PARAMETER_DIRECTORIES = new Set(['params', 'parameters', 'config', 'env', 'envs', 'environments', 'stacks', 'deploy']);
const PARAMETER_FILE_NAME = /\.(?:json|ya?ml)$/i;
/** A top-level `Parameters` key, JSON or YAML: the mark of a CodePipeline template configuration. */
const PARAMETERS_KEY = /"Parameters"\s*:|^Parameters\s*:/m;
/** The messages of readParameterFile for text that is not JSON or YAML at all (other shapes are other files). */
const SYNTAX_ERROR = /^invalid (?:JSON|YAML):/;
const SAM_CONFIG_FILE = 'samconfig.toml';
/** The template `sam deploy` reads when nothing names one (_TEMPLATE_OPTION_DEFAULT_VALUE in samcli/commands/_utils/options.py). */
const SAM_DEFAULT_TEMPLATE = /^template\.(?:ya?ml|json)$/;
const CDK_MANIFEST_FILE = 'manifest.json';
const FILE_START = { line: 1, column: 1, offset: 0 };

/** What a discovered file is to context discovery. */
type CandidateFile = { kind: 'parameters'; file: ParameterFile } | { kind: 'malformed'; error: FileError } | { kind: 'other' };

const OTHER_FILE: CandidateFile = { kind: 'other' };

interface CdkStack {
  name: string;
  location: SourceLocation;
}

/**
 * Context discovery for the templates of one scan. It reads and parses each file at most once, however many
 * templates look at it, and reports each unreadable or malformed input once.
 */
export class CloudFormationContextScan {
  private readonly candidates = new OncePerKey((file: string) => this.readCandidate(file));
  private readonly samConfigs = new OncePerKey((directory: string) => this.readSamConfigIn(directory));
  private readonly cdkStacks = new OncePerKey((directory: string) => this.readCdkStacksIn(directory));
  private readonly reportedFiles = new Set<string>();
  private explicit: Promise<CloudFormationContext> | undefined;

  constructor(readonly options: CloudFormationContextOptions) {}

  /** The one context the `--parameters` files make, shared by every template. */
  explicitContext(): Promise<CloudFormationContext> {
    this.explicit ??= this.contextFromParameterFiles(this.options.parameterFiles);
    return this.explicit;
  }

  /** The contexts the project configuration declares for a template, if any. */
  async configuredContexts(templatePath: string): Promise<CloudFormationContext[]> {
    const contexts: CloudFormationContext[] = [];
    for (const declared of (this.options.configured ?? []).filter((candidate) => candidate.template === templatePath)) {
      const context = await this.contextFromParameterFiles(declared.parameterFiles);
      if (declared.name !== undefined) context.name = declared.name;
      if (declared.environment !== undefined) {
        context.evidence.unshift({
          kind: 'config',
          description: `configured context ${context.name}: ${declared.environment}`,
          production: declared.environment === 'production',
        });
      }
      contexts.push(context);
    }
    return contexts;
  }

  /** A discovered file read as a parameter file, if it is one. */
  candidate(file: string): Promise<CandidateFile> {
    return this.candidates.get(file);
  }

  /** Reports a file that cannot be read as what it is taken for, once however many templates take it so. */
  reportOnce(error: FileError): void {
    if (this.reportedFiles.has(error.file)) return;
    this.reportedFiles.add(error.file);
    this.options.errors.push(error);
  }

  /** The `samconfig.toml` of a directory, if it has a readable one. */
  samConfigIn(directory: string): Promise<SamConfigFile | undefined> {
    return this.samConfigs.get(directory);
  }

  /** The stack a CDK cloud assembly deploys a template as, when the template's directory is one. */
  async cdkStackOf(templatePath: string): Promise<CdkStack | undefined> {
    return (await this.cdkStacks.get(path.dirname(templatePath))).get(path.basename(templatePath));
  }

  private async contextFromParameterFiles(files: string[]): Promise<CloudFormationContext> {
    const context = emptyContext(files.map((file) => path.basename(file)).join(' + '), files);
    context.parameterFiles = files;
    for (const file of files) {
      const shownAs = relativePath(this.options.cwd, file);
      const evidence: Evidence = { kind: 'context-name', description: `parameter file ${shownAs}`, name: shownAs };
      context.evidence.push(evidence);
      try {
        const parsed = readParameterFile(file, await this.options.readText(file));
        evidence.location = startOf(parsed);
        applyParameterFile(context, parsed);
      } catch (error) {
        if (error instanceof ParameterFileError) this.options.errors.push(error.toFileError());
        else this.options.errors.push({ file, message: `cannot read the parameter file: ${describeReadError(error)}` });
      }
    }
    return context;
  }

  private async readCandidate(file: string): Promise<CandidateFile> {
    let text: string;
    try {
      text = await this.options.readText(file);
    } catch {
      // Every discovered JSON and YAML file is read as a possible template too, which reports the failure.
      return OTHER_FILE;
    }
    // Cheap checks first: most JSON and YAML files of a repository are neither parameter files nor templates.
    if (!(text.includes('ParameterKey') || PARAMETERS_KEY.test(text)) || looksLikeCloudFormation(text)) return OTHER_FILE;
    try {
      const parsed = readParameterFile(file, text);
      return parsed.format === 'key-value' ? OTHER_FILE : { kind: 'parameters', file: parsed };
    } catch (error) {
      if (!(error instanceof ParameterFileError)) throw error;
      // Valid JSON or YAML of another shape (a state machine's "Parameters") is another kind of file, not a broken one.
      return SYNTAX_ERROR.test(error.message) ? { kind: 'malformed', error: error.toFileError() } : OTHER_FILE;
    }
  }

  private async readSamConfigIn(directory: string): Promise<SamConfigFile | undefined> {
    const file = path.join(directory, SAM_CONFIG_FILE);
    let text: string;
    try {
      text = await this.options.readText(file);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') this.options.errors.push({ file, message: `cannot read the file: ${describeReadError(error)}` });
      return undefined;
    }
    try {
      return readSamConfig(file, text);
    } catch (error) {
      if (!(error instanceof SamConfigError)) throw error;
      this.options.errors.push(error.toFileError());
      return undefined;
    }
  }

  /** Stacks by template file name from a CDK cloud assembly's `manifest.json`, if the directory holds one. */
  private async readCdkStacksIn(directory: string): Promise<Map<string, CdkStack>> {
    const stacks = new Map<string, CdkStack>();
    const file = path.join(directory, CDK_MANIFEST_FILE);
    let manifest: { artifacts?: Record<string, { type?: unknown; properties?: { templateFile?: unknown; stackName?: unknown } }> };
    try {
      manifest = JSON.parse(await this.options.readText(file)) as typeof manifest;
    } catch {
      // Not a CDK cloud assembly (or an unreadable manifest): stack names stay unknown.
      return stacks;
    }
    const location = { file, range: { start: FILE_START, end: FILE_START } };
    for (const [artifactId, artifact] of Object.entries(manifest.artifacts ?? {})) {
      const templateFile = artifact.properties?.templateFile;
      if (artifact.type !== 'aws:cloudformation:stack' || typeof templateFile !== 'string') continue;
      const stackName = artifact.properties?.stackName;
      stacks.set(templateFile, { name: typeof stackName === 'string' ? stackName : artifactId, location });
    }
    return stacks;
  }
}

/**
 * The deployment contexts of one top-level template, sorted by name: the `--parameters` files when given; else
 * those the project configuration declares; else each matching parameter file and each samconfig environment; else one context per allowed value of an
 * environment parameter; else one `default` context. A CDK stack name applies to each.
 */
export async function discoverCloudFormationContexts(template: CfnTemplateFile, scan: CloudFormationContextScan): Promise<CloudFormationContext[]> {
  const configured = await scan.configuredContexts(template.path);
  const contexts =
    scan.options.parameterFiles.length > 0
      ? [await scan.explicitContext()]
      : configured.length > 0
        ? configured
        : [...(await parameterFileContexts(template, scan)), ...(await samConfigContexts(template, scan))];
  if (contexts.length === 0) contexts.push(...allowedValueContexts(template));
  if (contexts.length === 0) contexts.push(emptyContext('default', []));
  const cdkStack = await scan.cdkStackOf(template.path);
  return contexts.map((context) => (cdkStack ? withCdkStack(context, cdkStack) : context)).sort((left, right) => comparePaths(left.name, right.name));
}

function emptyContext(name: string, files: string[]): CloudFormationContext {
  return { name, evidence: [], files, parameters: new Map(), pseudoParameters: new Map(), stackTags: new Map() };
}

/** The discovered parameter files that fit the template: where they live, and every key a parameter it declares. */
async function parameterFileContexts(template: CfnTemplateFile, scan: CloudFormationContextScan): Promise<CloudFormationContext[]> {
  const declared = declaredParameters(template);
  if (declared.size === 0) return [];
  const contexts: CloudFormationContext[] = [];
  for (const file of scan.options.structuredFiles) {
    if (!mayHoldParametersOf(template.path, file)) continue;
    const candidate = await scan.candidate(file);
    if (candidate.kind === 'malformed') scan.reportOnce(candidate.error);
    if (candidate.kind !== 'parameters' || !setsOnlyDeclaredParameters(candidate.file, declared)) continue;
    const shownAs = relativePath(path.dirname(template.path), file);
    const context = emptyContext(shownAs, [file]);
    context.parameterFiles = [file];
    context.evidence.push({ kind: 'context-name', description: `parameter file ${shownAs}`, name: shownAs, location: startOf(candidate.file) });
    applyParameterFile(context, candidate.file);
    contexts.push(context);
  }
  return contexts;
}

function declaredParameters(template: CfnTemplateFile): Set<string> {
  const parameters = entryValue(template.root, 'Parameters');
  return new Set(parameters?.kind === 'mapping' ? parameters.entries.map((entry) => entry.key) : []);
}

/**
 * Whether a file lies where a template's parameter files live: in or below the template's directory; in a
 * `params/`, `config/`, `envs/` … directory below the template directory's parent; or anywhere below that parent
 * when it is named after the template (`mq.prod.json`, `mq-prod.json` for `mq.yaml`).
 */
function mayHoldParametersOf(templatePath: string, file: string): boolean {
  if (file === templatePath || !PARAMETER_FILE_NAME.test(file)) return false;
  const templateDirectory = path.dirname(templatePath);
  if (isInside(templateDirectory, file)) return true;
  const parent = path.dirname(templateDirectory);
  if (!isInside(parent, file)) return false;
  const directories = path.relative(parent, path.dirname(file)).split(path.sep);
  if (directories.some((directory) => PARAMETER_DIRECTORIES.has(directory.toLowerCase()))) return true;
  const stem = path.basename(templatePath).replace(/\.[^.]*$/, '');
  const name = path.basename(file);
  return name.startsWith(`${stem}.`) || name.startsWith(`${stem}-`);
}

/** Whether an absolute, normalized path lies below a directory: a prefix test, as it runs for every template and file. */
function isInside(directory: string, file: string): boolean {
  const prefix = directory.endsWith(path.sep) ? directory : `${directory}${path.sep}`;
  return file.startsWith(prefix);
}

/** A parameter file is for a template when it sets something and only parameters the template declares. */
function setsOnlyDeclaredParameters(file: ParameterFile, declared: Set<string>): boolean {
  const names = [...file.parameters, ...file.unknownParameters].map((parameter) => parameter.name);
  return names.length > 0 && names.every((name) => declared.has(name));
}

/** Applies a parameter file's values (a later file wins) and stack tags to a context. */
function applyParameterFile(context: CloudFormationContext, file: ParameterFile): void {
  for (const parameter of file.parameters) context.parameters.set(parameter.name, suppliedParameter(file.path, parameter));
  for (const parameter of file.unknownParameters) {
    const origin: Origin = { file: file.path, range: parameter.nameRange, role: 'parameter-file', label: parameter.name };
    context.parameters.set(parameter.name, { value: unknown(`parameter ${parameter.name} ${parameter.reason}`, undefined, [origin]) });
  }
  applyStackTags(context, file.path, file.tags);
}

function suppliedParameter(file: string, parameter: ParameterValue): SuppliedParameter {
  const origin: Origin = { file, range: parameter.range, role: 'parameter-file', label: `${parameter.name} in ${path.basename(file)}` };
  return { value: known(parameter.value, origin) };
}

function applyStackTags(context: CloudFormationContext, file: string, tags: ParameterValue[]): void {
  for (const tag of tags) {
    const location = { file, range: tag.range };
    context.stackTags.set(tag.name, { value: tag.value, location });
    if (isEnvironmentTag(tag.name)) context.evidence.push({ kind: 'tag', description: `stack tag ${tag.name}=${tag.value}`, name: tag.value, location });
  }
}

/**
 * The environments of the template directory's `samconfig.toml` that deploy this template: those whose
 * `template_file` names it, and those without one when it is SAM's default template (or the directory has none,
 * so the template is passed with `--template-file`).
 */
async function samConfigContexts(template: CfnTemplateFile, scan: CloudFormationContextScan): Promise<CloudFormationContext[]> {
  const directory = path.dirname(template.path);
  const config = await scan.samConfigIn(directory);
  if (!config) return [];
  const defaultTemplates = scan.options.structuredFiles.filter((file) => path.dirname(file) === directory && SAM_DEFAULT_TEMPLATE.test(path.basename(file)));
  const deploysTemplate = (environment: SamConfigEnvironment): boolean =>
    environment.templateFile
      ? path.resolve(directory, environment.templateFile.value) === template.path
      : defaultTemplates.length === 0 || defaultTemplates.includes(template.path);
  return config.environments.filter(deploysTemplate).map((environment) => samConfigContext(config.path, environment));
}

function samConfigContext(file: string, environment: SamConfigEnvironment): CloudFormationContext {
  const context = emptyContext(`samconfig ${environment.name}`, [file]);
  context.evidence.push({
    kind: 'context-name',
    description: `samconfig environment ${environment.name}`,
    name: environment.name,
    location: { file, range: environment.range },
  });
  if (environment.stackName) {
    const { value, range } = environment.stackName;
    context.evidence.push({ kind: 'context-name', description: `stack name ${value}`, name: value, location: { file, range } });
    context.pseudoParameters.set('AWS::StackName', known(value, { file, range, role: 'parameter-file', label: `stack_name in ${path.basename(file)}` }));
  }
  for (const parameter of environment.parameters) context.parameters.set(parameter.name, suppliedParameter(file, parameter));
  applyStackTags(context, file, environment.tags);
  return context;
}

/**
 * One context per allowed value of the first environment-selecting parameter that lists them
 * (`Environment: {AllowedValues: [dev, prod]}`): the template is meant to be deployed once per value.
 */
function allowedValueContexts(template: CfnTemplateFile): CloudFormationContext[] {
  const parameters = entryValue(template.root, 'Parameters');
  // The evaluator gives each allowed value the origin a literal has (the content of a quoted string).
  const evaluator = new TemplateEvaluator(template, { parameters: new Map(), pseudoParameters: new Map() });
  for (const entry of parameters?.kind === 'mapping' ? parameters.entries : []) {
    const allowed = entry.value.kind === 'mapping' && isEnvironmentSelector(entry.key) ? entryValue(entry.value, 'AllowedValues') : undefined;
    const contexts = (allowed?.kind === 'sequence' ? allowed.items : []).flatMap((item) => {
      const value = item.kind === 'scalar' && typeof item.value === 'string' ? evaluator.evaluate(item) : NO_VALUE;
      if (value === NO_VALUE || !value.known || typeof value.data !== 'string') return [];
      const context = emptyContext(`${entry.key}=${value.data}`, []);
      context.parameters.set(entry.key, { value });
      const evidence: Evidence = { kind: 'value', description: `parameter ${entry.key} = ${value.data} (AllowedValues)`, name: value.data };
      if (value.source) evidence.location = { file: value.source.file, range: value.source.range };
      context.evidence.push(evidence);
      return [context];
    });
    if (contexts.length > 0) return contexts;
  }
  return [];
}

/** A context deployed as a CDK stack: its name is evidence and `AWS::StackName`, unless the context names its own. */
function withCdkStack(context: CloudFormationContext, stack: CdkStack): CloudFormationContext {
  if (context.pseudoParameters.has('AWS::StackName')) return context;
  return {
    ...context,
    evidence: [...context.evidence, { kind: 'context-name', description: `stack name ${stack.name}`, name: stack.name, location: stack.location }],
    pseudoParameters: new Map([...context.pseudoParameters, ['AWS::StackName', known(stack.name)]]),
  };
}

function startOf(file: ParameterFile): SourceLocation {
  return { file: file.path, range: file.lines.rangeAt(0, 0) };
}

/** A path relative to a directory, with `/` separators, for names and messages. */
function relativePath(directory: string, file: string): string {
  return path.relative(directory, file).split(path.sep).join('/');
}
