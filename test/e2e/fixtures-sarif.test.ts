import type * as Sarif from 'sarif';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { PROJECT_ROOT } from '../support/project-root.js';
import { runCli } from '../support/run-cli.js';
import { validateSarifWithMultitool } from '../support/sarif-multitool.js';

// Every rule has fail fixtures, so every rule has results and a descriptor.
const RULE_IDS = RULES.map((rule) => rule.id);

/** Every artifact location of a run: of results, related locations, notifications and the artifacts table. */
function artifactLocationsIn(value: unknown): Sarif.ArtifactLocation[] {
  return collectByKey(value, ['artifactLocation', 'location']).filter(
    (candidate): candidate is Sarif.ArtifactLocation => typeof (candidate as Sarif.ArtifactLocation).uri === 'string',
  );
}

/** Every region and context region of a run. */
function regionsIn(value: unknown): Sarif.Region[] {
  return collectByKey(value, ['region', 'contextRegion']) as Sarif.Region[];
}

function collectByKey(value: unknown, keys: string[]): object[] {
  if (Array.isArray(value)) return value.flatMap((item) => collectByKey(item, keys));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => [
    ...(keys.includes(key) && typeof child === 'object' && child !== null ? [child] : []),
    ...collectByKey(child, keys),
  ]);
}

describe('SARIF of the whole fixtures directory', () => {
  it('is valid for the SARIF Multitool and GitHub, well-formed, and the same on every run', { timeout: 120_000 }, async () => {
    const first = await runCli(['fixtures', '--format', 'sarif'], PROJECT_ROOT);
    expect(first.stderr).toBe('');
    expect(first.exitCode).toBe(1);

    const { errors, warnings } = await validateSarifWithMultitool(first.stdout);
    expect([...errors, ...warnings], [...errors, ...warnings].join('\n')).toEqual([]);

    const log = JSON.parse(first.stdout) as Sarif.Log;
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0];
    if (run === undefined) throw new Error('the log has no run');
    const results = run.results ?? [];
    expect(results.length).toBeGreaterThan(0);
    for (const result of results) {
      expect(RULE_IDS).toContain(result.ruleId);
      expect(Object.keys(result.partialFingerprints ?? {}), result.ruleId).not.toEqual([]);
    }
    const uris = artifactLocationsIn(run).map((location) => location.uri ?? '');
    expect(uris.length).toBeGreaterThanOrEqual(results.length);
    expect(uris.filter((uri) => !uri.startsWith('fixtures/') || uri.includes('\\') || uri.includes(':'))).toEqual([]);
    const regions = regionsIn(run);
    expect(regions.length).toBeGreaterThanOrEqual(results.length);
    expect(regions.filter((region) => !(region.startLine !== undefined && region.startLine >= 1))).toEqual([]);
    const rules = run.tool.driver.rules ?? [];
    expect(rules.map((rule) => rule.id)).toEqual(RULE_IDS);
    for (const rule of rules) {
      expect(rule.fullDescription?.text, rule.id).toBeTruthy();
      expect(rule.help?.text, rule.id).toBeTruthy();
      expect(rule.help?.markdown, rule.id).toBeTruthy();
    }

    const second = await runCli(['fixtures', '--format', 'sarif'], PROJECT_ROOT);
    expect(second.exitCode).toBe(first.exitCode);
    expect(second.stdout).toBe(first.stdout);
  });
});
