// Scaffolds a Rego rule: `npm run new:rule -- MQ010 activemq-audit-logging "ActiveMQ broker has no audit log"`.
// Writes the metadata, the Rego rule and its test, and the fixture folder, and registers the rule, so that a
// newcomer finds every piece of a rule by its id. It never overwrites a file; the contract and docs tests then
// say what is left to fill in.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Writes the files of a new rule under `root`; returns the paths written, relative to it. */
export function scaffoldRule(root, id, slug, title) {
  if (!/^MQ\d{3}$/.test(id)) throw new Error(`the id must look like MQ010, not ${id}`);
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(slug)) throw new Error(`the slug must be kebab-case, not ${slug}`);
  if (!title) throw new Error('a title is needed');
  const regoName = `${id}_${slug.replaceAll('-', '_')}`;
  const files = {
    [`rules/${id}.ts`]: metadataSource(id, slug, title),
    [`rego/rules/${regoName}.rego`]: regoSource(id, slug, title),
    [`rego/rules/${regoName}_test.rego`]: regoTestSource(id),
    [`fixtures/${id}/fail.tf`]: `# Resources that ${id} must report; mark each reported line with  # expect: ${id}\n`,
    [`fixtures/${id}/pass.tf`]: `# Resources that ${id} must not report.\n`,
  };
  for (const file of Object.keys(files)) {
    if (existsSync(path.join(root, file))) throw new Error(`${file} exists already: ${id} is taken (ids are never reused)`);
  }
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  registerRule(path.join(root, 'rules', 'index.ts'), id);
  return [...Object.keys(files), 'rules/index.ts'];
}

function metadataSource(id, slug, title) {
  return `import type { RuleMetadata } from '../src/model/rule.js';

/** ${id}: ${title}. */
export const ${id}: RuleMetadata = {
  id: '${id}',
  slug: '${slug}',
  title: '${title.replaceAll("'", "\\'")}',
  level: 'warning',
  rationale: 'TODO: why this matters, with the fact from amazon-mq-facts.md it rests on.',
  remediation: 'TODO: how to fix a finding.',
  helpUri: 'https://github.com/iac-mq-lint/iac-mq-lint/blob/main/docs/rules/${id}.md',
  formats: ['terraform', 'cloudformation'],
  controls: [],
  tags: ['amazon-mq'],
  appliesIn: 'production',
  securitySeverity: '4.0',
  messages: {
    found: 'Broker {resource} TODO.',
  },
  implementation: { language: 'rego', package: 'iac_mq_lint.rules.${id}' },
};
`;
}

function regoSource(id, slug, title) {
  return `# METADATA
# title: ${title}
# custom:
#   id: ${id}
#   slug: ${slug}
package iac_mq_lint.rules.${id}

import data.iac_mq_lint.lib.broker

# TODO: the condition. Compare known values only (broker.attribute_is): an unknown value never reports.
deny contains finding if {
	some resource in broker.brokers
	broker.attribute_is(resource, "engine", "TODO")
	finding := {
		"rule_id": "${id}",
		"resource": resource.address,
		"message_id": "found",
		"params": {},
	}
}
`;
}

function regoTestSource(id) {
  return `package iac_mq_lint.rules.${id}_test

import data.iac_mq_lint.rules.${id}

# TODO: deny, allow, unknown value and attribute absent, as STYLE.md asks.
test_allows_a_broker_without_attributes if {
	count(${id}.deny) == 0 with input as {"resources": [{"address": "aws_mq_broker.x", "kind": "amazonmq.broker", "attributes": {}}]}
}
`;
}

/** Adds the rule to RULES in rules/index.ts, keeping imports and the list sorted by id. */
function registerRule(indexFile, id) {
  const text = readFileSync(indexFile, 'utf8');
  const imports = [...text.matchAll(/^import \{ (MQ\d{3}) \} from '\.\/MQ\d{3}\.js';$/gm)].map((match) => match[1]);
  const ids = [...new Set([...imports, id])].sort();
  const importBlock = ids.map((ruleId) => `import { ${ruleId} } from './${ruleId}.js';`).join('\n');
  const updated = text
    .replace(/(^import \{ MQ\d{3} \} from '\.\/MQ\d{3}\.js';\n)+/m, `${importBlock}\n`)
    .replace(/export const RULES: readonly RuleMetadata\[\] = \[[^\]]*\];/, `export const RULES: readonly RuleMetadata[] = [${ids.join(', ')}];`);
  writeFileSync(indexFile, updated);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [id, slug, title] = process.argv.slice(2);
  try {
    const written = scaffoldRule(ROOT, id ?? '', slug ?? '', title ?? '');
    console.log(`${written.join('\n')}\nNext: fill in the TODOs, then npm run build:rego && npm run gen:docs && npm test`);
  } catch (error) {
    console.error(`new-rule: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  }
}
