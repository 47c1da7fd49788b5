import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BaselineFileError, parseBaseline } from '../../src/baseline/baseline.js';
import { runCli } from '../support/run-cli.js';
import { validateSarifWithMultitool } from '../support/sarif-multitool.js';
import { temporaryDirectoryWith } from '../support/temporary-directory.js';
import { terraformBroker } from '../support/terraform-broker.js';

const broker = (name: string) => terraformBroker(name);

const IN_PRODUCTION = ['--environment', 'production'];

describe('baselines', () => {
  it('accepts the findings it was written with, also after lines move, and fails only on new ones', { timeout: 60_000 }, async () => {
    const root = temporaryDirectoryWith({ 'main.tf': broker('orders') });
    const written = await runCli([...IN_PRODUCTION, '.', '--write-baseline', 'baseline.json'], root);
    expect(written.exitCode).toBe(0);
    expect(written.stderr).toBe('iac-mq-lint: wrote 1 findings to the baseline baseline.json\n');
    const baseline = JSON.parse(readFileSync(path.join(root, 'baseline.json'), 'utf8')) as { version: number; findings: Array<Record<string, unknown>> };
    expect(baseline.version).toBe(1);
    expect(baseline.findings.map((finding) => [finding['ruleId'], finding['resource'], finding['attribute'], finding['environment'], finding['file']])).toEqual([
      ['MQ001', 'aws_mq_broker.orders', 'deployment_mode', 'production', 'main.tf'],
    ]);

    // Unrelated edits above the broker move every line: the fingerprint does not depend on lines.
    writeFileSync(path.join(root, 'main.tf'), `# Orders messaging.\n\nlocals {\n  team = "orders"\n}\n\n${broker('orders')}`);
    const unchanged = await runCli([...IN_PRODUCTION, '.', '--baseline', 'baseline.json'], root);
    expect(unchanged.exitCode).toBe(0);
    expect(unchanged.stdout).toContain('1 finding already in the baseline, not shown');
    expect(unchanged.stdout).not.toContain('MQ001');

    writeFileSync(path.join(root, 'billing.tf'), broker('billing'));
    const added = await runCli([...IN_PRODUCTION, '.', '--baseline', 'baseline.json'], root);
    expect(added.exitCode).toBe(1);
    expect(added.stdout).toContain('billing.tf:6:33  error');
    expect(added.stdout).not.toContain('main.tf:12');

    const json = JSON.parse((await runCli([...IN_PRODUCTION, '.', '--baseline', 'baseline.json', '--format', 'json'], root)).stdout) as {
      findings: Array<{ resource: { address: string }; baselineState: string }>;
    };
    expect(json.findings.map((finding) => [finding.resource.address, finding.baselineState])).toEqual([
      ['aws_mq_broker.billing', 'new'],
      ['aws_mq_broker.orders', 'unchanged'],
    ]);
    const sarif = (await runCli([...IN_PRODUCTION, '.', '--baseline', 'baseline.json', '--format', 'sarif'], root)).stdout;
    const results = (JSON.parse(sarif) as { runs: Array<{ results: Array<{ baselineState: string }> }> }).runs[0]?.results ?? [];
    expect(results.map((result) => result.baselineState).sort()).toEqual(['new', 'unchanged']);
    const { errors, warnings } = await validateSarifWithMultitool(sarif);
    expect([...errors, ...warnings]).toEqual([]);
  });

  it('counts a finding whose environment changed as new: the environment is part of the fingerprint', async () => {
    const root = temporaryDirectoryWith({ 'main.tf': broker('orders') });
    await runCli(['.', '--unknown-environment', 'error', '--write-baseline', 'baseline.json'], root);
    const asProduction = await runCli([...IN_PRODUCTION, '.', '--baseline', 'baseline.json'], root);
    expect(asProduction.exitCode).toBe(1);
  });

  it('stops with exit 2 and a clear message for a file that is not a baseline', async () => {
    const root = temporaryDirectoryWith({ 'main.tf': broker('orders'), 'baseline.json': '{"version": 1, "findings": [{"fingerprint": "abc"}]}', 'sarif.json': '[]' });
    const bad = await runCli(['.', '--baseline', 'baseline.json'], root);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toBe('iac-mq-lint: baseline.json: finding 1 of the baseline has no valid "fingerprint"\n');
    expect((await runCli(['.', '--baseline', 'missing.json'], root)).stderr).toMatch(/^iac-mq-lint: missing\.json: cannot read the baseline: /);
    expect(() => parseBaseline('sarif.json', '[]')).toThrow(BaselineFileError);
    expect(() => parseBaseline('b.json', '{"version": 2, "findings": []}')).toThrow('unsupported baseline version 2 (expected 1)');
    expect(() => parseBaseline('b.json', '{')).toThrow(/^not a baseline: invalid JSON/);
  });
});
