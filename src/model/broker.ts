import type { BrokerAttributeName } from './resource.js';
import type { Value } from './value.js';

/** AWS compares these case-insensitively (Terraform and CloudFormation both accept any case); the model keeps them upper case. */
const UPPER_CASE_ATTRIBUTES = new Set<BrokerAttributeName>(['engine', 'deployment_mode', 'storage_type']);

/** Normalizes a broker attribute's value as every input format must: upper case where AWS ignores case. */
export function normalizeBrokerAttributeValue(name: BrokerAttributeName, value: Value): Value {
  if (!UPPER_CASE_ATTRIBUTES.has(name) || !value.known || typeof value.data !== 'string') return value;
  return { ...value, data: value.data.toUpperCase() };
}
