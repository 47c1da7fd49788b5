import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Finding } from '../model/finding.js';
import type { NormalizedAttribute, Resource } from '../model/resource.js';
import type { MessageParams, RuleFinding, RuleMetadata, RuleSettings, TypeScriptRule } from '../model/rule.js';
import { firstUnknown, knownLength, toPlain } from '../model/value.js';
import { locateFinding, type EditablePredicate } from '../locate/locate-finding.js';
import { evaluateRegoRules, type RegoInput } from './rego-runner.js';
import type { Classification, Environment } from '../environment/context.js';
import { applyEnvironments, DEFAULT_ENVIRONMENT_POLICY, type ContextFinding, type EnvironmentPolicy } from './environment-levels.js';
import type { Level } from '../model/rule.js';
import { brokerDeploymentCost, costParams, costSentence } from '../pricing/deployment-cost.js';

/** The rules a scan runs: metadata of all, TypeScript implementations of some. */
export interface RuleSet {
  metadata: readonly RuleMetadata[];
  typescriptRules: readonly TypeScriptRule[];
}

/** How a scan runs its rules. */
export interface RunRulesOptions {
  onlyRules?: string[];
  isEditable: EditablePredicate;
  cwd: string;
  /** The environment of a resource's deployment context; without it every resource is in an unknown one. */
  classify?: (resource: Resource) => Classification;
  policy?: EnvironmentPolicy;
  /** Production levels that differ from the rules' own (the project configuration's `rules`). */
  levels?: Record<string, Level>;
  /** What the project configuration tells rules (`rules.MQ008.requiredTags`). */
  settings?: RuleSettings;
}

const UNCLASSIFIED: Classification = { environment: 'unknown', decisive: [], conflicts: [], reason: 'no environment evidence' };

/** Runs every enabled rule over the resources and turns what they report into located, worded findings. */
export async function runRules(resources: Resource[], rules: RuleSet, options: RunRulesOptions): Promise<Finding[]> {
  const metadataById = new Map(rules.metadata.map((rule) => [rule.id, rule]));
  const contextFindings: ContextFinding[] = [];
  // Addresses are unique only within one deployment of one root module or template, so each is evaluated on its own.
  for (const [, group] of groupByDeployment(resources)) {
    const byAddress = new Map(group.map((resource) => [resource.address, resource]));
    for (const ruleFinding of await collectRuleFindings(group, rules, options)) {
      const metadata = metadataById.get(ruleFinding.ruleId);
      const resource = byAddress.get(ruleFinding.resource);
      if (!metadata || !resource) {
        throw new Error(`rule ${ruleFinding.ruleId} reported ${ruleFinding.resource}, which it was not given or has no metadata`);
      }
      const root = path.relative(options.cwd, resource.root).split(path.sep).join('/');
      contextFindings.push({
        finding: buildFinding(ruleFinding, metadata, resource, options),
        metadata,
        productionLevel: options.levels?.[metadata.id] ?? metadata.level,
        contextName: resource.context?.name ?? 'default',
        classification: options.classify?.(resource) ?? UNCLASSIFIED,
        key: [metadata.id, root, resource.address, ruleFinding.attribute ?? ''].join('\u0000'),
      });
    }
  }
  return applyEnvironments(contextFindings, options.policy ?? DEFAULT_ENVIRONMENT_POLICY, fingerprint);
}

function groupByDeployment(resources: Resource[]): Map<string, Resource[]> {
  const groups = new Map<string, Resource[]>();
  for (const resource of resources) {
    const key = `${resource.root}\u0000${resource.context?.name ?? ''}`;
    const group = groups.get(key);
    if (group) group.push(resource);
    else groups.set(key, [resource]);
  }
  return new Map([...groups].sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0)));
}

async function collectRuleFindings(resources: Resource[], rules: RuleSet, options: Pick<RunRulesOptions, 'onlyRules' | 'settings'>): Promise<RuleFinding[]> {
  const { onlyRules, settings } = options;
  const enabled = (id: string) => !onlyRules || onlyRules.includes(id);
  const regoInput: RegoInput = { resources: resources.map(toRegoResource) };
  if (onlyRules) regoInput.only_rules = onlyRules;
  if (settings?.requiredTags) regoInput.settings = { required_tags: settings.requiredTags };
  const fromRego: RuleFinding[] = (await evaluateRegoRules(regoInput)).map((finding) => {
    const converted: RuleFinding = { ruleId: finding.rule_id, resource: finding.resource, messageId: finding.message_id, params: finding.params };
    if (finding.attribute !== undefined) converted.attribute = finding.attribute;
    return converted;
  });
  const fromTypeScript = rules.typescriptRules.filter((rule) => enabled(rule.meta.id)).flatMap((rule) => rule.check({ resources }));
  return [...fromRego, ...fromTypeScript];
}

/**
 * The JSON a Rego rule sees for a resource: plain values, with unknowns flagged and explained. A map whose keys are
 * known but some of whose values are not is unknown too, with its `keys`; every list whose length is known has its
 * `length`, also when some elements are not (a subnet count rule needs only the count).
 */
function toRegoResource(resource: Resource): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  for (const [name, attribute] of Object.entries(resource.attributes) as Array<[string, NormalizedAttribute]>) {
    const plain = toPlain(attribute.value);
    const length = knownLength(attribute.value);
    if (plain !== undefined) {
      attributes[name] = { known: true, value: plain, defaulted: attribute.defaulted, path: attribute.path, ...(length === undefined ? {} : { length }) };
      continue;
    }
    const unknownAttribute: Record<string, unknown> = { known: false, reason: firstUnknown(attribute.value)?.reason ?? 'unknown', defaulted: attribute.defaulted, path: attribute.path };
    const { value } = attribute;
    if (value.known && value.data !== null && typeof value.data === 'object' && !Array.isArray(value.data)) unknownAttribute['keys'] = Object.keys(value.data).sort();
    if (length !== undefined) unknownAttribute['length'] = length;
    attributes[name] = unknownAttribute;
  }
  const regoResource: Record<string, unknown> = { address: resource.address, kind: resource.kind, format: resource.format, attributes };
  if (resource.change) {
    const { actions, replacePaths, actionReason } = resource.change;
    regoResource['change'] = actionReason === undefined ? { actions, replace_paths: replacePaths } : { actions, replace_paths: replacePaths, action_reason: actionReason };
  }
  return regoResource;
}

function buildFinding(
  ruleFinding: RuleFinding,
  metadata: RuleMetadata,
  resource: Resource,
  options: { isEditable: EditablePredicate },
): ContextFinding['finding'] {
  const template = metadata.messages[ruleFinding.messageId];
  if (template === undefined) throw new Error(`rule ${metadata.id} has no message "${ruleFinding.messageId}"`);
  // The price of the fix is data and arithmetic for people, not policy: it is added here rather than in the rule.
  const engine = metadata.costOfFix?.engine;
  const cost = engine === undefined ? undefined : brokerDeploymentCost(engine, resource);
  const params: MessageParams = { resource: resource.address, ...ruleFinding.params, ...(cost ? costParams(cost) : {}) };
  const message = formatMessage(template, params);
  const placement = locateFinding(resource, ruleFinding.attribute, options.isEditable);
  const finding: ContextFinding['finding'] = {
    ruleId: metadata.id,
    ruleSlug: metadata.slug,
    messageId: ruleFinding.messageId,
    message: engine !== undefined && cost ? `${message} ${costSentence(engine, cost)}` : message,
    params,
    resource,
    location: placement.location,
    related: placement.related,
  };
  if (ruleFinding.attribute !== undefined) finding.attribute = ruleFinding.attribute;
  if (cost) finding.cost = cost;
  return finding;
}

/** Fills `{name}` placeholders; an unknown placeholder stays visible rather than vanishing. */
export function formatMessage(template: string, params: MessageParams): string {
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) => (name in params ? String(params[name]) : placeholder));
}

/** Stable across line moves and unrelated edits: rule, root, resource address, attribute and environment. */
function fingerprint(key: string, environment: Environment): string {
  return createHash('sha256').update(`${key}\u0000${environment}`).digest('hex').slice(0, 32);
}
