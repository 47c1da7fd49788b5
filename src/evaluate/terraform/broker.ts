import {
  BROKER_KIND,
  type BrokerArgumentName,
  type NormalizedAttribute,
  type Resource,
} from '../../model/resource.js';
import { normalizeBrokerAttributeValue } from '../../model/broker.js';
import { isMultiAzMode } from '../subnet-zones.js';
import { known } from '../../model/value.js';
import { validateTerraformSource } from '../../parsers/terraform/terraform-file.js';
import type { PlacedBlock } from './loaded-module.js';
import { findAttribute } from './loaded-module.js';
import { blockOrigin, type InstanceKeys, type ModuleInstance } from './module-instance.js';
import { terraformSubnetZones } from './subnet-zones.js';

/** The Terraform resource type of an Amazon MQ broker. */
export const TERRAFORM_BROKER_TYPE = 'aws_mq_broker';

/** Normalized attribute → `aws_mq_broker` argument. */
export const TERRAFORM_BROKER_ARGUMENTS: Record<BrokerArgumentName, string> = {
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
  tags: 'tags',
};

/** Provider schema defaults that apply when an argument is omitted or null (terraform-provider-aws `broker.go`). */
const TERRAFORM_BROKER_DEFAULTS: Partial<Record<BrokerArgumentName, string | boolean>> = {
  deployment_mode: 'SINGLE_INSTANCE',
  publicly_accessible: false,
  auto_minor_version_upgrade: false,
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
    for (const [normalizedName, argument] of Object.entries(TERRAFORM_BROKER_ARGUMENTS) as Array<[BrokerArgumentName, string]>) {
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
  normalizedName: BrokerArgumentName,
  argument: string,
  keys: InstanceKeys,
  referencedAddresses: Set<string>,
): Promise<NormalizedAttribute | undefined> {
  const written = findAttribute(placed.block, argument);
  const providerDefault = TERRAFORM_BROKER_DEFAULTS[normalizedName];
  if (!written) {
    return providerDefault === undefined ? undefined : { path: argument, value: known(providerDefault), defaulted: true };
  }
  const value = await instance.evaluateAttribute(placed.file, written, keys, referencedAddresses);
  if (value.known && value.data === null) {
    if (providerDefault === undefined) return { path: argument, value, defaulted: false };
    // A null argument is the same as an omitted one: the provider default applies.
    return { path: argument, value: { ...value, data: providerDefault }, defaulted: true };
  }
  return { path: argument, value: normalizeBrokerAttributeValue(normalizedName, value), defaulted: false };
}
