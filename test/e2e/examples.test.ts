import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../support/project-root.js';
import { runCli } from '../support/run-cli.js';

interface JsonFinding {
  ruleId: string;
  location: { file: string; startLine: number; startColumn: number };
}

/** The README promises three findings in the bundled examples; each is pinned with the source line it must point at. */
const EXPECTED = [
  { ruleId: 'MQ002', file: 'examples/cloudformation/messaging.yaml', line: 20, column: 23, source: '      DeploymentMode: SINGLE_INSTANCE' },
  { ruleId: 'MQ001', file: 'examples/terraform/main.tf', line: 40, column: 1, source: 'resource "aws_mq_broker" "payments" {' },
  { ruleId: 'MQ002', file: 'examples/terraform/variables.tf', line: 13, column: 14, source: '  default = "SINGLE_INSTANCE"' },
];

function sourceLine(file: string, line: number): string | undefined {
  return readFileSync(path.join(PROJECT_ROOT, file), 'utf8').split(/\r?\n/)[line - 1];
}

describe('the README quick start over examples/', () => {
  it('pins the expectations to the lines they name', () => {
    // Guards the pins themselves: an edit of the example that moves a line fails here, with the line shown.
    for (const expected of EXPECTED) expect(sourceLine(expected.file, expected.line), expected.ruleId).toBe(expected.source);
    // The MQ002 pin is the default of orders_deployment_mode, not some other variable's.
    expect(sourceLine('examples/terraform/variables.tf', 11)).toBe('variable "orders_deployment_mode" {');
    // The CloudFormation pin is the prod entry of the mapping, the default environment's.
    expect(sourceLine('examples/cloudformation/messaging.yaml', 19)).toBe('    prod:');
  });

  it('exits 1 with exactly the three findings', { timeout: 60_000 }, async () => {
    const quickStart = await runCli(['examples/'], PROJECT_ROOT);
    expect(quickStart.stderr).toBe('');
    expect(quickStart.exitCode).toBe(1);

    const report = await runCli(['examples/', '--format', 'json'], PROJECT_ROOT);
    expect(report.exitCode).toBe(1);
    const findings = (JSON.parse(report.stdout) as { findings: JsonFinding[] }).findings.map((finding) => ({
      ruleId: finding.ruleId,
      file: finding.location.file,
      line: finding.location.startLine,
      column: finding.location.startColumn,
      source: sourceLine(finding.location.file, finding.location.startLine),
    }));
    expect(findings).toEqual(EXPECTED);
  });
});
