import {
  BROKER_KIND,
  type NormalizedAttribute,
  type Resource,
  type WrittenBrokerAttributeName,
} from '../../model/resource.js';
import { isMultiAzMode, normalizeBrokerAttributeValue } from '../../model/broker.js';
import { known, unknown, type Value } from '../../model/value.js';
import type { HclBlockPosition } from '../../parsers/terraform/position-index.js';
import { validateTerraformSource } from '../../parsers/terraform/terraform-file.js';
import type { PlacedBlock } from './loaded-module.js';
import { findAttribute } from './loaded-module.js';
import { blockOrigin, type InstanceKeys, type ModuleInstance } from './module-instance.js';
import { terraformSubnetZones } from './subnet-zones.js';

/** The Terraform resource type of an Amazon MQ broker. */
export const TERRAFORM_BROKER_TYPE = 'aws_mq_broker';

/** Normalized attribute → `aws_mq_broker` argument; `block.argument` is an argument of a nested block (at most one). */
export const TERRAFORM_BROKER_ARGUMENTS: Record<WrittenBrokerAttributeName, string> = {
  broker_name: 'broker_name',
  engine: 'engine_type',
  engine_version: 'engine_version',
  deployment_mode: 'deployment_mode',
  host_instance_type: 'host_instance_type',
  storage_type: 'storage_type',
  subnet_ids: 'subnet_ids',
  security_groups: 'security_groups',
  publicly_accessible: 'publicly_accessible',
  auto_minor_version_upgrade: 'auto_minor_version_upgrade',
  audit_logs: 'logs.audit',
  tags: 'tags',
};

/** Provider schema defaults that apply when an argument is omitted or null (terraform-provider-aws `broker.go`). */
const TERRAFORM_BROKER_DEFAULTS: Partial<Record<WrittenBrokerAttributeName, string | boolean>> = {
  deployment_mode: 'SINGLE_INSTANCE',
  publicly_accessible: false,
  auto_minor_version_upgrade: false,
  // Unset audit logging is off: `logs.audit` is false or null (provider v3+ makes it nullable) when not written.
  audit_logs: false,
};

/** Builds the normalized broker resources of one `aws_mq_broker` block in one module instance. */
export async function normalizeTerraformBrokers(
  instance: ModuleInstance,
  placed: PlacedBlock,
  rootDirectory: string,
): Promise<Resource[]> {
  const name = placed.block.labels[1] ?? '';
  // A broker's own block is always checked, even when no argument of the broker needs evaluating.
  await validateTerraformSource(placed.file, placed.block.headerRange.start.offset);
  const resources: Resource[] = [];
  for (const repetition of await instance.repetitions(placed.file, placed.block)) {
    const referencedAddresses = new Set<string>();
    const attributes: Resource['attributes'] = {};
    for (const [normalizedName, argument] of Object.entries(TERRAFORM_BROKER_ARGUMENTS) as Array<[WrittenBrokerAttributeName, string]>) {
      const attribute = await normalizeArgument(instance, placed, normalizedName, argument, repetition.keys, referencedAddresses);
      if (attribute) attributes[normalizedName] = attribute;
    }
    if (isMultiAzMode(attributes.deployment_mode)) {
      const subnetZones = await terraformSubnetZones(instance, placed, repetition.keys);
      if (subnetZones) attributes.subnet_zones = subnetZones;
    }
    resources.push({
      address: `${instance.addressPrefix}${TERRAFORM_BROKER_TYPE}.${name}${repetition.suffix}`,
      root: rootDirectory,
      kind: BROKER_KIND,
      sourceType: TERRAFORM_BROKER_TYPE,
      format: 'terraform',
      location: blockOrigin(placed.file, placed.block, 'resource'),
      moduleCalls: instance.moduleCalls,
      attributes,
      references: [...referencedAddresses].sort(),
    });
  }
  return resources;
}

async function normalizeArgument(
  instance: ModuleInstance,
  placed: PlacedBlock,
  normalizedName: WrittenBrokerAttributeName,
  argument: string,
  keys: InstanceKeys,
  referencedAddresses: Set<string>,
): Promise<NormalizedAttribute | undefined> {
  const providerDefault = TERRAFORM_BROKER_DEFAULTS[normalizedName];
  const value = await evaluateArgument(instance, placed, argument, keys, referencedAddresses);
  if (!value) {
    return providerDefault === undefined ? undefined : { path: argument, value: known(providerDefault), defaulted: true };
  }
  if (value.known && value.data === null) {
    if (providerDefault === undefined) return { path: argument, value, defaulted: false };
    // A null argument is the same as an omitted one: the provider default applies.
    return { path: argument, value: { ...value, data: providerDefault }, defaulted: true };
  }
  return { path: argument, value: normalizeBrokerAttributeValue(normalizedName, value), defaulted: false };
}

/**
 * The value of an argument of the broker, or of its nested block (`logs.audit`); undefined when it is not written.
 * A nested block is `logs { audit = … }` in HCL and `"logs": {"audit": …}` (or a list of one such object) in
 * `.tf.json`; a `dynamic "logs"` block makes it unknown.
 */
async function evaluateArgument(
  instance: ModuleInstance,
  placed: PlacedBlock,
  argument: string,
  keys: InstanceKeys,
  referencedAddresses: Set<string>,
): Promise<Value | undefined> {
  const [blockType, nestedArgument] = argument.split('.') as [string, string | undefined];
  if (nestedArgument === undefined) {
    const written = findAttribute(placed.block, argument);
    return written && instance.evaluateAttribute(placed.file, written, keys, referencedAddresses);
  }
  const dynamic = dynamicBlock(placed, blockType);
  if (dynamic) return unknown(`${blockType} is a dynamic block, which iac-mq-lint does not expand`, undefined, [blockOrigin(placed.file, dynamic, 'expression')]);
  const nested = placed.block.blocks.find((block) => block.type === blockType);
  if (nested) {
    const written = findAttribute(nested, nestedArgument);
    return written && instance.evaluateAttribute(placed.file, written, keys, referencedAddresses);
  }
  // `.tf.json` writes a nested block as an attribute holding an object, or a list of objects.
  const asAttribute = findAttribute(placed.block, blockType);
  if (!asAttribute) return undefined;
  const container = await instance.evaluateAttribute(placed.file, asAttribute, keys, referencedAddresses);
  if (!container.known) return container;
  const first = Array.isArray(container.data) ? container.data[0] : container;
  if (first === undefined) return undefined;
  if (!first.known) return { ...first, trail: [...container.trail, ...first.trail] };
  if (first.data === null) return undefined;
  if (typeof first.data !== 'object' || Array.isArray(first.data)) return unknown(`${blockType} is not a block`, undefined, container.trail);
  const member = first.data[nestedArgument];
  return member && { ...member, trail: [...container.trail, ...member.trail] };
}

/** A `dynamic "<type>"` block of the broker, in HCL or in `.tf.json` (`"dynamic": {"<type>": …}`). */
function dynamicBlock(placed: PlacedBlock, blockType: string): HclBlockPosition | undefined {
  const inHcl = placed.block.blocks.find((block) => block.type === 'dynamic' && block.labels[0] === blockType);
  if (inHcl) return inHcl;
  const inJson = findAttribute(placed.block, 'dynamic');
  return inJson && new RegExp(`"${blockType}"\\s*:`).test(inJson.valueText) ? placed.block : undefined;
}
