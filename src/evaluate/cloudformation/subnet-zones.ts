import type { NormalizedAttribute } from '../../model/resource.js';
import { known, type Origin, type Value } from '../../model/value.js';
import { entryValue, findEntry, type CfnEntry, type CfnMapping, type CfnNode } from '../../parsers/cloudformation/template-node.js';
import type { SourceRange } from '../../model/source.js';
import {
  containsStandIn,
  independentOfZoneCount,
  StandIns,
  subnetZonesAttribute,
  ZONE_LIST_LENGTHS,
  type SubnetZone,
  type SubnetZonesResolution,
} from '../subnet-zones.js';
import { NO_VALUE, type TemplateEvaluator, type TemplateReferenceView } from './intrinsics.js';

const SUBNET_TYPE = 'AWS::EC2::Subnet';
/** A subnet's zone properties, by preference; AWS chooses the zone when neither is set. */
const ZONE_PROPERTIES = ['AvailabilityZone', 'AvailabilityZoneId'];

/** Evaluates a template with a stand-in for the ID of every `AWS::EC2::Subnet` and for every entry of `Fn::GetAZs`. */
class SubnetZoneView implements TemplateReferenceView {
  readonly subnets = new StandIns<string>('subnet');
  readonly zones = new StandIns<string>('zone');
  readZoneList = false;

  constructor(
    private readonly resources: CfnMapping | undefined,
    private readonly zoneCount: number,
  ) {}

  resourceRef(logicalId: string, origin: Origin): Value | undefined {
    const definition = this.resources ? entryValue(this.resources, logicalId) : undefined;
    const type = definition?.kind === 'mapping' ? entryValue(definition, 'Type') : undefined;
    if (type?.kind !== 'scalar' || type.value !== SUBNET_TYPE) return undefined;
    return known(this.subnets.create(logicalId, logicalId), undefined, [origin]);
  }

  availabilityZones(region: string, origin: Origin): Value {
    this.readZoneList = true;
    const entries = Array.from({ length: this.zoneCount }, (_, index) => {
      const expression = `!Select [${index}, !GetAZs ${JSON.stringify(region)}]`;
      return known(this.zones.create(expression, expression), undefined, [origin]);
    });
    return known(entries, undefined, [origin]);
  }
}

/**
 * The Availability Zone of each subnet a multi-AZ broker's `SubnetIds` names, when every one is an
 * `AWS::EC2::Subnet` of the template with a zone that can be told; located at `SubnetIds`.
 */
export function cloudFormationSubnetZones(evaluator: TemplateEvaluator, property: CfnEntry, addressPrefix: string): NormalizedAttribute {
  const [firstCount, secondCount] = ZONE_LIST_LENGTHS;
  const subnetIds = property.value;
  // The whole property, from its key: a block sequence starts on the line after it.
  const trail = [evaluator.origin(placed(subnetIds, { start: property.keyRange.start, end: subnetIds.range.end }), 'expression', 'SubnetIds')];
  const first = followSubnets(evaluator, subnetIds, addressPrefix, firstCount);
  const second = first.readZoneList && 'zones' in first ? followSubnets(evaluator, subnetIds, addressPrefix, secondCount) : undefined;
  return subnetZonesAttribute('Properties.SubnetIds', independentOfZoneCount(first, second), trail);
}

function followSubnets(evaluator: TemplateEvaluator, subnetIds: CfnNode, addressPrefix: string, zoneCount: number): SubnetZonesResolution {
  const resourcesNode = entryValue(evaluator.template.root, 'Resources');
  const resources = resourcesNode?.kind === 'mapping' ? resourcesNode : undefined;
  const view = new SubnetZoneView(resources, zoneCount);
  const inView = evaluator.withView(view);
  const unknownBecause = (reason: string): SubnetZonesResolution => ({ unknown: reason, readZoneList: view.readZoneList });
  const value = inView.evaluate(subnetIds);
  if (value === NO_VALUE) return unknownBecause('SubnetIds is AWS::NoValue: AWS chooses the subnets');
  if (!value.known) return unknownBecause(value.reason);
  if (!Array.isArray(value.data)) return unknownBecause('SubnetIds is not a list');
  const zones: SubnetZone[] = [];
  for (const item of value.data) {
    if (!item.known) return unknownBecause(item.reason);
    const logicalId = typeof item.data === 'string' ? view.subnets.meaning(item.data) : undefined;
    if (!logicalId) return unknownBecause('SubnetIds names a subnet that is not an AWS::EC2::Subnet of the template');
    const zone = subnetZone(inView, view, resources, logicalId, addressPrefix);
    if (typeof zone === 'string') return unknownBecause(zone);
    zones.push(zone);
  }
  return { zones, readZoneList: view.readZoneList };
}

/** The zone of one subnet resource, or why it cannot be told. */
function subnetZone(evaluator: TemplateEvaluator, view: SubnetZoneView, resources: CfnMapping | undefined, logicalId: string, addressPrefix: string): SubnetZone | string {
  const definition = resources ? findEntry(resources, logicalId)?.value : undefined;
  const properties = definition?.kind === 'mapping' ? entryValue(definition, 'Properties') : undefined;
  const subnet = `${addressPrefix}${logicalId}`;
  for (const property of ZONE_PROPERTIES) {
    const node = properties?.kind === 'mapping' ? entryValue(properties, property) : undefined;
    if (!node) continue;
    const label = `${subnet}.${property}`;
    const value = evaluator.evaluate(node);
    if (value === NO_VALUE) continue;
    if (!value.known) return `${label} is unknown: ${value.reason}`;
    if (typeof value.data !== 'string' || value.data === '') return `${label} is not a zone`;
    const listEntry = view.zones.meaning(value.data);
    if (listEntry) return { subnet, zone: listEntry, symbolic: true, origin: evaluator.origin(withShortFormTag(node), 'expression', label) };
    if (containsStandIn(value.data)) return `${label} is computed from a zone list`;
    const origin = value.source ? { ...value.source, label: value.source.label ?? label } : evaluator.origin(node, 'expression', label);
    return { subnet, zone: value.data, symbolic: false, origin };
  }
  return `${subnet} sets no AvailabilityZone or AvailabilityZoneId, so AWS chooses its zone`;
}

/** A node's file with another range. */
function placed(node: CfnNode, range: SourceRange): { range: SourceRange; file?: string } {
  return node.file === undefined ? { range } : { range, file: node.file };
}

/** A short-form tag (`!Select [0, …]`) is written before the node it tags: the range starts at the tag. */
function withShortFormTag(node: CfnNode): { range: SourceRange; file?: string } {
  const [only] = node.kind === 'mapping' && node.entries.length === 1 ? node.entries : [];
  return only && only.keyRange.start.offset < node.range.start.offset ? placed(node, { start: only.keyRange.start, end: node.range.end }) : node;
}
