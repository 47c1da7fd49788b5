import type { InputFormat } from '../model/resource.js';
import type { PricedEngine, RuleMetadata } from '../model/rule.js';
import { AMAZON_MQ_PRICES } from '../pricing/amazon-mq-prices.js';
import { costSentence, deploymentCost, dollarsAndCents, HIGH_AVAILABILITY_NAMES, monthlyPrice } from '../pricing/deployment-cost.js';

/** A fixture file shown in a rule's documentation: its path relative to the repository root, and its text. */
export interface ExampleFile {
  file: string;
  text: string;
}

const FORMAT_NAMES: Record<InputFormat, string> = {
  terraform: 'Terraform',
  cloudformation: 'CloudFormation',
  'terraform-plan': 'Terraform plan JSON',
  'application-config': 'application configuration (`.properties`, `.env`, `.yml`, `.json`, `.xml`, `.conf`)',
};

// The same marker grammar as the fixture runner's: `# expect: MQ001@col=33` or `// expect: …` at the end of a line.
const EXPECT_MARKER = /[ \t]*(?:#|\/\/)[ \t]*expect:.*$/;

const RULE_TABLE = /(<!-- rules:begin[^\n]*-->\r?\n)[\s\S]*?(?=<!-- rules:end -->)/g;

/** `docs/rules/<ID>.md` sits two levels below the repository root; its links climb back up. */
const DOC_TO_ROOT = '../../';

/**
 * The fixtures a rule's page shows as its failing and fixed examples: `fail.tf` and `pass.tf`, or for a rule that
 * reads only Terraform plans, `fail.tfplan.json` and `pass.tfplan.json`.
 */
export function exampleFixtures(rule: RuleMetadata): { failing: string; passing: string } {
  let extension = 'tf';
  if (!rule.formats.includes('terraform')) {
    if (rule.formats.includes('terraform-plan')) extension = 'tfplan.json';
    else if (rule.formats.includes('application-config')) extension = 'properties';
    else throw new Error(`${rule.id}: no example fixture for ${rule.formats.join(', ')}`);
  }
  return { failing: `fixtures/${rule.id}/fail.${extension}`, passing: `fixtures/${rule.id}/pass.${extension}` };
}

/** The Markdown rule table between the README's `rules:begin` and `rules:end` markers, one row per rule. */
export function formatRuleTable(rules: readonly RuleMetadata[]): string {
  const rows = rules.map((rule) => tableRow([rule.id, rule.slug, rule.level, formatControls(rule), rule.title]));
  return [tableRow(['id', 'name', 'level', 'AWS controls', 'title']), '|---|---|---|---|---|', ...rows, ''].join('\n');
}

/** The README with the text between its rule markers replaced by `table`; throws unless the markers occur exactly once. */
export function replaceRuleTable(readme: string, table: string): string {
  const matches = readme.match(RULE_TABLE) ?? [];
  if (matches.length !== 1) {
    throw new Error(`expected one <!-- rules:begin … --> … <!-- rules:end --> section, found ${matches.length}`);
  }
  return readme.replace(RULE_TABLE, (_section, begin: string) => `${begin}${table}`);
}

/** The documentation's `environments` row: where the rule reports and at which level. */
function appliesIn(rule: RuleMetadata): string {
  if (rule.appliesIn === 'production') {
    return (
      'production: the default level there; `warning` where the environment is unknown (`--unknown-environment`, ' +
      'never above the default level); ' +
      'not reported in non-production (`note` with `--include-non-production`)'
    );
  }
  if (rule.levelOutsideProduction !== undefined && rule.levelOutsideProduction !== rule.level) {
    return `every environment: the default level in production, \`${rule.levelOutsideProduction}\` in non-production and where the environment is unknown`;
  }
  return 'every environment, at the default level';
}

/**
 * The Markdown of `docs/rules/<ID>.md`: facts, rationale, remediation, message templates, and a failing and
 * a fixed example taken from fixture files, with their `# expect:` markers removed.
 */
export function formatRuleDoc(rule: RuleMetadata, examples: { failing: ExampleFile; passing: ExampleFile }): string {
  const fixtures = `fixtures/${rule.id}/`;
  const facts: Array<[string, string]> = [
    ['id', `\`${rule.id}\``],
    ['slug', `\`${rule.slug}\``],
    ['default level', `\`${rule.level}\``],
    ['environments', appliesIn(rule)],
    ['formats', rule.formats.map((format) => FORMAT_NAMES[format]).join(', ')],
    ['AWS controls it anticipates', formatControls(rule)],
    ...implementationFacts(rule),
    ['fixtures', repositoryLink(fixtures)],
  ];
  return [
    `<!-- Generated from rules/${rule.id}.ts and ${fixtures} by \`npm run gen:docs\`: edit those, not this file. -->`,
    '',
    `# ${rule.id}: ${rule.title}`,
    '',
    tableRow(['property', 'value']),
    '|---|---|',
    ...facts.map(tableRow),
    '',
    '## Why',
    '',
    rule.rationale,
    '',
    '## How to fix',
    '',
    rule.remediation,
    '',
    ...(rule.costOfFix === undefined ? [] : formatCostOfFix(rule.costOfFix.engine)),
    '## Messages',
    '',
    ...Object.entries(rule.messages).map(([messageId, template]) => `- \`${messageId}\`: ${template}`),
    '',
    '## Failing example',
    '',
    ...formatExample(examples.failing),
    '',
    '## Fixed example',
    '',
    ...formatExample(examples.passing),
    '',
  ].join('\n');
}

const PRICES_SOURCE = 'src/pricing/amazon-mq-prices.ts';

/** The "Cost of the fix" section: what a finding says about money, and the engine's rows of the price table. */
function formatCostOfFix(engine: PricedEngine): string[] {
  const table = AMAZON_MQ_PRICES;
  const rows = table.rows.filter((row) => row.engine === engine);
  const measured = rows.map((row) => (row.estimate ? undefined : deploymentCost(engine, row.instanceType))).find((cost) => cost !== undefined);
  const highAvailability = HIGH_AVAILABILITY_NAMES[engine];
  const usedSources = Object.keys(table.sources).filter((tag) => rows.some((row) => row.source.includes(`[${tag}]`)));
  return [
    '## Cost of the fix',
    '',
    `When the broker's \`host_instance_type\` is known and priced in the table shipped in the package ` +
      `(${repositoryLink(PRICES_SOURCE)}), the finding adds what the broker costs now and after the fix` +
      (measured === undefined ? '.' : `, for example:\n\n> ${costSentence(engine, measured)}`),
    '',
    'Unverified prices (derived, or from third-party tables) are marked `(estimate)`. An unknown instance type, or ' +
      'one the table has no price for, gets no cost: nothing is guessed. JSON findings carry the numbers in `params` ' +
      '(`instanceType`, `monthlyCost`, `haMonthlyCost`, `costDelta`, `costEstimate`), SARIF results in `properties.cost`. ' +
      `Only ${table.region} prices are known: when the broker's Region is another one (Terraform \`provider "aws"\` ` +
      '`region`, or the ARN in a plan or state), the sentence says that Region\'s prices may differ.',
    '',
    `On-demand broker-instance prices in ${table.region}, checked ${table.checked}, per month of ${table.hoursPerMonth} ` +
      'hours, storage not included. They are refreshed from the AWS Price List API before each release; check the ' +
      'current ones there before deciding.',
    '',
    tableRow(['instance type', 'single instance / month', `${highAvailability} / month`, 'difference', 'source', 'estimate']),
    '|---|---|---|---|---|---|',
    ...rows.map((row) => {
      const cost = deploymentCost(engine, row.instanceType);
      return tableRow([
        `\`${row.instanceType}\``,
        dollarsAndCents(monthlyPrice(row.singleHourly)),
        cost ? dollarsAndCents(cost.highAvailabilityMonthly) : '–',
        cost ? `+${dollarsAndCents(cost.delta)}` : '–',
        row.source,
        row.estimate ? 'yes' : 'no',
      ]);
    }),
    '',
    ...usedSources.map((tag) => `- [${tag}] ${table.sources[tag] ?? ''}`),
    '',
  ];
}

// A rule that anticipates no AWS control says so rather than leaving the cell empty.
function formatControls(rule: RuleMetadata): string {
  return rule.controls.length > 0 ? rule.controls.join(', ') : 'none';
}

function implementationFacts(rule: RuleMetadata): Array<[string, string]> {
  const implementation = rule.implementation;
  if (implementation.language === 'typescript') {
    return [
      ['implementation', `TypeScript: ${implementation.whyNotRego}`],
      ['source', repositoryLink(`rules/${rule.id}.ts`)],
    ];
  }
  // Rego identifiers cannot contain hyphens, and the rule's file name follows them: the slug with underscores.
  const source = `rego/rules/${rule.id}_${rule.slug.replaceAll('-', '_')}.rego`;
  return [
    ['implementation', `Rego, package \`${implementation.package}\``],
    ['source', repositoryLink(source)],
  ];
}

function formatExample(example: ExampleFile): string[] {
  const lines = example.text
    .replace(/\s+$/, '')
    .split(/\r?\n/)
    .map((line) => line.replace(EXPECT_MARKER, ''));
  // A fence longer than any backtick run in the example, so the example cannot close it early.
  const longestBackticks = Math.max(0, ...(example.text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longestBackticks + 1));
  const language = example.file.endsWith('.json') ? 'json' : example.file.endsWith('.properties') ? 'properties' : 'hcl';
  return [`From ${repositoryLink(example.file)}:`, '', `${fence}${language}`, ...lines, fence];
}

function repositoryLink(file: string): string {
  return `[\`${file}\`](${DOC_TO_ROOT}${file})`;
}

function tableRow(cells: readonly string[]): string {
  return `| ${cells.map((cell) => cell.replaceAll('|', '\\|')).join(' | ')} |`;
}
