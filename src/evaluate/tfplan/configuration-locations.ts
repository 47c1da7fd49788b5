import type { NormalizedAttribute, Resource } from '../../model/resource.js';
import { valuesEqual } from '../../model/value.js';

/**
 * Gives plan resources the source locations of the configuration that produced them. The plan's values stay
 * final; the configuration only says where they were written. A configuration value that agrees with the plan
 * lends its whole provenance (the literal, the `.tfvars` line); one that does not (the plan used other
 * variables) lends only the attribute it is written in. The plan file itself stays in the related locations.
 */
export function withConfigurationLocations(planResources: Resource[], configurationResources: Resource[]): Resource[] {
  const byAddress = new Map(configurationResources.map((resource) => [resource.address, resource]));
  return planResources.map((planned) => {
    const configured = byAddress.get(planned.address) ?? byAddress.get(withoutInstanceKey(planned.address));
    if (!configured) return planned;
    const attributes: Resource['attributes'] = {};
    for (const [name, attribute] of Object.entries(planned.attributes) as Array<[keyof Resource['attributes'], NormalizedAttribute]>) {
      attributes[name] = locateAttribute(attribute, configured.attributes[name]);
    }
    return { ...planned, location: configured.location, moduleCalls: configured.moduleCalls, attributes, references: configured.references };
  });
}

function locateAttribute(planned: NormalizedAttribute, configured: NormalizedAttribute | undefined): NormalizedAttribute {
  if (!configured) return planned;
  const planOrigin = planned.value.source ? [{ ...planned.value.source, role: 'expression' as const, label: 'the planned value' }] : [];
  if (planned.value.known && valuesEqual(planned.value, configured.value) === true) {
    const located = configured.value.source ? { ...planned.value, source: configured.value.source } : stripSource(planned);
    return { ...planned, defaulted: configured.defaulted, value: { ...located, trail: [...configured.value.trail, ...planOrigin] } };
  }
  const written = configured.value.trail.find((origin) => origin.role === 'expression');
  const trail = [...(written ? [written] : []), ...planOrigin];
  return { ...planned, value: { ...stripSource(planned), trail } };
}

function stripSource(attribute: NormalizedAttribute): NormalizedAttribute['value'] {
  const { source: _source, ...value } = attribute.value;
  return value;
}

/** `aws_mq_broker.this[0]` → `aws_mq_broker.this`: the configuration has one instance when it cannot count them. */
function withoutInstanceKey(address: string): string {
  return address.replace(/\[[^\]]*\]$/, '');
}
