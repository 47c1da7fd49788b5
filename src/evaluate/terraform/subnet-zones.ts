import type { NormalizedAttribute } from '../../model/resource.js';
import { known, unknown, type Origin, type Value } from '../../model/value.js';
import {
  containsStandIn,
  independentOfZoneCount,
  StandIns,
  subnetZonesAttribute,
  ZONE_LIST_LENGTHS,
  type SubnetZone,
  type SubnetZonesResolution,
} from '../subnet-zones.js';
import { applySteps, type TraversalStep } from './expression.js';
import { findAttribute, type PlacedBlock } from './loaded-module.js';
import { attributeOrigin, type InstanceKeys, type ModuleEnvironment, type ModuleInstance, type ReferenceView } from './module-instance.js';

const SUBNET_TYPE = 'aws_subnet';
const ZONE_LIST_TYPE = 'aws_availability_zones';
/** The `aws_availability_zones` attributes that list one distinct entry per zone. */
const ZONE_LIST_ATTRIBUTES = ['names', 'zone_ids'];
/** A subnet's zone arguments, by preference; AWS chooses the zone when neither is set. */
const ZONE_ARGUMENTS = ['availability_zone', 'availability_zone_id'];

/** The subnet instance a stand-in ID names, and where to evaluate its arguments. */
interface SubnetInstance {
  address: string;
  instance: ModuleInstance;
  placed: PlacedBlock;
  keys: InstanceKeys;
}

/**
 * Evaluates a configuration with a stand-in string for the `id` of every `aws_subnet` instance and for every entry
 * of every `aws_availability_zones` zone list, so that the stand-ins a broker's `subnet_ids` ends up with say
 * which subnets it names, through locals, variables, module outputs, `count`, `for_each`, splats and functions.
 */
class SubnetZoneView implements ReferenceView {
  readonly subnets = new StandIns<SubnetInstance>('subnet');
  readonly zones = new StandIns<string>('zone');
  /** Set once any evaluation in this view read a zone list; never reset, so a cached value that read one counts. */
  readZoneList = false;

  constructor(private readonly zoneCount: number) {}

  async resource(instance: ModuleInstance, resource: PlacedBlock, address: string, steps: TraversalStep[], origin: Origin): Promise<Value | undefined> {
    if (resource.block.labels[0] !== SUBNET_TYPE) return undefined;
    const [first] = steps;
    // Only the ID stands in; the subnet's other attributes keep their usual values.
    if (first?.kind === 'attribute' && first.name !== 'id') return undefined;
    const subnetObject = (suffix: string, keys: InstanceKeys): Value => {
      const subnet: SubnetInstance = { address: `${address}${suffix}`, instance, placed: resource, keys };
      return known({ id: known(this.subnets.create(subnet.address, subnet), undefined, [origin]) });
    };
    const { block, file } = resource;
    const name = resource.block.labels[1] ?? '';
    const repetition = findAttribute(block, 'count') ?? findAttribute(block, 'for_each');
    // Terraform rejects a count or for_each that reads its own resource; evaluating one would never end.
    if (repetition && new RegExp(`\\b${SUBNET_TYPE}\\.${name}(?![\\w-])`).test(repetition.valueText)) {
      return unknown(`the ${repetition.name} of ${address} refers to itself`, undefined, [origin]);
    }
    const repetitions = await instance.repetitions(file, block);
    if (findAttribute(block, 'count')) {
      if (repetitions.length === 1 && repetitions[0]?.suffix === '') return unknown(`the count of ${address} is unknown`, undefined, [origin]);
      return applySteps(known(repetitions.map((repetition) => subnetObject(repetition.suffix, repetition.keys))), steps);
    }
    if (findAttribute(block, 'for_each')) {
      const members: Record<string, Value> = {};
      for (const repetition of repetitions) {
        const key = repetition.keys.eachKey;
        if (!key?.known || typeof key.data !== 'string') return unknown(`the for_each of ${address} is unknown`, undefined, [origin]);
        members[key.data] = subnetObject(repetition.suffix, repetition.keys);
      }
      return applySteps(known(members), steps);
    }
    return applySteps(subnetObject('', {}), steps);
  }

  async data(instance: ModuleInstance, steps: TraversalStep[], origin: Origin): Promise<Value | undefined> {
    const [typeStep, nameStep, ...rest] = steps;
    if (typeStep?.kind !== 'attribute' || typeStep.name !== ZONE_LIST_TYPE || nameStep?.kind !== 'attribute') return undefined;
    const placed = instance.module.dataSources.get(`${ZONE_LIST_TYPE}.${nameStep.name}`);
    if (!placed || findAttribute(placed.block, 'count') || findAttribute(placed.block, 'for_each')) return undefined;
    this.readZoneList = true;
    const address = `${instance.addressPrefix}data.${ZONE_LIST_TYPE}.${nameStep.name}`;
    const lists: Record<string, Value> = {};
    for (const attribute of ZONE_LIST_ATTRIBUTES) {
      const entries = Array.from({ length: this.zoneCount }, (_, index) => {
        const expression = `${address}.${attribute}[${index}]`;
        return known(this.zones.create(expression, expression), undefined, [origin]);
      });
      lists[attribute] = known(entries, undefined, [origin]);
    }
    return applySteps(known(lists, undefined, [origin]), rest);
  }
}

/** One view per root context and zone-list length: the stand-ins are named by address, so brokers share it. */
const views = new WeakMap<ModuleEnvironment, Map<number, SubnetZoneView>>();

function viewFor(environment: ModuleEnvironment, zoneCount: number): SubnetZoneView {
  let byCount = views.get(environment);
  if (!byCount) {
    byCount = new Map();
    views.set(environment, byCount);
  }
  let view = byCount.get(zoneCount);
  if (!view) {
    view = new SubnetZoneView(zoneCount);
    byCount.set(zoneCount, view);
  }
  return view;
}

/**
 * The Availability Zone of each subnet a multi-AZ broker's `subnet_ids` names, when every one is an `aws_subnet` of
 * the configuration with a zone that can be told; undefined when the broker does not set `subnet_ids`.
 */
export async function terraformSubnetZones(instance: ModuleInstance, broker: PlacedBlock, keys: InstanceKeys): Promise<NormalizedAttribute | undefined> {
  const written = findAttribute(broker.block, 'subnet_ids');
  if (!written) return undefined;
  const [firstCount, secondCount] = ZONE_LIST_LENGTHS;
  const first = await followSubnets(viewFor(instance.environment, firstCount), instance, broker, keys);
  const second = first.resolution.readZoneList && 'zones' in first.resolution ? await followSubnets(viewFor(instance.environment, secondCount), instance, broker, keys) : undefined;
  return subnetZonesAttribute('subnet_ids', independentOfZoneCount(first.resolution, second?.resolution), first.trail);
}

async function followSubnets(
  view: SubnetZoneView,
  instance: ModuleInstance,
  broker: PlacedBlock,
  keys: InstanceKeys,
): Promise<{ resolution: SubnetZonesResolution; trail: Origin[] }> {
  const written = findAttribute(broker.block, 'subnet_ids');
  const writtenOrigin = written ? [attributeOrigin(broker.file, written, 'expression')] : [];
  const inView = await instance.inView(view);
  if (!inView || !written) return { resolution: { unknown: 'the module instance cannot be followed', readZoneList: view.readZoneList }, trail: writtenOrigin };
  const subnetIds = await inView.evaluateAttribute(broker.file, written, keys);
  const trail = subnetIds.source ? [subnetIds.source, ...subnetIds.trail] : subnetIds.trail;
  const unknownBecause = (reason: string) => ({ resolution: { unknown: reason, readZoneList: view.readZoneList }, trail });
  if (!subnetIds.known) return unknownBecause(subnetIds.reason);
  if (!Array.isArray(subnetIds.data)) return unknownBecause(subnetIds.data === null ? 'subnet_ids is null: AWS chooses the subnets' : 'subnet_ids is not a list');
  const zones: SubnetZone[] = [];
  for (const item of subnetIds.data) {
    if (!item.known) return unknownBecause(item.reason);
    const subnet = typeof item.data === 'string' ? view.subnets.meaning(item.data) : undefined;
    if (!subnet) return unknownBecause('subnet_ids names a subnet that is not an aws_subnet of the configuration');
    const zone = await subnetZone(view, subnet);
    if (typeof zone === 'string') return unknownBecause(zone);
    zones.push(zone);
  }
  return { resolution: { zones, readZoneList: view.readZoneList }, trail };
}

/** The zone of one subnet instance, or why it cannot be told. */
async function subnetZone(view: SubnetZoneView, subnet: SubnetInstance): Promise<SubnetZone | string> {
  const { file, block } = subnet.placed;
  for (const argument of ZONE_ARGUMENTS) {
    const written = findAttribute(block, argument);
    if (!written) continue;
    const label = `${subnet.address}.${argument}`;
    const value = await subnet.instance.evaluateAttribute(file, written, subnet.keys);
    if (!value.known) return `${label} is unknown: ${value.reason}`;
    if (value.data === null) continue;
    if (typeof value.data !== 'string' || value.data === '') return `${label} is not a zone`;
    const listEntry = view.zones.meaning(value.data);
    if (listEntry) return { subnet: subnet.address, zone: listEntry, symbolic: true, origin: attributeOrigin(file, written, 'expression', label) };
    if (containsStandIn(value.data)) return `${label} is computed from a zone list`;
    const origin = value.source ? { ...value.source, label: value.source.label ?? label } : attributeOrigin(file, written, 'expression', label);
    return { subnet: subnet.address, zone: value.data, symbolic: false, origin };
  }
  return `${subnet.address} sets no availability_zone or availability_zone_id, so AWS chooses its zone`;
}
