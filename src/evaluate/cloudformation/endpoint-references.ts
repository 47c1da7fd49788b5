import type { DeploymentContext } from '../../environment/context.js';
import { CLIENT_ENDPOINT_KIND, type Resource } from '../../model/resource.js';
import { known } from '../../model/value.js';
import { PAIR_TRANSPORT } from '../../model/broker.js';
import { entryValue, type CfnMapping, type CfnNode, type CfnTemplateFile } from '../../parsers/cloudformation/template-node.js';

/** The `Fn::GetAtt` attributes of `AWS::AmazonMQ::Broker` that list one endpoint per broker instance. */
const ENDPOINT_ATTRIBUTES = new Set(['OpenWireEndpoints', 'AmqpEndpoints', 'StompEndpoints', 'MqttEndpoints', 'WssEndpoints']);

/** One element of a broker's endpoint list: `!Select [0, !GetAtt Broker.OpenWireEndpoints]`. */
interface EndpointSelection {
  node: CfnMapping;
  broker: string;
  attribute: string;
  index: number;
}

function selection(node: CfnNode): EndpointSelection | undefined {
  if (node.kind !== 'mapping' || node.entries.length !== 1) return undefined;
  const select = entryValue(node, 'Fn::Select');
  if (select?.kind !== 'sequence' || select.items.length !== 2) return undefined;
  const [indexNode, listNode] = select.items as [CfnNode, CfnNode];
  const index = indexNode.kind === 'scalar' ? Number(indexNode.value) : Number.NaN;
  const getAtt = listNode.kind === 'mapping' ? entryValue(listNode, 'Fn::GetAtt') : undefined;
  let target: string[] | undefined;
  if (getAtt?.kind === 'sequence') target = getAtt.items.map((item) => (item.kind === 'scalar' ? String(item.value) : ''));
  else if (getAtt?.kind === 'scalar') target = String(getAtt.value).split('.');
  const [broker, attribute] = target ?? [];
  if (!Number.isInteger(index) || broker === undefined || attribute === undefined || !ENDPOINT_ATTRIBUTES.has(attribute)) return undefined;
  return { node, broker, attribute, index };
}

function* walk(node: CfnNode): Generator<CfnNode> {
  yield node;
  if (node.kind === 'sequence') for (const item of node.items) yield* walk(item);
  if (node.kind === 'mapping') for (const entry of node.entries) yield* walk(entry.value);
}

/** Every string written in a node: a `failover:(` (or a network connector's `masterslave:(`) in any of them makes the value a failover list. */
function mentionsFailover(node: CfnNode): boolean {
  for (const inner of walk(node)) if (inner.kind === 'scalar' && typeof inner.value === 'string' && PAIR_TRANSPORT.test(inner.value)) return true;
  return false;
}

/**
 * Values built from one instance of an active/standby broker in a template's resources and outputs: each
 * `Fn::Select` of one element of its endpoint list becomes a client endpoint resource, so that MQ006 reports it
 * unless the same property or output is a `failover:(…)` list that selects the other element too.
 */
export function singleInstanceEndpointSelections(
  template: CfnTemplateFile,
  activeStandby: ReadonlySet<string>,
  addressPrefix: string,
  root: string,
  context: DeploymentContext,
): Resource[] {
  if (activeStandby.size === 0) return [];
  const endpoints: Resource[] = [];
  for (const section of ['Resources', 'Outputs']) {
    const mapping = entryValue(template.root, section);
    for (const entry of mapping?.kind === 'mapping' ? mapping.entries : []) {
      // A broker never reads its own endpoints; everything else that does is a client of it.
      if (section === 'Resources' && activeStandby.has(entry.key)) continue;
      const selections = [...walk(entry.value)].map(selection).filter((found): found is EndpointSelection => found !== undefined);
      for (const found of selections.filter((candidate) => activeStandby.has(candidate.broker))) {
        const hasPeer = selections.some((other) => other.broker === found.broker && other.attribute === found.attribute && other.index !== found.index);
        const written = `Fn::Select [${found.index}, Fn::GetAtt ${found.broker}.${found.attribute}]`;
        const peer = `Fn::Select [${found.index === 0 ? 1 : 0}, Fn::GetAtt ${found.broker}.${found.attribute}]`;
        // A short-form `!Select` starts at its tag (the key), a long-form one at its `{` (the mapping).
        const tag = found.node.entries[0]?.keyRange;
        const start = tag && tag.start.offset < found.node.range.start.offset ? tag.start : found.node.range.start;
        const location = { file: found.node.file ?? template.path, range: { start, end: found.node.range.end } };
        const source = { ...location, role: 'expression' as const, label: written };
        endpoints.push({
          address: `${addressPrefix}${section}.${entry.key}[${found.broker}.${found.attribute}[${found.index}]]`,
          root,
          kind: CLIENT_ENDPOINT_KIND,
          sourceType: section === 'Outputs' ? 'Output' : 'Resource',
          format: 'cloudformation',
          location,
          moduleCalls: [],
          attributes: {
            endpoint_url: { path: entry.key, value: known(written, source), defaulted: false },
            peer_endpoint_url: { path: entry.key, value: known(peer, source), defaulted: false },
            broker: { path: entry.key, value: known(`${addressPrefix}${found.broker}`, source), defaulted: false },
            in_failover: { path: entry.key, value: known(mentionsFailover(entry.value), source), defaulted: false },
            failover_has_peer: { path: entry.key, value: known(hasPeer, source), defaulted: false },
          },
          references: [`${addressPrefix}${found.broker}`],
          context,
        });
      }
    }
  }
  return endpoints;
}
