import type { BrokerAttributeName, NormalizedAttribute, Resource } from './resource.js';
import { known, unknown, type Value } from './value.js';

/** AWS compares these case-insensitively (Terraform and CloudFormation both accept any case); the model keeps them upper case. */
const UPPER_CASE_ATTRIBUTES = new Set<BrokerAttributeName>(['engine', 'deployment_mode', 'storage_type']);

/**
 * Booleans that are often written as strings: CloudFormation parameters are strings (`"true"`), Terraform converts
 * `"true"` to a bool argument, and the provider's nullable `logs.audit` is a string in plans (`"true"`, `""`).
 */
const BOOLEAN_ATTRIBUTES = new Set<BrokerAttributeName>(['publicly_accessible', 'auto_minor_version_upgrade', 'audit_logs']);

const BOOLEAN_TEXT: Partial<Record<string, boolean>> = { true: true, false: false };

/** Normalizes a broker attribute's value as every input format must: upper case where AWS ignores case, booleans as booleans. */
export function normalizeBrokerAttributeValue(name: BrokerAttributeName, value: Value): Value {
  if (!value.known || typeof value.data !== 'string') return value;
  if (UPPER_CASE_ATTRIBUTES.has(name)) return { ...value, data: value.data.toUpperCase() };
  const flag = BOOLEAN_ATTRIBUTES.has(name) ? BOOLEAN_TEXT[value.data.trim().toLowerCase()] : undefined;
  return flag === undefined ? value : { ...value, data: flag };
}

/**
 * The tags AWS gives a broker: those it inherits from its deployment (provider `default_tags`, CloudFormation stack
 * tags) under its own, its own value winning for a key both have, as AWS merges them. Unknown when either side is
 * unknown as a whole; a map with unknown values still has known keys.
 */
export function effectiveTags(own: Value | undefined, inherited: Value, path: string): NormalizedAttribute {
  const ownTags = own === undefined || (own.known && own.data === null) ? known({}) : own;
  const members: Record<string, Value> = {};
  for (const tags of [inherited, ownTags]) {
    if (!tags.known) return { path, value: tags, defaulted: false };
    if (tags.data === null || typeof tags.data !== 'object' || Array.isArray(tags.data)) {
      return { path, value: unknown('the tags are not a map of keys to values', tags.source, tags.trail), defaulted: false };
    }
    Object.assign(members, tags.data);
  }
  return { path, value: known(members), defaulted: false };
}

/** Whether a broker is known to be an ActiveMQ active/standby pair, whose clients need both instances. */
export function isActiveStandbyActiveMq(broker: Resource): boolean {
  const mode = broker.attributes.deployment_mode?.value;
  const engine = broker.attributes.engine?.value;
  return mode?.known === true && mode.data === 'ACTIVE_STANDBY_MULTI_AZ' && engine?.known === true && engine.data === 'ACTIVEMQ';
}

/** The transports that take both instances of a pair: the client's `failover:(…)`, a network connector's `masterslave:(…)`. */
export const PAIR_TRANSPORT = /\b(?:failover|masterslave):\(/;

const MULTI_AZ_MODES = new Set(['ACTIVE_STANDBY_MULTI_AZ', 'CLUSTER_MULTI_AZ']);

/** Whether a deployment mode is known to be one of the highly available ones (any case). */
export function isMultiAzMode(mode: NormalizedAttribute | undefined): boolean {
  return mode !== undefined && mode.value.known && typeof mode.value.data === 'string' && MULTI_AZ_MODES.has(mode.value.data.toUpperCase());
}
