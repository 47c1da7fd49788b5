import { describe, expect, it } from 'vitest';
import { defaultScanOptions, scan, type ScanResult } from '../../src/index.js';
import { runCli } from '../support/run-cli.js';
import { validateSarifWithMultitool } from '../support/sarif-multitool.js';
import { temporaryDirectoryWith } from '../support/temporary-directory.js';
import { terraformBroker } from '../support/terraform-broker.js';

const TODAY = '2026-11-25';

const broker = terraformBroker;

async function scanned(root: string): Promise<ScanResult> {
  return scan(['.'], defaultScanOptions({ cwd: root, env: {}, environment: 'production', today: TODAY }));
}

function summary(result: ScanResult): Array<[string, string, string | undefined]> {
  return result.findings.map((finding) => [finding.ruleId, finding.resource.address, finding.suppression?.justification]);
}

describe('inline suppressions', () => {
  it('suppress on the resource, on the attribute and on the module call, with their reasons', async () => {
    const root = temporaryDirectoryWith({
      'main.tf':
        broker('above', '"SINGLE_INSTANCE"', '# iac-mq-lint:ignore MQ001 reason="replaced by orders-ha in Q1" until=2027-03-31\n') +
        broker('trailing', '"SINGLE_INSTANCE"', '', ' // iac-mq-lint:ignore MQ001 reason="load test only"') +
        broker('reported', '"SINGLE_INSTANCE"') +
        '# iac-mq-lint:ignore MQ001 reason="vendor module, tracked in OPS-12"\nmodule "legacy" {\n  source = "./modules/legacy"\n}\n',
      'modules/legacy/main.tf': broker('this', '"SINGLE_INSTANCE"'),
    });
    const result = await scanned(root);
    expect(summary(result)).toEqual(
      expect.arrayContaining([
        ['MQ001', 'aws_mq_broker.above', 'replaced by orders-ha in Q1'],
        ['MQ001', 'aws_mq_broker.trailing', 'load test only'],
        ['MQ001', 'aws_mq_broker.reported', undefined],
        ['MQ001', 'module.legacy.aws_mq_broker.this', 'vendor module, tracked in OPS-12'],
      ]),
    );
    expect(result.notices).toEqual([]);
    const run = await runCli(['.', '--environment', 'production'], root);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('3 findings suppressed, not shown');
    expect(run.stdout.match(/ {2}error {2}/g)).toHaveLength(1);
  });

  it('stops suppressing after until=, asks for a missing reason and reports a directive that suppresses nothing', async () => {
    const root = temporaryDirectoryWith({
      'main.tf':
        broker('expired', '"SINGLE_INSTANCE"', '# iac-mq-lint:ignore MQ001 reason="temporary" until=2026-01-31\n') +
        broker('unexplained', '"SINGLE_INSTANCE"', '# iac-mq-lint:ignore MQ001\n') +
        broker('fine', '"ACTIVE_STANDBY_MULTI_AZ"', '# iac-mq-lint:ignore MQ001 reason="nothing to hide"\n') +
        '# iac-mq-lint:ignore MQ1 reason="typo"\n',
    });
    const result = await scanned(root);
    expect(summary(result).filter(([rule]) => rule === 'MQ001')).toEqual([
      ['MQ001', 'aws_mq_broker.expired', undefined],
      ['MQ001', 'aws_mq_broker.unexplained', ''],
    ]);
    expect(result.notices.map((notice) => `${notice.line}:${notice.column} ${notice.message}`)).toEqual([
      '61:1 iac-mq-lint:ignore names "MQ1", which is not a rule id like MQ001',
      '1:1 warning: this suppression of MQ001 expired on 2026-01-31; the finding is reported again',
      '21:1 warning: suppression of MQ001 has no reason; add reason="…" (it suppresses all the same)',
      '41:1 warning: suppression of MQ001 suppresses nothing here; remove it',
    ]);
  });

  it('reads YAML comments and CloudFormation Metadata, and keeps suppressed results in SARIF with their justification', { timeout: 60_000 }, async () => {
    const template = (name: string, metadata: string, comment: string) => `  ${name}:
    Type: AWS::AmazonMQ::Broker
${metadata}    Properties:
      BrokerName: ${name}
      EngineType: ACTIVEMQ
      EngineVersion: "5.18"
      HostInstanceType: mq.m5.large
      DeploymentMode: SINGLE_INSTANCE${comment}
      PubliclyAccessible: false
      AutoMinorVersionUpgrade: true
      SubnetIds: [subnet-0a1b2c3d4e5f60718]
      Logs:
        Audit: true
      Tags:
        - Key: Owner
          Value: orders
      Users:
        - Username: admin
          Password: "{{resolve:secretsmanager:mq:SecretString:password}}"
`;
    const root = temporaryDirectoryWith({
      'broker.yaml':
        'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n' +
        template('Commented', '', ' # iac-mq-lint:ignore MQ001 reason="batch broker, queues are replayable"') +
        template('WithMetadata', '    Metadata:\n      iac-mq-lint:\n        ignore:\n          - id: MQ001\n            reason: "scheduled for replacement"\n            until: 2027-03-31\n', '') +
        template('Plain', '', ''),
    });
    const result = await scanned(root);
    expect(summary(result).filter(([rule]) => rule === 'MQ001')).toEqual([
      ['MQ001', 'Commented', 'batch broker, queues are replayable'],
      ['MQ001', 'Plain', undefined],
      ['MQ001', 'WithMetadata', 'scheduled for replacement'],
    ]);
    const sarif = (await runCli(['.', '--environment', 'production', '--format', 'sarif'], root)).stdout;
    const results = (JSON.parse(sarif) as { runs: Array<{ results: Array<{ ruleId: string; suppressions?: Array<{ kind: string; justification: string }> }> }> }).runs[0]?.results ?? [];
    expect(results.filter((item) => item.ruleId === 'MQ001').map((item) => item.suppressions?.[0]?.justification ?? null).sort()).toEqual([
      'batch broker, queues are replayable',
      'scheduled for replacement',
      null,
    ].sort());
    const { errors, warnings } = await validateSarifWithMultitool(sarif);
    expect([...errors, ...warnings]).toEqual([]);
  });
});

describe('suppressions in .iac-mq-lint.yml', () => {
  it('suppress by path and address with a reason (external in SARIF), and report one that suppresses nothing', { timeout: 60_000 }, async () => {
    const root = temporaryDirectoryWith({
      '.iac-mq-lint.yml': [
        'suppressions:',
        '  - rule: MQ001',
        '    path: vendor/',
        '    reason: "vendored, replaced by the platform team in Q1"',
        '  - rule: MQ001',
        '    path: main.tf',
        '    address: aws_mq_broker.reports',
        '    reason: "batch only"',
        '    until: 2027-03-31',
        '  - rule: MQ002',
        '    path: main.tf',
        '    reason: "no RabbitMQ here"',
        '',
      ].join('\n'),
      'main.tf': broker('reports', '"SINGLE_INSTANCE"') + broker('orders', '"SINGLE_INSTANCE"'),
      'vendor/main.tf': broker('vendored', '"SINGLE_INSTANCE"'),
    });
    const run = await runCli(['.', '--environment', 'production', '--format', 'json'], root);
    const report = JSON.parse(run.stdout) as {
      findings: Array<{ ruleId: string; resource: { address: string }; suppression?: { kind: string; justification: string; file: string; startLine: number } }>;
      notices: Array<{ file: string; line: number; message: string }>;
    };
    expect(report.findings.filter((finding) => finding.ruleId === 'MQ001').map((finding) => [finding.resource.address, finding.suppression?.kind, finding.suppression?.startLine])).toEqual([
      ['aws_mq_broker.reports', 'external', 5],
      ['aws_mq_broker.orders', undefined, undefined],
      ['aws_mq_broker.vendored', 'external', 2],
    ]);
    expect(report.notices).toEqual([{ file: '.iac-mq-lint.yml', line: 10, column: 5, message: 'warning: suppression of MQ002 suppresses nothing here; remove it' }]);
    expect(run.exitCode).toBe(1);
    const sarif = (await runCli(['.', '--environment', 'production', '--format', 'sarif'], root)).stdout;
    const { errors, warnings } = await validateSarifWithMultitool(sarif);
    expect([...errors, ...warnings]).toEqual([]);
  });

  it('requires a reason', async () => {
    const root = temporaryDirectoryWith({ '.iac-mq-lint.yml': 'suppressions:\n  - rule: MQ001\n    path: main.tf\n', 'main.tf': broker('orders', '"SINGLE_INSTANCE"') });
    const run = await runCli(['.'], root);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^iac-mq-lint: \.iac-mq-lint\.yml:2:\d+: .*reason/);
  });
});
