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
    // An id no rule will take, sorting before every rule, so that the test holds whatever rules exist.
    const written = scaffoldRule(root, 'MQ000', 'scaffold-example', 'A rule the scaffold test writes');
    expect(written).toEqual([
      'rules/MQ000.ts',
      'rego/rules/MQ000_scaffold_example.rego',
      'rego/rules/MQ000_scaffold_example_test.rego',
      'fixtures/MQ000/fail.tf',
      'fixtures/MQ000/pass.tf',
      'rules/index.ts',
    ]);
    const index = readFileSync(path.join(root, 'rules/index.ts'), 'utf8');
    expect(index).toContain("import { MQ000 } from './MQ000.js';\nimport { MQ001 } from './MQ001.js';");
    expect(index).toContain('export const RULES: readonly RuleMetadata[] = [MQ000, MQ001, ');
    expect(readFileSync(path.join(root, 'rego/rules/MQ000_scaffold_example.rego'), 'utf8')).toContain('package iac_mq_lint.rules.MQ000');
  });

  it('never reuses an id or overwrites a file', () => {
    const root = copyOfRepository();
    expect(() => scaffoldRule(root, 'MQ001', 'single-instance-activemq', 'again')).toThrow('MQ001 is taken');
    expect(() => scaffoldRule(root, 'MQ10', 'x', 'y')).toThrow('the id must look like MQ010');
    expect(() => scaffoldRule(root, 'MQ011', 'Not_Kebab', 'y')).toThrow('kebab-case');
  });
});
