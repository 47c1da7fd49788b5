import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describeReadError, readTextOrRecord, type TextReader } from '../../discover/text-cache.js';
import type { FileError, Notice } from '../../model/finding.js';
import type { ScanOptions } from '../../model/options.js';
import { OncePerKey } from '../../model/once-per-key.js';
import type { Resource } from '../../model/resource.js';
import { known, unknown, type Value } from '../../model/value.js';
import { expandCfnInclude, usesCfnInclude } from '../../parsers/cloudformation/cfn-include.js';
import { ParameterFileError, readParameterFile } from '../../parsers/cloudformation/parameter-file.js';
import { CloudFormationSyntaxError, looksLikeCloudFormation, readCloudFormationTemplate } from '../../parsers/cloudformation/template-file.js';
import { entryValue, type CfnEntry, type CfnTemplateFile } from '../../parsers/cloudformation/template-node.js';
import { CLOUDFORMATION_BROKER_TYPE, normalizeCloudFormationBroker } from './broker.js';
import { NO_VALUE, TemplateEvaluator, type SuppliedParameter, type TemplateInputs } from './intrinsics.js';

/** What evaluating the CloudFormation templates of a scan produced. */
export interface CloudFormationEvaluation {
  resources: Resource[];
  errors: FileError[];
  notices: Notice[];
  templatesParsed: number;
}

const NESTED_STACK_TYPE = 'AWS::CloudFormation::Stack';
const MAXIMUM_STACK_NESTING = 10;

/** Parsing YAML costs time: only templates that hold a broker, or may nest or include one, are parsed. */
function mayHoldBroker(text: string): boolean {
  return text.includes(CLOUDFORMATION_BROKER_TYPE) || NESTED_STACK_MENTION.test(text) || text.includes('Fn::Include');
}

/** `AWS::CloudFormation::Stack`, but not `AWS::CloudFormation::StackSet` (which deploys elsewhere). */
const NESTED_STACK_MENTION = /AWS::CloudFormation::Stack(?![A-Za-z])/;

/** Evaluates every CloudFormation template among the candidate files and returns their brokers. */
export async function evaluateCloudFormationTemplates(
  candidates: string[],
  options: ScanOptions,
  readText: TextReader,
): Promise<CloudFormationEvaluation> {
  const session = new CloudFormationSession(readText);
  const parameters = session.readParameterFiles(options.parameterFiles.map((file) => path.resolve(options.cwd, file)));
  const templates: CfnTemplateFile[] = [];
  for (const candidate of candidates) {
    const template = await session.readTemplate(candidate);
    if (template) templates.push(template);
  }
  const nestedTemplates = new Set(templates.flatMap((template) => nestedStacks(template).map((stack) => stack.templatePath)));
  const resources: Resource[] = [];
  for (const template of templates) {
    if (nestedTemplates.has(template.path)) continue;
    const inputs: TemplateInputs = { parameters: await parameters, pseudoParameters: session.pseudoParametersOf(template.path) };
    await session.collectBrokers(template, inputs, '', template.path, resources, 0);
  }
  return { resources, errors: session.errors, notices: session.notices, templatesParsed: session.templatesParsed };
}

interface NestedStack {
  entry: CfnEntry;
  templatePath: string;
}

/** The nested stacks of a template whose `TemplateURL` is a local file (remote ones are never fetched). */
function nestedStacks(template: CfnTemplateFile): NestedStack[] {
  const resources = entryValue(template.root, 'Resources');
  if (resources?.kind !== 'mapping') return [];
  const stacks: NestedStack[] = [];
  for (const entry of resources.entries) {
    if (entry.value.kind !== 'mapping') continue;
    const type = entryValue(entry.value, 'Type');
    const properties = entryValue(entry.value, 'Properties');
    const url = properties?.kind === 'mapping' ? entryValue(properties, 'TemplateURL') : undefined;
    if (type?.kind !== 'scalar' || type.value !== NESTED_STACK_TYPE || url?.kind !== 'scalar' || typeof url.value !== 'string') continue;
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url.value)) continue;
    stacks.push({ entry, templatePath: path.resolve(path.dirname(template.path), url.value) });
  }
  return stacks;
}

class CloudFormationSession {
  readonly errors: FileError[] = [];
  readonly notices: Notice[] = [];
  templatesParsed = 0;
  private readonly templates = new OncePerKey((file: string) => this.readTemplateOnce(file));
  private readonly cdkStackNames = new OncePerKey(readCdkStackNames);

  constructor(private readonly readText: TextReader) {}

  readTemplate(file: string): Promise<CfnTemplateFile | undefined> {
    return this.templates.get(file);
  }

  private async readTemplateOnce(file: string): Promise<CfnTemplateFile | undefined> {
    const text = await readTextOrRecord(this.readText, file, this.errors);
    if (text === undefined) return undefined;
    if (!looksLikeCloudFormation(text) || !mayHoldBroker(text)) return undefined;
    try {
      this.templatesParsed++;
      const parsed = readCloudFormationTemplate(file, text);
      const template = parsed && usesCfnInclude(parsed.root) ? await expandCfnInclude(parsed, this.readText) : parsed;
      for (const warning of template?.warnings ?? []) this.notices.push({ file, ...warning });
      return template;
    } catch (error) {
      if (!(error instanceof CloudFormationSyntaxError)) throw error;
      this.errors.push(error.toFileError());
      return undefined;
    }
  }

  async readParameterFiles(files: string[]): Promise<Map<string, SuppliedParameter>> {
    const parameters = new Map<string, SuppliedParameter>();
    for (const file of files) {
      try {
        const parsed = readParameterFile(file, await this.readText(file));
        for (const parameter of parsed.parameters) {
          const origin = { file, range: parameter.range, role: 'parameter-file' as const, label: `${parameter.name} in ${path.basename(file)}` };
          parameters.set(parameter.name, { value: known(parameter.value, origin) });
        }
        for (const parameter of parsed.unknownParameters) {
          const origin = { file, range: parameter.nameRange, role: 'parameter-file' as const, label: parameter.name };
          parameters.set(parameter.name, { value: unknown(`parameter ${parameter.name} ${parameter.reason}`, undefined, [origin]) });
        }
      } catch (error) {
        if (error instanceof ParameterFileError) this.errors.push(error.toFileError());
        else this.errors.push({ file, message: `cannot read the parameter file: ${describeReadError(error)}` });
      }
    }
    return parameters;
  }

  /** `AWS::StackName` is known for CDK output: `manifest.json` beside the template names its stack. */
  pseudoParametersOf(templatePath: string): Map<string, Value> {
    const stackName = this.cdkStackNames.get(path.dirname(templatePath)).get(path.basename(templatePath));
    return new Map(stackName === undefined ? [] : [['AWS::StackName', known(stackName)]]);
  }

  async collectBrokers(template: CfnTemplateFile, inputs: TemplateInputs, addressPrefix: string, root: string, resources: Resource[], depth: number): Promise<void> {
    const evaluator = new TemplateEvaluator(template, inputs);
    const resourcesNode = entryValue(template.root, 'Resources');
    for (const entry of resourcesNode?.kind === 'mapping' ? resourcesNode.entries : []) {
      const type = entry.value.kind === 'mapping' ? entryValue(entry.value, 'Type') : undefined;
      if (type?.kind !== 'scalar' || type.value !== CLOUDFORMATION_BROKER_TYPE) continue;
      const broker = normalizeCloudFormationBroker(evaluator, entry, addressPrefix, root);
      this.errors.push(...broker.errors);
      if (broker.resource) resources.push(broker.resource);
    }
    for (const stack of nestedStacks(template)) {
      const where = stack.entry.keyRange.start;
      // A nested stack whose condition is false is never created, and neither is anything in it.
      const condition = stack.entry.value.kind === 'mapping' ? entryValue(stack.entry.value, 'Condition') : undefined;
      if (condition?.kind === 'scalar') {
        const decided = evaluator.evaluateCondition(String(condition.value));
        if (decided.known && decided.data === false) continue;
      }
      if (depth >= MAXIMUM_STACK_NESTING) {
        this.notices.push({ file: template.path, line: where.line, column: where.column, message: `nested stack ${stack.entry.key} nests stacks more than ${MAXIMUM_STACK_NESTING} deep; not followed` });
        continue;
      }
      // A nested template may lie outside the scanned paths: it is read from disk like a local Terraform module.
      const child = await this.readTemplate(stack.templatePath);
      if (!child) {
        this.notices.push({ file: template.path, line: where.line, column: where.column, message: `nested stack ${stack.entry.key}: ${path.relative(path.dirname(template.path), stack.templatePath)} is not a readable template with a broker; not checked` });
        continue;
      }
      const childInputs: TemplateInputs = { parameters: nestedStackParameters(evaluator, stack.entry), pseudoParameters: new Map() };
      await this.collectBrokers(child, childInputs, `${addressPrefix}${stack.entry.key}/`, root, resources, depth + 1);
    }
  }
}

/** The `Parameters` a parent stack passes to a nested stack, evaluated in the parent. */
function nestedStackParameters(evaluator: TemplateEvaluator, stack: CfnEntry): Map<string, SuppliedParameter> {
  const parameters = new Map<string, SuppliedParameter>();
  const properties = stack.value.kind === 'mapping' ? entryValue(stack.value, 'Properties') : undefined;
  const passed = properties?.kind === 'mapping' ? entryValue(properties, 'Parameters') : undefined;
  for (const entry of passed?.kind === 'mapping' ? passed.entries : []) {
    const value = evaluator.evaluate(entry.value);
    if (value !== NO_VALUE) parameters.set(entry.key, { value });
  }
  return parameters;
}

/** Stack names by template file from a CDK cloud assembly's `manifest.json`, if the directory holds one. */
function readCdkStackNames(directory: string): Map<string, string> {
  const names = new Map<string, string>();
  let manifest: { artifacts?: Record<string, { type?: unknown; properties?: { templateFile?: unknown; stackName?: unknown } }> };
  try {
    manifest = JSON.parse(readFileSync(path.join(directory, 'manifest.json'), 'utf8')) as typeof manifest;
  } catch {
    // Not a CDK cloud assembly (or an unreadable manifest): stack names stay unknown.
    return names;
  }
  for (const [artifactId, artifact] of Object.entries(manifest.artifacts ?? {})) {
    const templateFile = artifact.properties?.templateFile;
    if (artifact.type !== 'aws:cloudformation:stack' || typeof templateFile !== 'string') continue;
    const stackName = artifact.properties?.stackName;
    names.set(templateFile, typeof stackName === 'string' ? stackName : artifactId);
  }
  return names;
}

