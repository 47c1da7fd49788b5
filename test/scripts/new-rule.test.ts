import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
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
    const written = scaffoldRule(root, 'MQ005', 'ha-subnets-same-az', 'HA broker subnets share one Availability Zone');
    expect(written).toEqual([
      'rules/MQ005.ts',
      'rego/rules/MQ005_ha_subnets_same_az.rego',
      'rego/rules/MQ005_ha_subnets_same_az_test.rego',
      'fixtures/MQ005/fail.tf',
      'fixtures/MQ005/pass.tf',
      'rules/index.ts',
    ]);
    const index = readFileSync(path.join(root, 'rules/index.ts'), 'utf8');
    // Every rule registered before, and MQ005 among them in id order.
    const ids = [...RULES.map((rule) => rule.id), 'MQ005'].sort();
    expect(index).toContain(ids.map((id) => `import { ${id} } from './${id}.js';`).join('\n'));
    expect(index).toContain(`export const RULES: readonly RuleMetadata[] = [${ids.join(', ')}];`);
    expect(readFileSync(path.join(root, 'rego/rules/MQ005_ha_subnets_same_az.rego'), 'utf8')).toContain('package iac_mq_lint.rules.MQ005');
  });

  it('never reuses an id or overwrites a file', () => {
    const root = copyOfRepository();
    expect(() => scaffoldRule(root, 'MQ001', 'single-instance-activemq', 'again')).toThrow('MQ001 is taken');
    expect(() => scaffoldRule(root, 'MQ10', 'x', 'y')).toThrow('the id must look like MQ010');
    expect(() => scaffoldRule(root, 'MQ011', 'Not_Kebab', 'y')).toThrow('kebab-case');
  });
});
