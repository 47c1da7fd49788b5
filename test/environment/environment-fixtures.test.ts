import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { findProjectConfig, loadProjectConfig } from '../../src/config/project-config.js';
import { defaultScanOptions, scan } from '../../src/index.js';
import { collectExpectations, compareFindings, REPO_ROOT, repoRelative, toActual } from '../fixtures/expectations.js';

const ENVIRONMENT_FIXTURES = path.join(REPO_ROOT, 'fixtures', 'environments');
// The cases are written with single-instance brokers: every production rule takes its level from the same code, and
// the other rules' findings on these brokers are pinned in their own fixtures.
const ENVIRONMENT_RULES = ['MQ001', 'MQ002'];
// The first scan loads and instantiates the wasm bundle.
const SCAN_TIMEOUT_MS = 30_000;

const cases = readdirSync(ENVIRONMENT_FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe('environment fixtures', () => {
  it('exist', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  for (const name of cases) {
    const target = path.join(ENVIRONMENT_FIXTURES, name);
    it(`fixtures/environments/${name}`, { timeout: SCAN_TIMEOUT_MS }, async () => {
      const expected = collectExpectations(target);
      // Here the level is the point: every expectation pins it.
      expect(expected.filter((finding) => finding.level === undefined), `${name}: every marker must pin @level`).toEqual([]);
      // A case may carry its own .iac-mq-lint.yml, found from the case directory upwards as the CLI finds it.
      const configFile = findProjectConfig(target);
      const config = configFile === undefined ? undefined : await loadProjectConfig(configFile, { knownRuleIds: RULES.map((rule) => rule.id) });
      const result = await scan([target], defaultScanOptions({ cwd: REPO_ROOT, env: {}, onlyRules: ENVIRONMENT_RULES, ...(config ? { config } : {}) }));
      expect.soft(result.errors, `${name}: the scan reported file errors`).toEqual([]);
      const comparison = compareFindings(expected, result.findings.map(toActual));
      const notices = result.notices.map((notice) => `  notice: ${repoRelative(notice.file)}:${notice.line ?? 0}: ${notice.message}`);
      expect.soft(comparison.actual, `${name}: findings differ from the expectations\n${[comparison.report, ...notices].join('\n')}\n`).toEqual(comparison.expected);
    });
  }
});
