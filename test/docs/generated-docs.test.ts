import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { exampleFixtures, formatRuleDoc, formatRuleTable, replaceRuleTable, type ExampleFile } from '../../src/report/rule-docs.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DOCS_DIR = 'docs/rules';
const REGENERATE = 'run `npm run gen:docs`';
// Relative Markdown links; absolute URLs are not checked here.
const RELATIVE_LINK = /\]\((?![a-z]+:)([^)\s]+)\)/g;

// Git may check files out with CRLF on Windows; the content is the same.
const readText = (file: string) => readFileSync(path.join(ROOT, file), 'utf8').replace(/\r\n/g, '\n');
const readExample = (file: string): ExampleFile => ({ file, text: readText(file) });

describe('generated documentation', () => {
  it('has the current rule table in README.md', () => {
    const readme = readText('README.md');
    expect(readme, `README.md's rule table is stale: ${REGENERATE}`).toBe(replaceRuleTable(readme, formatRuleTable(RULES)));
  });

  for (const rule of RULES) {
    const doc = `${DOCS_DIR}/${rule.id}.md`;

    it(`has the current ${doc}`, () => {
      expect(existsSync(path.join(ROOT, doc)), `${doc} is missing: ${REGENERATE}`).toBe(true);
      const fixtures = exampleFixtures(rule);
      const generated = formatRuleDoc(rule, { failing: readExample(fixtures.failing), passing: readExample(fixtures.passing) });
      expect(readText(doc), `${doc} is stale: ${REGENERATE}`).toBe(generated);
    });

    it(`links only to files that exist from ${doc}`, () => {
      const targets = [...readText(doc).matchAll(RELATIVE_LINK)].map((match) => match[1] ?? '');
      expect(targets.length).toBeGreaterThan(0);
      for (const target of targets) {
        expect(existsSync(path.join(ROOT, DOCS_DIR, target)), `${doc} links to ${target}`).toBe(true);
      }
    });
  }

  it('shows the HCL fixtures of a Terraform rule, and the plan JSON fixtures of a rule that reads only plans', () => {
    const [rule] = RULES;
    if (rule === undefined) throw new Error('no rules');
    expect(exampleFixtures({ ...rule, formats: ['terraform', 'terraform-plan'] })).toEqual({
      failing: `fixtures/${rule.id}/fail.tf`,
      passing: `fixtures/${rule.id}/pass.tf`,
    });
    const planOnly = { ...rule, formats: ['terraform-plan' as const] };
    expect(exampleFixtures(planOnly)).toEqual({
      failing: `fixtures/${rule.id}/fail.tfplan.json`,
      passing: `fixtures/${rule.id}/pass.tfplan.json`,
    });
    const example = { file: `fixtures/${rule.id}/fail.tfplan.json`, text: '{"format_version": "1.2"}\n' };
    expect(formatRuleDoc(planOnly, { failing: example, passing: example })).toContain('```json\n{"format_version": "1.2"}\n```');
    expect(() => exampleFixtures({ ...rule, formats: ['cloudformation'] })).toThrow(/no example fixture/);
  });

  it('shows the price of the fix, from the dated price table, only for rules with costOfFix', () => {
    const docOf = (id: string) => {
      const rule = RULES.find((candidate) => candidate.id === id);
      if (rule === undefined) throw new Error(`no rule ${id}`);
      const fixtures = exampleFixtures(rule);
      return formatRuleDoc(rule, { failing: readExample(fixtures.failing), passing: readExample(fixtures.passing) });
    };
    const activeMq = docOf('MQ001');
    expect(activeMq).toContain('## Cost of the fix');
    expect(activeMq).toContain('> Cost: mq.m5.large single instance about $210/month, active/standby about $420/month (+$210) at us-east-1 prices of 2026-10.');
    expect(activeMq).toContain('| instance type | single instance / month | active/standby / month | difference | source | estimate |');
    expect(activeMq).toContain('| `mq.m5.large` | $210.24 | $420.48 | +$210.24 | Infracost [S55] | no |');
    expect(activeMq).toContain('| `mq.t2.micro` | $21.90 | – | – | Infracost [S55] | no |');
    expect(activeMq).toContain('checked 2026-10');
    expect(activeMq).not.toContain('mq.m7g.large');
    const rabbitMq = docOf('MQ002');
    expect(rabbitMq).toContain('| `mq.m5.xlarge` | $420.48 | $1,261.44 | +$840.96 | Infracost [S55] | no |');
    expect(rabbitMq).toContain('| `mq.m7g.large` | $199.58 | $598.75 | +$399.17 | third-party price table [S56]; cluster 3× | yes |');
    for (const rule of RULES.filter((candidate) => candidate.costOfFix === undefined)) expect(docOf(rule.id)).not.toContain('Cost of the fix');
  });

  it(`has no page in ${DOCS_DIR}/ for a rule that is not in RULES`, () => {
    const pages = readdirSync(path.join(ROOT, DOCS_DIR)).filter((name) => name.endsWith('.md'));
    const orphans = pages.filter((name) => !RULES.some((rule) => `${rule.id}.md` === name));
    expect(orphans, `pages for rules not in RULES: ${REGENERATE} (it removes them)`).toEqual([]);
  });
});
