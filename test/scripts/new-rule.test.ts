import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scaffoldRule } from '../../scripts/new-rule.mjs';
import { PROJECT_ROOT } from '../support/project-root.js';

/** A copy of the parts of the repository the scaffold writes to. */
function copyOfRepository(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'iac-mq-lint-new-rule-'));
  for (const folder of ['rules', 'rego', 'fixtures']) cpSync(path.join(PROJECT_ROOT, folder), path.join(root, folder), { recursive: true });
  return root;
}

describe('the new-rule scaffold', () => {
  it('writes metadata, Rego, its test and fixtures under the paths the id names, and registers the rule in order', () => {
    const root = copyOfRepository();
    // An id after every bundled rule's (ids are never reused, so the catalog never reaches it in a test's lifetime).
    const before = readFileSync(path.join(root, 'rules/index.ts'), 'utf8');
    const lastImport = [...before.matchAll(/^import \{ (MQ\d{3}) \} from '\.\/MQ\d{3}\.js';$/gm)].pop();
    const written = scaffoldRule(root, 'MQ999', 'scaffolded-rule', 'A rule the scaffold writes');
    expect(written).toEqual([
      'rules/MQ999.ts',
      'rego/rules/MQ999_scaffolded_rule.rego',
      'rego/rules/MQ999_scaffolded_rule_test.rego',
      'fixtures/MQ999/fail.tf',
      'fixtures/MQ999/pass.tf',
      'rules/index.ts',
    ]);
    const index = readFileSync(path.join(root, 'rules/index.ts'), 'utf8');
    expect(index).toContain(`${lastImport?.[0] ?? ''}\nimport { MQ999 } from './MQ999.js';`);
    expect(index).toMatch(/export const RULES: readonly RuleMetadata\[\] = \[MQ001, [^\]]*, MQ999\];/);
    expect(readFileSync(path.join(root, 'rego/rules/MQ999_scaffolded_rule.rego'), 'utf8')).toContain('package iac_mq_lint.rules.MQ999');
  });

  it('never reuses an id or overwrites a file', () => {
    const root = copyOfRepository();
    expect(() => scaffoldRule(root, 'MQ001', 'single-instance-activemq', 'again')).toThrow('MQ001 is taken');
    expect(() => scaffoldRule(root, 'MQ10', 'x', 'y')).toThrow('the id must look like MQ010');
    expect(() => scaffoldRule(root, 'MQ011', 'Not_Kebab', 'y')).toThrow('kebab-case');
  });
});
