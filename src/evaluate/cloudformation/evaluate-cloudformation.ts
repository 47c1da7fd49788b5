import path from 'node:path';
import { readTextOrRecord, type TextReader } from '../../discover/text-cache.js';
import { directoryEvidence } from '../../environment/evidence.js';
import { singleInstanceEndpointSelections } from './endpoint-references.js';
import { isActiveStandbyActiveMq } from '../../model/broker.js';
import { CloudFormationContextScan, discoverCloudFormationContexts, type CloudFormationContext } from '../../environment/cloudformation-contexts.js';
import type { DeploymentContext, Evidence } from '../../environment/context.js';
import { isEnvironmentSelector, isEnvironmentTag, productionFlag } from '../../environment/names.js';
import type { FileError, Notice } from '../../model/finding.js';
import type { ScanOptions } from '../../model/options.js';
import { OncePerKey } from '../../model/once-per-key.js';
import type { Resource } from '../../model/resource.js';
import { effectiveTags } from '../../model/broker.js';
import { known, type Origin, type Value } from '../../model/value.js';
import { expandCfnInclude, usesCfnInclude } from '../../parsers/cloudformation/cfn-include.js';
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

/**
 * Evaluates every CloudFormation template among the candidate files once per deployment context and returns
 * their brokers, each with the context it was evaluated in and the evidence gathered for it.
 */
export async function evaluateCloudFormationTemplates(
  candidates: string[],
  options: ScanOptions,
  readText: TextReader,
  scanRoots: string[] = [],
): Promise<CloudFormationEvaluation> {
  const session = new CloudFormationSession(readText);
  const contextScan = new CloudFormationContextScan({
    cwd: options.cwd,
    structuredFiles: candidates,
    parameterFiles: options.parameterFiles.map((file) => path.resolve(options.cwd, file)),
    readText,
    errors: session.errors,
    configured: options.config?.cloudFormationContexts ?? [],
  });
  const templates: CfnTemplateFile[] = [];
  for (const candidate of candidates) {
    const template = await session.readTemplate(candidate);
    if (template) templates.push(template);
  }
  const nestedTemplates = new Set(templates.flatMap((template) => nestedStacks(template).map((stack) => stack.templatePath)));
  const resources: Resource[] = [];
  for (const template of templates) {
    if (nestedTemplates.has(template.path)) continue;
    const templatePath = directoryEvidence(template.path, scanRoots, options.cwd, 'template');
    for (const context of await discoverCloudFormationContexts(template, contextScan)) {
      const inputs: TemplateInputs = { parameters: context.parameters, pseudoParameters: context.pseudoParameters };
      const placed = deploymentContextOf({ ...context, evidence: [...context.evidence, ...templatePath] });
      const stackTags = stackTagsOf(context);
      await session.collectBrokers(template, inputs, { context: placed, stackTags, addressPrefix: '', root: template.path, depth: 0 }, resources);
    }
  }
  return { resources, errors: session.errors, notices: session.notices, templatesParsed: session.templatesParsed };
}

/** Where in a stack tree a template is evaluated: the context its brokers get, their address prefix, the root template. */
interface StackPlacement {
  /** The context with the evidence of the stacks above (the parameters of a parent stack speak for its children). */
  context: DeploymentContext;
  /** The stack's tags as a map: CloudFormation copies them onto every resource of the stack and its nested stacks. */
  stackTags: Value;
  addressPrefix: string;
  root: string;
  depth: number;
}

/** A context's stack tags (template configuration `Tags`, samconfig `tags`) as a map of located values. */
function stackTagsOf(context: CloudFormationContext): Value {
  const tags: Record<string, Value> = {};
  for (const [key, tag] of context.stackTags) {
    tags[key] = known(tag.value, { ...tag.location, role: 'parameter-file', label: `stack tag ${key} in ${path.basename(tag.location.file)}` });
  }
  return known(tags);
}

/** The context as resources carry it: without the inputs that only evaluation needs. */
function deploymentContextOf(context: CloudFormationContext): DeploymentContext {
  const deploymentContext: DeploymentContext = { name: context.name, evidence: context.evidence, files: context.files };
  if (context.parameterFiles) deploymentContext.parameterFiles = context.parameterFiles;
  return deploymentContext;
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

  async collectBrokers(template: CfnTemplateFile, inputs: TemplateInputs, placement: StackPlacement, resources: Resource[]): Promise<void> {
    const { addressPrefix, root, depth } = placement;
    const evaluator = new TemplateEvaluator(template, inputs);
    const context = { ...placement.context, evidence: withEvidence(placement.context.evidence, parameterEvidence(evaluator)) };
    const resourcesNode = entryValue(template.root, 'Resources');
    const activeStandby = new Set<string>();
    for (const entry of resourcesNode?.kind === 'mapping' ? resourcesNode.entries : []) {
      const type = entry.value.kind === 'mapping' ? entryValue(entry.value, 'Type') : undefined;
      if (type?.kind !== 'scalar' || type.value !== CLOUDFORMATION_BROKER_TYPE) continue;
      const broker = normalizeCloudFormationBroker(evaluator, entry, addressPrefix, root);
      this.errors.push(...broker.errors);
      if (!broker.resource) continue;
      const attributes = { ...broker.resource.attributes, effective_tags: effectiveTags(broker.resource.attributes.tags?.value, placement.stackTags, 'Properties.Tags') };
      resources.push({ ...broker.resource, attributes, context: { ...context, evidence: withEvidence(context.evidence, tagEvidence(broker.resource)) } });
      if (isActiveStandbyActiveMq(broker.resource)) activeStandby.add(entry.key);
    }
    resources.push(...singleInstanceEndpointSelections(template, activeStandby, addressPrefix, root, context));
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
      const childPlacement = { context, stackTags: placement.stackTags, addressPrefix: `${addressPrefix}${stack.entry.key}/`, root, depth: depth + 1 };
      await this.collectBrokers(child, childInputs, childPlacement, resources);
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

/** CloudFormation passes every parameter as a string: a flag is `"true"` or `"false"` in any case. */
const BOOLEAN_TEXT: Partial<Record<string, boolean>> = { true: true, false: false };

/** Evidence from the template's parameters: environment names (`Environment = prod`) and production flags. */
function parameterEvidence(evaluator: TemplateEvaluator): Evidence[] {
  const parameters = entryValue(evaluator.template.root, 'Parameters');
  const evidence: Evidence[] = [];
  for (const { key: name } of parameters?.kind === 'mapping' ? parameters.entries : []) {
    const flag = productionFlag(name);
    if (!flag && !isEnvironmentSelector(name)) continue;
    const value = evaluator.declaredParameterValue(name);
    if (!value?.known) continue;
    const location = locationOf(value.source);
    if (isEnvironmentSelector(name) && typeof value.data === 'string' && value.data !== '') {
      evidence.push({ kind: 'value', description: `parameter ${name} = ${value.data}`, name: value.data, ...location });
    }
    const setting = typeof value.data === 'boolean' ? value.data : typeof value.data === 'string' ? BOOLEAN_TEXT[value.data.toLowerCase()] : undefined;
    if (flag && setting !== undefined) {
      evidence.push({ kind: 'flag', description: `parameter ${name} = ${String(value.data)}`, production: setting === flag.trueMeansProduction, ...location });
    }
  }
  return evidence;
}

/** Evidence from the broker's own tags (`Environment = prod`). */
function tagEvidence(resource: Resource): Evidence[] {
  const tags = resource.attributes.tags?.value;
  if (!tags?.known || tags.data === null || typeof tags.data !== 'object' || Array.isArray(tags.data)) return [];
  return Object.entries(tags.data).flatMap(([key, value]) =>
    isEnvironmentTag(key) && value.known && typeof value.data === 'string'
      ? [{ kind: 'tag' as const, description: `tag ${key}=${value.data}`, name: value.data, ...locationOf(value.source) }]
      : [],
  );
}

function locationOf(origin: Origin | undefined): Pick<Evidence, 'location'> {
  return origin ? { location: { file: origin.file, range: origin.range } } : {};
}

/** Adds evidence that is not already there: an allowed value the context picked is also the parameter's value. */
function withEvidence(evidence: Evidence[], added: Evidence[]): Evidence[] {
  const key = (item: Evidence): string =>
    JSON.stringify([item.kind, item.name, item.production, item.location?.file, item.location?.range.start.offset, item.location?.range.end.offset]);
  const seen = new Set(evidence.map(key));
  const combined = [...evidence];
  for (const item of added) {
    if (seen.has(key(item))) continue;
    seen.add(key(item));
    combined.push(item);
  }
  return combined;
}
