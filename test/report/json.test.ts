import { describe, expect, it } from 'vitest';
import { formatJson, type JsonReport } from '../../src/report/json.js';
import { sampleInput } from './sample-findings.js';

describe('formatJson', () => {
  it('writes version 1 with relative paths, 1-based positions and every finding field', () => {
    const output = formatJson(sampleInput());
    const report = JSON.parse(output) as JsonReport;
    expect(Object.keys(report)).toEqual(['version', 'tool', 'findings', 'errors', 'notices']);
    expect(report.version).toBe(1);
    expect(report.tool).toEqual({
      name: 'iac-mq-lint',
      version: '0.1.0',
      informationUri: 'https://github.com/example/iac-mq-lint',
    });
    expect(report.findings.map((finding) => finding.ruleId)).toEqual(['MQ002', 'MQ001']);
    expect(report.findings[1]).toEqual({
      ruleId: 'MQ001',
      ruleSlug: 'single-instance-activemq',
      level: 'error',
      message: 'ActiveMQ broker aws_mq_broker.orders uses deployment mode SINGLE_INSTANCE; use ACTIVE_STANDBY_MULTI_AZ.',
      messageId: 'singleInstance',
      params: { broker: 'aws_mq_broker.orders', mode: 'SINGLE_INSTANCE' },
      resource: { address: 'aws_mq_broker.orders', type: 'aws_mq_broker', format: 'terraform' },
      attribute: 'deployment_mode',
      location: { file: 'variables.tf', startLine: 3, startColumn: 13, endLine: 3, endColumn: 30 },
      related: [
        {
          file: 'main.tf',
          startLine: 6,
          startColumn: 24,
          endLine: 6,
          endColumn: 43,
          message: 'deployment_mode is set from var.deployment_mode',
        },
      ],
      environment: 'production',
      contexts: [{ name: 'prod.tfvars', reason: 'tag Environment=prod; var file prod.tfvars' }],
      evidence: [
        { context: 'prod.tfvars', kind: 'tag', description: 'tag Environment=prod', file: 'main.tf', line: 6, column: 24 },
        { context: 'prod.tfvars', kind: 'context-name', description: 'var file prod.tfvars' },
      ],
      fingerprint: '4f0c2b7e9a1d5c3e',
    });
    expect(report.findings[0]?.location.file).toBe('stacks/events.cfn.yaml');
    expect(report.errors).toEqual([
      { file: 'broken.tf', line: 4, column: 3, message: 'Invalid expression: expected a value after "="' },
      { file: 'secrets/unreadable.cfn.json', line: null, column: null, message: 'EACCES: permission denied' },
    ]);
    expect(report.notices).toEqual([
      {
        file: 'main.tf',
        line: 15,
        column: 12,
        message: 'Module legacy_queue is not on disk (run terraform init); its brokers were not checked',
      },
    ]);
  });

  it('keeps a fixed key order, sorted params, a 2-space indent and a trailing newline', () => {
    const output = formatJson(sampleInput());
    expect(output.endsWith('}\n')).toBe(true);
    expect(output.split('\n')[1]).toBe('  "version": 1,');
    const finding = (JSON.parse(output) as JsonReport).findings[0];
    expect(Object.keys(finding ?? {})).toEqual([
      'ruleId',
      'ruleSlug',
      'level',
      'message',
      'messageId',
      'params',
      'resource',
      'attribute',
      'location',
      'related',
      'environment',
      'contexts',
      'evidence',
      'fingerprint',
    ]);
    expect(Object.keys(finding?.params ?? {})).toEqual(['broker', 'mode']);
  });

  it('is the same whatever order the engine produced findings and errors in', () => {
    const input = sampleInput();
    const shuffled = {
      ...input,
      result: {
        ...input.result,
        findings: [...input.result.findings].reverse(),
        errors: [...input.result.errors].reverse(),
      },
    };
    expect(formatJson(shuffled)).toBe(formatJson(input));
  });

  it('writes null for an absent attribute and empty arrays for a clean scan', () => {
    const input = sampleInput({ errors: false });
    const [first] = input.result.findings;
    if (first === undefined) throw new Error('no sample finding');
    const { attribute: _attribute, ...withoutAttribute } = first;
    input.result.findings = [withoutAttribute];
    const report = JSON.parse(formatJson(input)) as JsonReport;
    expect(report.findings[0]?.attribute).toBeNull();
    expect(report.errors).toEqual([]);
    expect(report.notices).toEqual([]);
  });
});
