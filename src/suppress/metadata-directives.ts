import { entryValue, findEntry, type CfnMapping } from '../parsers/cloudformation/template-node.js';
import type { DirectiveProblem, SuppressionDirective } from './directives.js';

const RULE_ID = /^MQ\d{3}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The suppressions of a CloudFormation resource's `Metadata`:
 * `Metadata: { iac-mq-lint: { ignore: [{ id: MQ001, reason: "…", until: 2027-03-31 }] } }`.
 */
export function readMetadataDirectives(definition: CfnMapping, templatePath: string): { directives: SuppressionDirective[]; problems: DirectiveProblem[] } {
  const directives: SuppressionDirective[] = [];
  const problems: DirectiveProblem[] = [];
  const metadata = entryValue(definition, 'Metadata');
  const ours = metadata?.kind === 'mapping' ? findEntry(metadata, 'iac-mq-lint') : undefined;
  if (!ours) return { directives, problems };
  const file = ours.value.file ?? definition.file ?? templatePath;
  const ignore = ours.value.kind === 'mapping' ? entryValue(ours.value, 'ignore') : undefined;
  if (ignore?.kind !== 'sequence') {
    problems.push({ location: { file, range: ours.keyRange }, message: 'Metadata iac-mq-lint needs an "ignore" list of {id, reason, until}' });
    return { directives, problems };
  }
  for (const item of ignore.items) {
    const location = { file: item.file ?? file, range: item.range };
    const field = (name: string) => {
      const node = item.kind === 'mapping' ? entryValue(item, name) : undefined;
      return node?.kind === 'scalar' && node.value !== null ? String(node.value) : undefined;
    };
    const id = field('id');
    if (id === undefined || !RULE_ID.test(id)) {
      problems.push({ location, message: `an iac-mq-lint ignore entry needs an id like MQ001${id === undefined ? '' : `, not "${id}"`}` });
      continue;
    }
    const until = field('until');
    if (until !== undefined && (!DATE.test(until) || Number.isNaN(Date.parse(until)))) {
      problems.push({ location, message: `until: ${until} is not a date like 2027-03-31` });
      continue;
    }
    const directive: SuppressionDirective = { ruleIds: [id], location, lines: [], kind: 'metadata' };
    const reason = field('reason');
    if (reason !== undefined) directive.reason = reason;
    if (until !== undefined) directive.until = until;
    directives.push(directive);
  }
  return { directives, problems };
}
