import type { NormalizedAttribute, Resource } from '../../model/resource.js';
import type { Origin } from '../../model/value.js';
import { locateResourceObject, type TerraformJsonFile, type TerraformJsonSection } from '../../parsers/tfplan/plan-file.js';
import { isMultiAzMode } from '../../model/broker.js';
import { subnetZonesAttribute, type SubnetZone, type SubnetZonesResolution } from '../subnet-zones.js';
import { asArray, asObject, type JsonObject } from './json-values.js';

const SUBNET_TYPE = 'aws_subnet';

/** A subnet as a plan or state gives it. */
interface PlannedSubnet {
  address: string;
  values: JsonObject;
  /** Where the subnet's object is, to locate its zone (the prior state is not located). */
  section?: TerraformJsonSection;
}

/**
 * Gives the multi-AZ brokers of a plan or state their `subnet_zones`, with the zones the file holds for their
 * subnets. When the broker's `subnet_ids` are known (existing subnets), each ID is matched to a subnet of the file.
 * When they are known only after apply (subnets created in the same plan), the configuration beside the plan
 * (`configured`) says which subnets the broker names, provided the plan's own configuration shows that this cannot
 * differ from the plan: `subnet_ids` refers to nothing but subnets of its module whose `count` and `for_each` are
 * constants.
 */
export function withPlannedSubnetZones(file: TerraformJsonFile, brokers: Resource[], configured: Resource[] | undefined): Resource[] {
  let subnets: ReturnType<typeof readSubnets> | undefined;
  return brokers.map((broker) => {
    const subnetIds = broker.attributes.subnet_ids;
    if (!subnetIds || !isMultiAzMode(broker.attributes.deployment_mode)) return broker;
    if (subnetIds.value.known && subnetIds.value.data === null) return broker;
    subnets ??= readSubnets(file);
    const resolution = subnetIds.value.known
      ? zonesOfSubnetIds(file, subnets, subnetIds)
      : zonesOfConfiguredSubnets(file, subnets, broker.address, configured?.find((resource) => resource.address === broker.address));
    // Without a configuration the finding stays at the broker's object; the subnets' objects are related.
    const brokerObject: Origin = { ...broker.location, role: 'expression', label: subnetIds.path };
    return { ...broker, attributes: { ...broker.attributes, subnet_zones: subnetZonesAttribute(subnetIds.path, resolution, [brokerObject]) } };
  });
}

/** The zones of known subnet IDs: each must be the ID of a subnet in the file. */
function zonesOfSubnetIds(file: TerraformJsonFile, subnets: ReturnType<typeof readSubnets>, subnetIds: NormalizedAttribute): SubnetZonesResolution {
  const ids = subnetIds.value.known && Array.isArray(subnetIds.value.data) ? subnetIds.value.data : [];
  const zones: SubnetZone[] = [];
  for (const item of ids) {
    const subnet = item.known && typeof item.data === 'string' ? subnets.byId.get(item.data) : undefined;
    if (!subnet) return { unknown: 'subnet_ids names a subnet that is not in the plan', readZoneList: false };
    const zone = plannedZone(file, subnet);
    if (!zone) return { unknown: `the plan has no zone for ${subnet.address}`, readZoneList: false };
    zones.push(zone);
  }
  return { zones, readZoneList: false };
}

/** The zones of the subnets the configuration says the broker names, as the plan has them. */
function zonesOfConfiguredSubnets(
  file: TerraformJsonFile,
  subnets: ReturnType<typeof readSubnets>,
  address: string,
  configured: Resource | undefined,
): SubnetZonesResolution {
  const unknownBecause = (reason: string): SubnetZonesResolution => ({ unknown: reason, readZoneList: false });
  const configuredZones = configured?.attributes.subnet_zones?.value;
  if (!configuredZones?.known || !Array.isArray(configuredZones.data)) {
    return unknownBecause(configuredZones && !configuredZones.known ? configuredZones.reason : 'subnet_ids is known only after apply');
  }
  const located = configurationOf(file.document, address);
  const problem = located ? configurationProblem(located) : 'the plan has no configuration for the broker';
  if (problem) return unknownBecause(problem);
  const zones: SubnetZone[] = [];
  for (const entry of configuredZones.data) {
    const members = entry.known && entry.data !== null && typeof entry.data === 'object' && !Array.isArray(entry.data) ? entry.data : {};
    const [subnetAddress, zone, symbolic] = [members['subnet'], members['zone'], members['symbolic']].map((member) => (member?.known ? member.data : undefined));
    const subnet = typeof subnetAddress === 'string' ? subnets.byAddress.get(subnetAddress) : undefined;
    if (!subnet || typeof zone !== 'string') return unknownBecause('a subnet of the configuration is not in the plan');
    // The plan's zone is final; a zone-list entry it cannot know yet stays the configuration's.
    const planned = plannedZone(file, subnet) ?? (symbolic === true ? { subnet: subnet.address, zone, symbolic: true } : undefined);
    if (!planned) return unknownBecause(`the plan has no zone for ${subnet.address}`);
    zones.push(planned);
  }
  return { zones, readZoneList: false };
}

/** A subnet's zone name (else zone ID) as the file gives it, located at the subnet's object. */
function plannedZone(file: TerraformJsonFile, subnet: PlannedSubnet): SubnetZone | undefined {
  for (const argument of ['availability_zone', 'availability_zone_id']) {
    const zone = subnet.values[argument];
    if (typeof zone !== 'string' || zone === '') continue;
    const range = subnet.section && locateResourceObject(file, subnet.address, subnet.section)?.objectStart;
    const origin: Origin | undefined = range && { file: file.path, range, role: 'expression', label: `${subnet.address}.${argument}` };
    return origin ? { subnet: subnet.address, zone, symbolic: false, origin } : { subnet: subnet.address, zone, symbolic: false };
  }
  return undefined;
}

/** The subnets of a plan (planned values, then the prior state) or of a state, by address and by ID. */
function readSubnets(file: TerraformJsonFile): { byAddress: Map<string, PlannedSubnet>; byId: Map<string, PlannedSubnet> } {
  const document = asObject(file.document) ?? {};
  const byAddress = new Map<string, PlannedSubnet>();
  const byId = new Map<string, PlannedSubnet>();
  const sections: Array<[TerraformJsonSection | undefined, unknown]> =
    file.kind === 'state'
      ? [['values', asObject(document['values'])?.['root_module']]]
      : [
          ['planned_values', asObject(document['planned_values'])?.['root_module']],
          [undefined, asObject(asObject(document['prior_state'])?.['values'])?.['root_module']],
        ];
  for (const [section, module] of sections) {
    visitModules(module, (resource) => {
      const address = resource['address'];
      const values = asObject(resource['values']);
      if (resource['type'] !== SUBNET_TYPE || typeof address !== 'string' || !values || resource['deposed_key'] !== undefined) return;
      // A data source `data.aws_subnet.x` names an existing subnet just as well as a managed one.
      const subnet: PlannedSubnet = section ? { address, values, section } : { address, values };
      if (!byAddress.has(address)) byAddress.set(address, subnet);
      const id = values['id'];
      if (typeof id === 'string' && !byId.has(id)) byId.set(id, subnet);
    });
  }
  return { byAddress, byId };
}

function visitModules(module: unknown, visit: (resource: JsonObject) => void): void {
  const object = asObject(module);
  if (!object) return;
  for (const resource of asArray(object['resources'])) {
    const entry = asObject(resource);
    if (entry) visit(entry);
  }
  for (const child of asArray(object['child_modules'])) visitModules(child, visit);
}

/** A resource's configuration in the plan, with the module configuration it is declared in. */
interface ConfiguredResource {
  resource: JsonObject;
  module: JsonObject;
}

const MODULE_STEP = /^module\.([A-Za-z_][\w-]*)(?:\[(?:\d+|"(?:[^"\\]|\\.)*")\])?\./;
const INSTANCE_KEY = /\[(?:\d+|"(?:[^"\\]|\\.)*")\]$/;

/** Finds `module.a[0].aws_mq_broker.x["k"]` in the plan's `configuration` (per module call, not per instance). */
function configurationOf(document: unknown, address: string): ConfiguredResource | undefined {
  let module = asObject(asObject(asObject(document)?.['configuration'])?.['root_module']);
  let rest = address;
  for (let step = MODULE_STEP.exec(rest); step && module; step = MODULE_STEP.exec(rest)) {
    module = asObject(asObject(asObject(module['module_calls'])?.[step[1] as string])?.['module']);
    rest = rest.slice(step[0].length);
  }
  const resourceAddress = rest.replace(INSTANCE_KEY, '');
  const resource = module ? asArray(module['resources']).map(asObject).find((candidate) => candidate?.['address'] === resourceAddress) : undefined;
  return module && resource ? { resource, module } : undefined;
}

/**
 * Why the configuration beside the plan may name other subnets than the plan does, or undefined: `subnet_ids` must
 * refer only to subnets of its own module (and `count.index`), and those subnets' `count` and `for_each` must be
 * constants, so that no variable of the plan can change which subnets it names.
 */
function configurationProblem({ resource, module }: ConfiguredResource): string | undefined {
  const expression = asObject(asObject(resource['expressions'])?.['subnet_ids']);
  const references = asArray(expression?.['references']).filter((reference): reference is string => typeof reference === 'string');
  if (references.length === 0) return 'subnet_ids refers to no subnet of the plan';
  for (const reference of references) {
    if (reference === 'count.index') continue;
    const [type, name] = reference.split(/[.[]/);
    if (type !== SUBNET_TYPE || !name) return `subnet_ids refers to ${reference}, whose value the plan does not record`;
    const subnet = asArray(module['resources']).map(asObject).find((candidate) => candidate?.['address'] === `${SUBNET_TYPE}.${name}`);
    if (!subnet) return `subnet_ids refers to ${reference}, which the plan's configuration does not declare`;
    for (const repetition of ['count_expression', 'for_each_expression']) {
      const written = asObject(subnet[repetition]);
      if (written && !Object.hasOwn(written, 'constant_value')) return `the number of ${SUBNET_TYPE}.${name} depends on values the plan may set differently`;
    }
  }
  return undefined;
}
