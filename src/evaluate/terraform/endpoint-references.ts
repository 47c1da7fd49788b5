import type { DeploymentContext } from '../../environment/context.js';
import { CLIENT_ENDPOINT_KIND, type Resource } from '../../model/resource.js';
import { known } from '../../model/value.js';
import { PAIR_TRANSPORT } from '../../model/broker.js';
import type { HclAttributePosition, HclBlockPosition } from '../../parsers/terraform/position-index.js';
import type { TerraformFile } from '../../parsers/terraform/terraform-file.js';
import type { ModuleInstance } from './module-instance.js';

/**
 * `aws_mq_broker.orders.instances[0].endpoints` or `.ip_address` (with an optional `[count.index]`-style index on
 * the broker): where clients of one instance connect. `console_url` is for people, not clients.
 */
const ONE_INSTANCE = /\baws_mq_broker\.([A-Za-z_][\w-]*)(?:\[[^\]]*\])?\.instances\[(\d+)\](?=\.(?:endpoints|ip_address)\b)/g;


interface PlacedAttribute {
  block: HclBlockPosition;
  attribute: HclAttributePosition;
  /** `output.broker_url`, `resource.aws_ssm_parameter.url.value`: where the value goes, for the address. */
  address: string;
}

/** The innermost attribute whose value holds an offset, with the path of blocks around it. */
function attributeAt(blocks: HclBlockPosition[], offset: number, prefix = ''): PlacedAttribute | undefined {
  for (const block of blocks) {
    if (offset < block.bodyRange.start.offset || offset >= block.bodyRange.end.offset) continue;
    const name = [prefix, [block.type, ...block.labels].join('.')].filter(Boolean).join('.');
    const nested = attributeAt(block.blocks, offset, name);
    if (nested) return nested;
    const attribute = block.attributes.find((candidate) => offset >= candidate.valueRange.start.offset && offset < candidate.valueRange.end.offset);
    return attribute ? { block, attribute, address: `${name}.${attribute.name}` } : undefined;
  }
  return undefined;
}

/**
 * Values built from one instance of an active/standby broker (`aws_mq_broker.x.instances[0].endpoints[0]`)
 * in the configuration of a module instance: each becomes a client endpoint resource, so that MQ006 reports a
 * client pinned to one instance unless the same expression is a `failover:(…)` list that names the other one.
 * `highlyAvailable` holds the names of the module's brokers whose deployment mode is known to be active/standby.
 */
export function singleInstanceEndpointReferences(
  instance: ModuleInstance,
  highlyAvailable: ReadonlySet<string>,
  rootDirectory: string,
  context: DeploymentContext | undefined,
): Resource[] {
  if (highlyAvailable.size === 0) return [];
  const endpoints: Resource[] = [];
  for (const file of instance.module.files) {
    if (!file.text.includes('.instances[')) continue;
    for (const match of file.text.matchAll(ONE_INSTANCE)) {
      const brokerName = match[1] as string;
      if (!highlyAvailable.has(brokerName)) continue;
      const offset = match.index ?? 0;
      const placed = attributeAt(file.body.blocks, offset);
      // The broker's own arguments never read its instances; anything else that does is a client of it.
      if (!placed || (placed.block.type === 'resource' && placed.block.labels[0] === 'aws_mq_broker')) continue;
      endpoints.push(endpointResource(instance, file, placed, match[0], offset, Number(match[2]), brokerName, rootDirectory, context));
    }
  }
  return endpoints;
}

function endpointResource(
  instance: ModuleInstance,
  file: TerraformFile,
  placed: PlacedAttribute,
  reference: string,
  offset: number,
  index: number,
  brokerName: string,
  rootDirectory: string,
  context: DeploymentContext | undefined,
): Resource {
  const expression = placed.attribute.valueText;
  const peerIndex = index === 0 ? 1 : 0;
  const peer = new RegExp(`\\baws_mq_broker\\.${brokerName}(?:\\[[^\\]]*\\])?\\.instances\\[${peerIndex}\\]`);
  const range = file.lines.rangeAt(offset, offset + reference.length);
  const source = { file: file.path, range, role: 'expression' as const, label: reference };
  const resource: Resource = {
    address: `${instance.addressPrefix}${placed.address}[${reference}]`,
    root: rootDirectory,
    kind: CLIENT_ENDPOINT_KIND,
    sourceType: placed.block.type === 'resource' ? (placed.block.labels[0] ?? 'resource') : placed.block.type,
    format: 'terraform',
    location: { file: file.path, range },
    moduleCalls: instance.moduleCalls,
    attributes: {
      endpoint_url: { path: placed.attribute.name, value: known(reference, source), defaulted: false },
      peer_endpoint_url: { path: placed.attribute.name, value: known(reference.replace(/\[\d+\]$/, `[${peerIndex}]`), source), defaulted: false },
      broker: { path: placed.attribute.name, value: known(`aws_mq_broker.${brokerName}`, source), defaulted: false },
      in_failover: { path: placed.attribute.name, value: known(PAIR_TRANSPORT.test(expression), source), defaulted: false },
      failover_has_peer: { path: placed.attribute.name, value: known(peer.test(expression), source), defaulted: false },
    },
    references: [`aws_mq_broker.${brokerName}`],
  };
  if (context) resource.context = context;
  return resource;
}
