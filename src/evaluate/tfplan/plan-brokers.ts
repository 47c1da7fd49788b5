import { effectiveTags, normalizeBrokerAttributeValue } from '../../model/broker.js';
import type { Notice } from '../../model/finding.js';
import { BROKER_KIND, type NormalizedAttribute, type Resource, type ResourceChange, type WrittenBrokerAttributeName } from '../../model/resource.js';
import type { SourceLocation } from '../../model/source.js';
import { known, unknown, type Value } from '../../model/value.js';
import { locateResourceObject, type TerraformJsonFile, type TerraformJsonSection } from '../../parsers/tfplan/plan-file.js';
import { TERRAFORM_BROKER_ARGUMENTS, TERRAFORM_BROKER_TYPE } from '../terraform/broker.js';
import { asArray, asObject, type JsonObject } from './json-values.js';

/** The provider's `tags_all` holds `tags` merged with the provider's `default_tags`: the tags AWS will get. */
const ALL_TAGS_ATTRIBUTE = 'tags_all';
const KNOWN_AFTER_APPLY = 'known only after apply';

/** What a plan or state holds about brokers: the brokers, and what the scan could not check. */
export interface TerraformJsonBrokers {
  resources: Resource[];
  notices: Notice[];
}

/** A broker's attribute values as the file gives them, and which of them Terraform knows only after apply. */
interface BrokerValues {
  address: string;
  values: JsonObject;
  unknownMarks: JsonObject;
}

/**
 * The `aws_mq_broker` resources of a plan (`planned_values`, with what `resource_changes` says about each, and the
 * brokers the plan only deletes) or of a state (`values`). Plan values are final: the provider already applied its
 * defaults, so an attribute the file does not give stays absent.
 */
export function brokersFromTerraformJson(file: TerraformJsonFile, root: string): TerraformJsonBrokers {
  const document = asObject(file.document) ?? {};
  const notices: Notice[] = [];
  const providersRegion = configuredRegion(document['configuration']);
  const build = (broker: BrokerValues, section: TerraformJsonSection): Resource => {
    const located = locateResourceObject(file, broker.address, section);
    if (!located) notices.push({ file: file.path, message: `cannot find where ${broker.address} is in the file; its findings point at line 1` });
    const location: SourceLocation = { file: file.path, range: located?.objectStart ?? file.lines.rangeAt(0, 0) };
    const deploymentModeKey = located?.deploymentModeKey && { file: file.path, range: located.deploymentModeKey };
    const region = arnRegion(broker.values['arn']) ?? providersRegion;
    return {
      address: broker.address,
      root,
      kind: BROKER_KIND,
      sourceType: TERRAFORM_BROKER_TYPE,
      format: 'terraform-plan',
      location,
      moduleCalls: [],
      attributes: normalizeAttributes(broker, deploymentModeKey),
      references: [],
      ...(region === undefined ? {} : { region }),
    };
  };

  if (file.kind === 'state') {
    const resources = moduleBrokers(asObject(document['values'])?.['root_module']).map((broker) => build({ ...broker, unknownMarks: {} }, 'values'));
    return { resources, notices };
  }

  const variables = planVariables(document['variables']);
  const changes = brokerChanges(document['resource_changes']);
  const resources: Resource[] = [];
  const planned = new Set<string>();
  for (const broker of moduleBrokers(asObject(document['planned_values'])?.['root_module'])) {
    planned.add(broker.address);
    const entry = changes.get(broker.address);
    const unknownMarks = asObject(asObject(entry?.['change'])?.['after_unknown']) ?? {};
    const resource = build({ ...broker, unknownMarks }, 'planned_values');
    if (entry) {
      resources.push({ ...resource, change: resourceChange(file, broker.address, entry), variables });
      continue;
    }
    const { line, column } = resource.location.range.start;
    const message = `the plan has no resource_changes entry for ${broker.address}: values known only after apply look absent`;
    notices.push({ file: file.path, line, column, message });
    resources.push({ ...resource, variables });
  }
  // A broker the plan deletes is not in planned_values; its last values are the change's `before`.
  for (const [address, entry] of changes) {
    const change = asObject(entry['change']) ?? {};
    const actions = asArray(change['actions']);
    if (planned.has(address) || actions.length !== 1 || actions[0] !== 'delete') continue;
    const resource = build({ address, values: asObject(change['before']) ?? {}, unknownMarks: {} }, 'resource_changes');
    resources.push({ ...resource, change: resourceChange(file, address, entry), variables });
  }
  if (document['errored'] === true) {
    notices.push({ file: file.path, message: 'the plan errored: brokers Terraform did not reach are not in it' });
  } else if (document['complete'] === false) {
    notices.push({ file: file.path, message: 'the plan is incomplete (deferred changes): brokers Terraform deferred are not in it' });
  }
  return { resources, notices };
}

function normalizeAttributes(broker: BrokerValues, deploymentModeKey: SourceLocation | undefined): Resource['attributes'] {
  const attributes: Resource['attributes'] = {};
  for (const [name, configuredArgument] of Object.entries(TERRAFORM_BROKER_ARGUMENTS) as Array<[WrittenBrokerAttributeName, string]>) {
    const argument = name === 'tags' && isPresent(broker, ALL_TAGS_ATTRIBUTE) ? ALL_TAGS_ATTRIBUTE : configuredArgument;
    const attribute =
      name === 'audit_logs' ? normalizeAuditLogs(broker) : normalizeAttribute(broker, name, argument, name === 'deployment_mode' ? deploymentModeKey : undefined);
    if (attribute) attributes[name] = attribute;
  }
  // Without `tags_all` (providers before v3.38 have no default_tags) a broker's tags are all it gets.
  const tags = isPresent(broker, ALL_TAGS_ATTRIBUTE) ? ALL_TAGS_ATTRIBUTE : 'tags';
  const written = unknownOrValue(broker, tags);
  if (written) attributes.effective_tags = effectiveTags(written, known({}), ALL_TAGS_ATTRIBUTE);
  return attributes;
}

function normalizeAttribute(
  broker: BrokerValues,
  name: WrittenBrokerAttributeName,
  argument: string,
  keyLocation: SourceLocation | undefined,
): NormalizedAttribute | undefined {
  const value = unknownOrValue(broker, argument);
  if (!value) return undefined;
  const located = keyLocation && value.known ? { ...value, source: { ...keyLocation, role: 'literal' as const } } : value;
  return { path: argument, value: normalizeBrokerAttributeValue(name, located), defaulted: false };
}

/** An attribute's value as the file gives it, unknown when Terraform knows it only after apply; undefined when absent. */
function unknownOrValue(broker: BrokerValues, argument: string): Value | undefined {
  // after_unknown marks a whole attribute `true`, or the members of a list or map one by one.
  if (containsUnknownMark(broker.unknownMarks[argument])) return unknown(KNOWN_AFTER_APPLY);
  if (!Object.hasOwn(broker.values, argument)) return undefined;
  return jsonValue(broker.values[argument]);
}

/**
 * `logs[0].audit`: the plan holds the block as a list of at most one object, empty when the configuration has no
 * `logs` block. An unset audit is off: `false`, or in providers where it is nullable `null` or `""`.
 */
function normalizeAuditLogs(broker: BrokerValues): NormalizedAttribute | undefined {
  const path = 'logs.0.audit';
  const logs = unknownOrValue(broker, 'logs');
  if (!logs) return undefined;
  if (!logs.known) return { path, value: logs, defaulted: false };
  const [block] = Array.isArray(logs.data) ? logs.data : [];
  const audit = block?.known && block.data !== null && typeof block.data === 'object' && !Array.isArray(block.data) ? block.data['audit'] : undefined;
  if (audit === undefined || (audit.known && (audit.data === null || audit.data === ''))) return { path, value: known(false), defaulted: true };
  return { path, value: normalizeBrokerAttributeValue('audit_logs', audit), defaulted: false };
}

function isPresent(broker: BrokerValues, argument: string): boolean {
  const value = broker.values[argument];
  return (value !== undefined && value !== null) || containsUnknownMark(broker.unknownMarks[argument]);
}

function containsUnknownMark(mark: unknown): boolean {
  if (mark === true) return true;
  if (Array.isArray(mark)) return mark.some(containsUnknownMark);
  const object = asObject(mark);
  return object !== undefined && Object.values(object).some(containsUnknownMark);
}

/** The `managed` `aws_mq_broker` resources of a module and of its child modules, at any depth, in file order. */
function moduleBrokers(module: unknown): Array<{ address: string; values: JsonObject }> {
  const brokers: Array<{ address: string; values: JsonObject }> = [];
  const visit = (current: unknown): void => {
    const object = asObject(current);
    if (!object) return;
    for (const resource of asArray(object['resources'])) {
      const entry = asObject(resource);
      // A state's deposed objects (`deposed_key`) are leftovers of a failed replacement, not the broker configured.
      if (!entry || entry['mode'] !== 'managed' || entry['type'] !== TERRAFORM_BROKER_TYPE || entry['deposed_key'] !== undefined) continue;
      if (typeof entry['address'] !== 'string') continue;
      brokers.push({ address: entry['address'], values: asObject(entry['values']) ?? {} });
    }
    asArray(object['child_modules']).forEach(visit);
  };
  visit(module);
  return brokers;
}

/** The `resource_changes` entries of managed brokers by address; deposed objects (`deposed`) are left out, as in {@link moduleBrokers}. */
function brokerChanges(resourceChanges: unknown): Map<string, JsonObject> {
  const entries = new Map<string, JsonObject>();
  for (const item of asArray(resourceChanges)) {
    const entry = asObject(item);
    const address = entry?.['address'];
    if (!entry || typeof address !== 'string' || entry['mode'] !== 'managed' || entry['type'] !== TERRAFORM_BROKER_TYPE) continue;
    if (entry['deposed'] === undefined && !entries.has(address)) entries.set(address, entry);
  }
  return entries;
}

function resourceChange(file: TerraformJsonFile, address: string, entry: JsonObject): ResourceChange {
  const change = asObject(entry['change']) ?? {};
  const range = locateResourceObject(file, address, 'resource_changes')?.objectStart ?? file.lines.rangeAt(0, 0);
  const result: ResourceChange = {
    actions: asArray(change['actions']).filter((action): action is string => typeof action === 'string'),
    replacePaths: asArray(change['replace_paths']).map((path) =>
      asArray(path).filter((step): step is string | number => typeof step === 'string' || typeof step === 'number'),
    ),
    location: { file: file.path, range },
  };
  const reason = entry['action_reason'];
  if (typeof reason === 'string') result.actionReason = reason;
  return result;
}

/** The Region in an existing broker's ARN (`arn:aws:mq:eu-west-1:123456789012:broker:…`). */
function arnRegion(arn: unknown): string | undefined {
  const region = typeof arn === 'string' && arn.startsWith('arn:') ? arn.split(':')[3] : undefined;
  return region === '' ? undefined : region;
}

/**
 * The Region of a plan's brokers when every `aws` provider configuration sets it to the same constant; a broker may
 * use any of them, and one whose `region` refers to something or is absent takes it from the environment.
 */
function configuredRegion(configuration: unknown): string | undefined {
  const providers = Object.entries(asObject(asObject(configuration)?.['provider_config']) ?? {}).filter(([, provider]) => asObject(provider)?.['name'] === 'aws');
  // Without a root `aws` entry the root's default provider is an implicit, empty one.
  if (!providers.some(([key]) => key === 'aws')) return undefined;
  const regions = new Set(providers.map(([, provider]) => asObject(asObject(asObject(provider)?.['expressions'])?.['region'])?.['constant_value']));
  const [region] = regions;
  return regions.size === 1 && typeof region === 'string' && region !== '' ? region : undefined;
}

/** The plan's `variables` (`{name: {value}}`) as known values. */
function planVariables(variables: unknown): Record<string, Value> {
  const result: Record<string, Value> = {};
  for (const [name, variable] of Object.entries(asObject(variables) ?? {})) {
    const entry = asObject(variable);
    if (entry && Object.hasOwn(entry, 'value')) result[name] = jsonValue(entry['value']);
  }
  return result;
}

/** A JSON value as a known value, members included. */
function jsonValue(data: unknown): Value {
  if (Array.isArray(data)) return known(data.map(jsonValue));
  const object = asObject(data);
  if (object) return known(Object.fromEntries(Object.entries(object).map(([key, member]) => [key, jsonValue(member)])));
  return known(data as string | number | boolean | null);
}
