import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RULES, TYPESCRIPT_RULES } from '../../rules/index.js';
import type { RuleAnnotation } from '../../scripts/build-rego.mjs';
import type { InputFormat } from '../../src/model/resource.js';
import type { Level, RuleMetadata } from '../../src/model/rule.js';
import { AMAZON_MQ_PRICES } from '../../src/pricing/amazon-mq-prices.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const RULE_ID = /^MQ\d{3}$/;
const KEBAB_CASE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const LEVELS: readonly Level[] = ['error', 'warning', 'note'];
// The engine's placeholder syntax (formatMessage in src/engine/run-rules.ts).
const PLACEHOLDER = /\{(\w+)\}/g;
// The engine adds the resource address to every finding's params.
const ENGINE_PARAMS = ['resource'];

// How a fixture's name ends for each input format, as STYLE.md names them (`fail.tf`, `pass.cfn.yaml`, `fail.tfplan.json`).
const FIXTURE_SUFFIXES: Record<InputFormat, RegExp> = {
  terraform: /\.tf(?:\.json)?$/,
  cloudformation: /\.cfn(?:-[a-z]+)?\.(?:ya?ml|json)$/,
  'terraform-plan': /\.tfplan\.json$/,
  'application-config': /\.(?:properties|env|ya?ml|json|xml|conf)$/,
};

const readText = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

/** `rego/rules/<ID>_<slug>.rego`, the slug spelled with underscores as Rego identifiers are. */
function regoSource(rule: RuleMetadata): string {
  return `rego/rules/${rule.id}_${rule.slug.replaceAll('-', '_')}.rego`;
}

/** The placeholder values a rule's findings carry: the keys of the literal `"params": {…}` objects in its Rego. */
function emittedParams(rule: RuleMetadata): string[] {
  if (rule.implementation.language !== 'rego') {
    throw new Error(`${rule.id} is a TypeScript rule: teach this test which params it emits`);
  }
  const source = regoSource(rule);
  const objects = [...readText(source).matchAll(/"params"\s*:\s*\{([^{}]*)\}/g)].map((match) => match[1] ?? '');
  if (objects.length === 0) throw new Error(`${source} has no literal "params": {…} object to read placeholder names from`);
  return objects.flatMap((object) => [...object.matchAll(/"(\w+)"\s*:/g)].map((key) => key[1] ?? ''));
}

const ruleFiles = readdirSync(path.join(ROOT, 'rules'))
  .filter((name) => name.endsWith('.ts') && name !== 'index.ts')
  .sort();

describe('RULES', () => {
  it('has one rules/<ID>.ts per rule, exporting that rule under its id', async () => {
    expect(ruleFiles).toEqual(RULES.map((rule) => `${rule.id}.ts`).sort());
    for (const name of ruleFiles) {
      const id = name.slice(0, -'.ts'.length);
      const module = (await import(pathToFileURL(path.join(ROOT, 'rules', name)).href)) as Record<string, unknown>;
      expect(Object.keys(module), `rules/${name} exports`).toEqual([id]);
      expect(RULES, `rules/${name} exports the rule listed in RULES`).toContain(module[id]);
    }
  });

  it('is sorted by id, and ids and slugs are unique', () => {
    const ids = RULES.map((rule) => rule.id);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
    const slugs = RULES.map((rule) => rule.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
  });

  it('lists TypeScript metadata exactly when TYPESCRIPT_RULES has the rule', () => {
    expect(TYPESCRIPT_RULES.map((rule) => rule.meta)).toEqual(
      RULES.filter((rule) => rule.implementation.language === 'typescript'),
    );
  });
});

const annotations = JSON.parse(readText('policy/rules.json')) as RuleAnnotation[];

for (const rule of RULES) {
  describe(`${rule.id} metadata`, () => {
    it('has a well-formed id, slug and level', () => {
      expect(rule.id).toMatch(RULE_ID);
      expect(rule.slug).toMatch(KEBAB_CASE);
      expect(LEVELS).toContain(rule.level);
    });

    if (rule.levelOutsideProduction !== undefined) {
      it('is milder outside production, which only an every-environment rule can be', () => {
        expect(rule.appliesIn).toBe('every-environment');
        expect(LEVELS.indexOf(rule.levelOutsideProduction as Level)).toBeGreaterThan(LEVELS.indexOf(rule.level));
      });
    }

    it('has a title, rationale and remediation', () => {
      expect(rule.title.trim()).not.toBe('');
      expect(rule.rationale.trim()).not.toBe('');
      expect(rule.remediation.trim()).not.toBe('');
    });

    it(`has its helpUri at docs/rules/${rule.id}.md`, () => {
      const url = new URL(rule.helpUri);
      expect(url.protocol).toBe('https:');
      expect(url.pathname.endsWith(`/docs/rules/${rule.id}.md`), rule.helpUri).toBe(true);
    });

    it('has message templates that end with a period and use only the params its findings carry', () => {
      const known = new Set([...ENGINE_PARAMS, ...emittedParams(rule)]);
      const templates = Object.entries(rule.messages);
      expect(templates.length).toBeGreaterThan(0);
      for (const [messageId, template] of templates) {
        // The SARIF Multitool warns about a message that does not end with a period.
        expect(template.endsWith('.'), `message ${messageId} ends with a period`).toBe(true);
        for (const [, placeholder] of template.matchAll(PLACEHOLDER)) {
          expect(known.has(placeholder ?? ''), `message ${messageId}: {${placeholder}} is not among ${[...known].join(', ')}`).toBe(true);
        }
      }
    });

    const costOfFix = rule.costOfFix;
    if (costOfFix !== undefined) {
      it('prices the fix of its own engine, which the price table has high-availability prices for', () => {
        expect(rule.tags).toContain(costOfFix.engine.toLowerCase());
        expect(AMAZON_MQ_PRICES.rows.filter((row) => row.engine === costOfFix.engine && row.highAvailabilityHourly !== null).length).toBeGreaterThan(0);
      });
    }

    if (rule.implementation.language === 'rego') {
      const { package: regoPackage } = rule.implementation;

      it('matches its Rego METADATA in policy/rules.json', () => {
        const message = `rules/${rule.id}.ts and the METADATA of ${regoSource(rule)} disagree (policy/rules.json is built from the Rego by \`npm run build:rego\`)`;
        expect(annotations.find((annotation) => annotation.id === rule.id), message).toEqual({
          id: rule.id,
          slug: rule.slug,
          title: rule.title,
          package: regoPackage,
        });
      });

      it('has its Rego source and _test.rego', () => {
        const source = regoSource(rule);
        expect(existsSync(path.join(ROOT, source)), source).toBe(true);
        const test = source.replace(/\.rego$/, '_test.rego');
        expect(existsSync(path.join(ROOT, test)), test).toBe(true);
      });
    }

    it(`has fixtures/${rule.id}/ with a fail.* and a pass.* file`, () => {
      const directory = path.join(ROOT, 'fixtures', rule.id);
      expect(existsSync(directory), `fixtures/${rule.id}/`).toBe(true);
      const files = readdirSync(directory, { withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => entry.name);
      expect(files.some((name) => name.startsWith('fail.')), 'a fail.* fixture').toBe(true);
      expect(files.some((name) => name.startsWith('pass.')), 'a pass.* fixture').toBe(true);
    });

    it(`has a fail and a pass fixture for each of its formats (${rule.formats.join(', ')})`, () => {
      expect(rule.formats.length).toBeGreaterThan(0);
      const files = readdirSync(path.join(ROOT, 'fixtures', rule.id));
      for (const format of rule.formats) {
        for (const kind of ['fail', 'pass']) {
          const found = files.some((name) => name.startsWith(`${kind}.`) && FIXTURE_SUFFIXES[format].test(name));
          expect(found, `fixtures/${rule.id}/${kind}.* for ${format}`).toBe(true);
        }
      }
    });
  });
}
