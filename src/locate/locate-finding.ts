import path from 'node:path';
import type { RelatedLocation } from '../model/finding.js';
import type { Resource } from '../model/resource.js';
import type { SourceLocation } from '../model/source.js';
import type { Origin, OriginRole } from '../model/value.js';

/** Where a finding is shown and which other places explain it. */
export interface FindingPlacement {
  location: SourceLocation;
  related: RelatedLocation[];
}

/** Decides whether a file is one the user can edit: inside the scanned paths and not a `.terraform` download. */
export type EditablePredicate = (file: string) => boolean;

/** Builds the editable predicate for a set of scanned paths. */
export function editableWithin(scannedPaths: string[]): EditablePredicate {
  const roots = scannedPaths.map((scanned) => path.resolve(scanned));
  return (file) => {
    if (file.split(path.sep).includes('.terraform')) return false;
    return roots.some((root) => file === root || file.startsWith(root.endsWith(path.sep) ? root : root + path.sep));
  };
}

const ROLE_MESSAGES: Record<OriginRole, string> = {
  literal: 'the value is written here',
  expression: 'the value flows through this expression',
  'variable-default': 'the default value applies',
  'variable-declaration': 'declared here',
  tfvars: 'the value is set in this variable file',
  'cli-var': 'the value is set on the command line',
  'environment-var': 'the value is set in the environment',
  local: 'the local value',
  'module-argument': 'the value is passed to the module here',
  'module-call': 'this module call does not set the value, so the default applies',
  'parameter-file': 'the value is set in this parameter file',
  resource: 'the resource',
  'provider-default': 'the provider default applies',
};

/**
 * Picks the place where the fix belongs: the literal that decided the value, else the module call that omitted
 * it (when the literal is a variable default inside a called module), else the resource header; a place the user
 * cannot edit (a downloaded module) is lifted to the nearest editable module call.
 */
export function locateFinding(resource: Resource, attributeName: string | undefined, isEditable: EditablePredicate): FindingPlacement {
  const attribute = attributeName ? resource.attributes[attributeName as keyof Resource['attributes']] : undefined;
  const chain: Origin[] = [];
  if (attribute) {
    if (attribute.value.source) chain.push(attribute.value.source);
    chain.push(...attribute.value.trail);
  }
  const moduleCallOmission = chain.find((origin) => origin.role === 'module-call');
  const resourceOrigin: Origin = { ...resource.location, role: 'resource', label: resource.address };
  const candidates: SourceLocation[] = [];
  if (attribute?.value.source && attribute.value.source.role === 'variable-default' && moduleCallOmission) {
    candidates.push(moduleCallOmission);
  }
  if (attribute?.value.source) candidates.push(attribute.value.source);
  if (attribute && !attribute.defaulted) {
    const written = attribute.value.trail.find((origin) => origin.role === 'expression' && origin.file === resource.location.file);
    if (written) candidates.push(written);
  }
  candidates.push(resource.location);
  candidates.push(...[...resource.moduleCalls].reverse());
  const location = candidates.find((candidate) => isEditable(candidate.file)) ?? candidates[0] ?? resource.location;
  const related = relatedLocations([...chain, resourceOrigin, ...resource.moduleCalls], chain, location, isEditable);
  return { location: { file: location.file, range: location.range }, related };
}

/** A module call the value did not pass through: it only instantiates the module (a Terragrunt `terraform` block too). */
const INSTANTIATING_CALL = 'the module is called here';

function relatedLocations(origins: Origin[], chain: Origin[], primary: SourceLocation, isEditable: EditablePredicate): RelatedLocation[] {
  const seen = new Set([locationKey(primary)]);
  const onChain = new Set(chain.map(locationKey));
  const related: RelatedLocation[] = [];
  for (const origin of origins) {
    const key = locationKey(origin);
    if (seen.has(key)) continue;
    seen.add(key);
    const base = origin.role === 'module-call' && !onChain.has(key) ? INSTANTIATING_CALL : ROLE_MESSAGES[origin.role];
    const label = origin.label && origin.role !== 'module-call' ? ` (${origin.label})` : '';
    const downloaded = isEditable(origin.file) ? '' : ' [outside the scanned files]';
    related.push({ file: origin.file, range: origin.range, message: `${base}${label}${downloaded}` });
  }
  return related;
}

function locationKey(location: SourceLocation): string {
  return `${location.file}:${location.range.start.offset}:${location.range.end.offset}`;
}
