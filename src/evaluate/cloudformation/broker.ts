import { isMultiAzMode, normalizeBrokerAttributeValue } from '../../model/broker.js';
import type { FileError } from '../../model/finding.js';
import { BROKER_KIND, type Resource, type WrittenBrokerAttributeName } from '../../model/resource.js';
import { known, unknown, withTrail, type Value } from '../../model/value.js';
import { entryValue, findEntry, type CfnEntry, type CfnMapping } from '../../parsers/cloudformation/template-node.js';
import { NO_VALUE, type TemplateEvaluator, type TemplateValue } from './intrinsics.js';
import { readMetadataDirectives } from '../../suppress/metadata-directives.js';
import { cloudFormationSubnetZones } from './subnet-zones.js';

/** The CloudFormation resource type of an Amazon MQ broker. */
export const CLOUDFORMATION_BROKER_TYPE = 'AWS::AmazonMQ::Broker';

/** Normalized attribute → `AWS::AmazonMQ::Broker` property; `Property.Member` is a member of an object property. */
const CLOUDFORMATION_BROKER_PROPERTIES: Record<WrittenBrokerAttributeName, string> = {
  broker_name: 'BrokerName',
  engine: 'EngineType',
  engine_version: 'EngineVersion',
  deployment_mode: 'DeploymentMode',
  host_instance_type: 'HostInstanceType',
  storage_type: 'StorageType',
  subnet_ids: 'SubnetIds',
  security_groups: 'SecurityGroups',
  publicly_accessible: 'PubliclyAccessible',
  auto_minor_version_upgrade: 'AutoMinorVersionUpgrade',
  audit_logs: 'Logs.Audit',
  tags: 'Tags',
};

/** What Amazon MQ does when a property is omitted (`Logs.Audit`: audit logging stays off). */
const CLOUDFORMATION_BROKER_DEFAULTS: Partial<Record<WrittenBrokerAttributeName, boolean>> = {
  audit_logs: false,
};

/** What normalizing one broker resource gives: the resource (absent when its condition is false) and template errors. */
export interface NormalizedCloudFormationBroker {
  resource?: Resource;
  errors: FileError[];
}

/**
 * Builds the normalized broker of one `AWS::AmazonMQ::Broker` resource. CloudFormation requires
 * `DeploymentMode` and has no default, so a missing one is a template error, never a single instance.
 */
export function normalizeCloudFormationBroker(
  evaluator: TemplateEvaluator,
  resourceEntry: CfnEntry,
  addressPrefix: string,
  root: string,
): NormalizedCloudFormationBroker {
  const template = evaluator.template;
  const definition = resourceEntry.value.kind === 'mapping' ? resourceEntry.value : undefined;
  const conditionNode = definition ? entryValue(definition, 'Condition') : undefined;
  if (conditionNode?.kind === 'scalar') {
    const condition = evaluator.evaluateCondition(String(conditionNode.value));
    if (condition.known && condition.data === false) return { errors: [] };
  }
  const propertiesNode = definition ? entryValue(definition, 'Properties') : undefined;
  const properties = propertiesNode?.kind === 'mapping' ? propertiesNode : undefined;
  const references = new Set<string>();
  const attributes: Resource['attributes'] = {};
  const errors: FileError[] = [];
  for (const [name, property] of Object.entries(CLOUDFORMATION_BROKER_PROPERTIES) as Array<[WrittenBrokerAttributeName, string]>) {
    const evaluated = evaluateProperty(evaluator, properties, property, references);
    const serviceDefault = CLOUDFORMATION_BROKER_DEFAULTS[name];
    if (serviceDefault !== undefined && (evaluated === NO_VALUE || (evaluated.known && evaluated.data === null))) {
      attributes[name] = { path: `Properties.${property}`, value: known(serviceDefault), defaulted: true };
      continue;
    }
    if (evaluated === NO_VALUE) {
      if (name === 'deployment_mode') {
        // Where the mode went missing: the `AWS::NoValue` that removed it, else the resource's logical id.
        const node = properties ? entryValue(properties, property) : undefined;
        const where = (node?.range ?? resourceEntry.keyRange).start;
        errors.push({
          file: template.path,
          line: where.line,
          column: where.column,
          message: `${CLOUDFORMATION_BROKER_TYPE} ${resourceEntry.key} has no DeploymentMode, which CloudFormation requires (there is no default)`,
        });
      }
      continue;
    }
    const value = writtenAt(properties, property, name === 'tags' ? tagListToMap(evaluated) : evaluated, template.path);
    attributes[name] = { path: `Properties.${property}`, value: normalizeBrokerAttributeValue(name, value), defaulted: false };
  }
  const subnetIds = properties ? findEntry(properties, 'SubnetIds') : undefined;
  if (subnetIds && isMultiAzMode(attributes.deployment_mode)) {
    attributes.subnet_zones = cloudFormationSubnetZones(evaluator, subnetIds, addressPrefix);
  }
  const dependsOn = definition ? entryValue(definition, 'DependsOn') : undefined;
  for (const item of dependsOn?.kind === 'sequence' ? dependsOn.items : dependsOn ? [dependsOn] : []) {
    if (item.kind === 'scalar') references.add(String(item.value));
  }
  return {
    resource: {
      address: `${addressPrefix}${resourceEntry.key}`,
      root,
      kind: BROKER_KIND,
      sourceType: CLOUDFORMATION_BROKER_TYPE,
      format: 'cloudformation',
      location: { file: template.path, range: resourceEntry.keyRange },
      moduleCalls: [],
      attributes,
      references: [...references].sort().map((logicalId) => `${addressPrefix}${logicalId}`),
      ...(definition ? suppressionsOf(definition, template.path) : {}),
    },
    errors,
  };
}

/**
 * A value with no literal of its own (a list or map, such as `Tags`) flows through the property that holds it: its key
 * is recorded as the outermost step, so that a finding about it points at the property rather than the resource.
 */
function writtenAt(properties: CfnMapping | undefined, property: string, value: Value, templatePath: string): Value {
  const [topLevel] = property.split('.') as [string];
  const entry = properties ? findEntry(properties, topLevel) : undefined;
  // An unknown value keeps its own trail (the `!Ref` of a parameter with no value is where to supply it).
  if (value.source || !entry || !value.known) return value;
  return withTrail(value, { file: properties?.file ?? templatePath, range: entry.keyRange, role: 'expression', label: topLevel });
}

/** The value of a property, or of a member of an object property (`Logs.Audit`); NO_VALUE when it is not there. */
function evaluateProperty(evaluator: TemplateEvaluator, properties: CfnMapping | undefined, property: string, references: Set<string>): TemplateValue {
  const [topLevel, member] = property.split('.') as [string, string | undefined];
  const node = properties ? entryValue(properties, topLevel) : undefined;
  const evaluated = node ? evaluator.evaluate(node, references) : NO_VALUE;
  if (member === undefined || evaluated === NO_VALUE || !evaluated.known || evaluated.data === null) return evaluated;
  if (typeof evaluated.data !== 'object' || Array.isArray(evaluated.data)) {
    return unknown(`${topLevel} is not an object`, undefined, evaluated.source ? [evaluated.source, ...evaluated.trail] : evaluated.trail);
  }
  const value = evaluated.data[member];
  return value === undefined ? NO_VALUE : { ...value, trail: [...evaluated.trail, ...value.trail] };
}

/** The `Metadata` suppressions of a resource, when it has any. */
function suppressionsOf(definition: CfnMapping, templatePath: string): Pick<Resource, 'suppressions'> {
  const read = readMetadataDirectives(definition, templatePath);
  return read.directives.length + read.problems.length === 0 ? {} : { suppressions: read };
}

/** CloudFormation writes tags as `[{Key, Value}]`; the model keeps a map, as Terraform does. */
function tagListToMap(value: Value): Value {
  if (!value.known || !Array.isArray(value.data)) return value;
  const tags: Record<string, Value> = {};
  for (const item of value.data) {
    if (!item.known || item.data === null || typeof item.data !== 'object' || Array.isArray(item.data)) return value;
    const key = item.data['Key'];
    const tagValue = item.data['Value'];
    if (!key?.known || typeof key.data !== 'string' || !tagValue) return value;
    tags[key.data] = tagValue;
  }
  // The map is not written anywhere as such: a finding about the tags points at the `Tags` key.
  return known(tags, undefined, value.trail);
}
