import type { BrokerAttributeName, Resource } from './resource.js';
import type { Value } from './value.js';

/** AWS compares these case-insensitively (Terraform and CloudFormation both accept any case); the model keeps them upper case. */
const UPPER_CASE_ATTRIBUTES = new Set<BrokerAttributeName>(['engine', 'deployment_mode', 'storage_type']);

/** Normalizes a broker attribute's value as every input format must: upper case where AWS ignores case. */
export function normalizeBrokerAttributeValue(name: BrokerAttributeName, value: Value): Value {
  if (!UPPER_CASE_ATTRIBUTES.has(name) || !value.known || typeof value.data !== 'string') return value;
  return { ...value, data: value.data.toUpperCase() };
}

/** Whether a broker is known to be an ActiveMQ active/standby pair, whose clients need both instances. */
export function isActiveStandbyActiveMq(broker: Resource): boolean {
  const mode = broker.attributes.deployment_mode?.value;
  const engine = broker.attributes.engine?.value;
  return mode?.known === true && mode.data === 'ACTIVE_STANDBY_MULTI_AZ' && engine?.known === true && engine.data === 'ACTIVEMQ';
}

/** The transports that take both instances of a pair: the client's `failover:(…)`, a network connector's `masterslave:(…)`. */
export const PAIR_TRANSPORT = /\b(?:failover|masterslave):\(/;
