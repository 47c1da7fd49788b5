import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultScanOptions, scan } from '../../src/index.js';
import { PROJECT_ROOT } from '../support/project-root.js';
import { runCli } from '../support/run-cli.js';
import { temporaryDirectoryWith } from '../support/temporary-directory.js';

// These tests pin how brokers are evaluated and reported, so every deployment counts as production;
// test/environment covers how environments are decided.
const IN_PRODUCTION = ['--environment', 'production'];

const PLAN_FIXTURE = path.join(PROJECT_ROOT, 'fixtures/MQ001/plan-create');

async function ruleIdsByAddress(target: string): Promise<string[]> {
  const result = await scan([target], defaultScanOptions({ cwd: PROJECT_ROOT, env: {}, environment: 'production' }));
  expect(result.errors).toEqual([]);
  return result.findings.map((finding) => `${finding.ruleId} ${finding.resource.address}`).sort();
}

describe('Terraform plans', () => {
  it('gives the same rule ids for the same brokers as the configuration that produced the plan', async () => {
    const configurationOnly = mkdtempSync(path.join(tmpdir(), 'iac-mq-lint-plan-'));
    cpSync(PLAN_FIXTURE, configurationOnly, { recursive: true });
    rmSync(path.join(configurationOnly, 'plan.json'));
    const fromPlan = await ruleIdsByAddress(PLAN_FIXTURE);
    expect(fromPlan.filter((finding) => finding.startsWith('MQ001 ') || finding.startsWith('MQ012 '))).toEqual([
      'MQ001 aws_mq_broker.each["alpha"]',
      'MQ001 aws_mq_broker.single',
      'MQ001 module.counted[0].aws_mq_broker.this',
      'MQ001 module.counted[1].aws_mq_broker.this',
      // The probe's brokers run ActiveMQ 5.15.0, the version provider v1.60.0 knew.
      'MQ012 aws_mq_broker.each["alpha"]',
      'MQ012 aws_mq_broker.each["beta"]',
      'MQ012 aws_mq_broker.ha',
      'MQ012 aws_mq_broker.single',
      'MQ012 module.counted[0].aws_mq_broker.this',
      'MQ012 module.counted[1].aws_mq_broker.this',
    ]);
    expect(await ruleIdsByAddress(configurationOnly)).toEqual(fromPlan);
  });

  it('points at the plan JSON when the configuration is not on disk', async () => {
    const planOnly = temporaryDirectoryWith({ 'plan.json': readFileSync(path.join(PLAN_FIXTURE, 'plan.json'), 'utf8') });
    const run = await runCli([...IN_PRODUCTION, '.', '--format', 'json'], planOnly);
    expect(run.exitCode).toBe(1);
    const report = JSON.parse(run.stdout) as { findings: Array<{ ruleId: string; location: { file: string; startLine: number } }> };
    const findings = report.findings.filter((finding) => finding.ruleId === 'MQ001');
    expect(findings).toHaveLength(4);
    for (const finding of findings) {
      expect(finding.location.file).toBe('plan.json');
      expect(readFileSync(path.join(planOnly, 'plan.json'), 'utf8').split('\n')[finding.location.startLine - 1]).toMatch(/"deployment_mode": "SINGLE_INSTANCE"/);
    }
  });

  it('reads --config-dir for a plan kept away from its configuration', async () => {
    const planOnly = temporaryDirectoryWith({ 'plan.json': readFileSync(path.join(PLAN_FIXTURE, 'plan.json'), 'utf8') });
    const run = await runCli([...IN_PRODUCTION, path.join(planOnly, 'plan.json'), '--config-dir', PLAN_FIXTURE], PROJECT_ROOT);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('fixtures/MQ001/plan-create/main.tf:40:1  error');
  });

  it('reports a truncated plan and a plan of an unsupported format with file and line (exit 2)', async () => {
    const plan = readFileSync(path.join(PLAN_FIXTURE, 'plan.json'), 'utf8');
    const root = temporaryDirectoryWith({
      'truncated/plan.json': plan.slice(0, Math.floor(plan.length / 2)),
      'future/plan.json': plan.replace('"format_version": "1.2"', '"format_version": "2.0"'),
    });
    const run = await runCli([...IN_PRODUCTION, '.'], root);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toMatch(/truncated\/plan\.json:\d+:\d+ {2}error {2}/);
    expect(run.stdout).toMatch(/future\/plan\.json:2:\d+ {2}error {2}unsupported format_version 2\.0/);
  });

  it('ignores JSON that is neither a plan, a state nor a template', async () => {
    const root = temporaryDirectoryWith({ 'data.json': JSON.stringify({ format_version: '1.0', aws_mq_broker: 'mentioned' }) });
    const run = await runCli([...IN_PRODUCTION, '.'], root);
    expect(run.exitCode).toBe(0);
  });
});
