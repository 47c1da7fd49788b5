import type * as Sarif from 'sarif';
import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../src/model/source.js';
import { formatSarif } from '../../src/report/sarif.js';
import { SAMPLE_CWD, sampleInput } from './sample-findings.js';

function parse(output: string): { log: Sarif.Log; run: Sarif.Run } {
  const log = JSON.parse(output) as Sarif.Log;
  const run = log.runs[0];
  if (run === undefined) throw new Error('no run');
  return { log, run };
}

describe('formatSarif', () => {
  it('writes a SARIF 2.1.0 log with the driver and a descriptor per rule that ran', () => {
    const { log, run } = parse(formatSarif(sampleInput()));
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    expect(run.columnKind).toBe('utf16CodeUnits');
    const { rules, ...driver } = run.tool.driver;
    expect(driver).toEqual({
      name: 'iac-mq-lint',
      version: '0.1.0',
      semanticVersion: '0.1.0',
      informationUri: 'https://github.com/example/iac-mq-lint',
    });
    expect(rules?.map((rule) => rule.id)).toEqual(['MQ001', 'MQ002']);
    expect(rules?.[0]).toEqual({
      id: 'MQ001',
      name: 'single-instance-activemq',
      shortDescription: { text: 'ActiveMQ brokers should use active/standby deployment' },
      fullDescription: {
        text: 'A SINGLE_INSTANCE ActiveMQ broker is unavailable during maintenance windows and when its Availability Zone fails.',
        markdown:
          'A `SINGLE_INSTANCE` ActiveMQ broker is unavailable during maintenance windows and when its Availability Zone fails.',
      },
      help: {
        text: [
          'A SINGLE_INSTANCE ActiveMQ broker is unavailable during maintenance windows and when its Availability Zone fails.',
          '',
          'Remediation:',
          'Set deployment_mode to ACTIVE_STANDBY_MULTI_AZ and give the broker two subnets. The mode cannot be changed in place: the broker is replaced.',
          '',
          'Related controls:',
          '- Security Hub MQ.5',
          '- AWS Config mq-active-deployment-mode',
          '',
          'More information: https://github.com/example/iac-mq-lint/blob/main/docs/rules/MQ001.md',
        ].join('\n'),
        markdown: [
          'A `SINGLE_INSTANCE` ActiveMQ broker is unavailable during maintenance windows and when its Availability Zone fails.',
          '',
          '## Remediation',
          '',
          'Set `deployment_mode` to `ACTIVE_STANDBY_MULTI_AZ` and give the broker two subnets. The mode cannot be changed in place: **the broker is replaced**.',
          '',
          '## Related controls',
          '',
          '- Security Hub MQ.5',
          '- AWS Config mq-active-deployment-mode',
          '',
          'More information: [MQ001 single-instance-activemq](https://github.com/example/iac-mq-lint/blob/main/docs/rules/MQ001.md)',
        ].join('\n'),
      },
      helpUri: 'https://github.com/example/iac-mq-lint/blob/main/docs/rules/MQ001.md',
      defaultConfiguration: { level: 'error' },
      properties: {
        tags: ['security', 'reliability', 'amazon-mq'],
        precision: 'high',
        'problem.severity': 'error',
        'security-severity': '3.0',
      },
    });
    expect(rules?.[1]?.properties?.['problem.severity']).toBe('warning');
  });

  it('writes each finding as a sorted result with an exact region, snippet, resource and fingerprint', () => {
    const { run } = parse(formatSarif(sampleInput()));
    expect(run.results?.map((result) => result.ruleId)).toEqual(['MQ002', 'MQ001']);
    expect(run.results?.[1]).toEqual({
      ruleId: 'MQ001',
      ruleIndex: 0,
      level: 'error',
      message: {
        text: 'ActiveMQ broker aws_mq_broker.orders uses deployment mode SINGLE_INSTANCE; use ACTIVE_STANDBY_MULTI_AZ.',
      },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'variables.tf', uriBaseId: '%SRCROOT%', index: 4 },
            region: {
              startLine: 3,
              startColumn: 13,
              endLine: 3,
              endColumn: 30,
              snippet: { text: '"SINGLE_INSTANCE"' },
            },
            contextRegion: { startLine: 3, endLine: 3, snippet: { text: '  default = "SINGLE_INSTANCE"' } },
          },
          logicalLocations: [{ fullyQualifiedName: 'aws_mq_broker.orders', kind: 'resource' }],
        },
      ],
      relatedLocations: [
        {
          id: 1,
          physicalLocation: {
            artifactLocation: { uri: 'main.tf', uriBaseId: '%SRCROOT%', index: 1 },
            region: {
              startLine: 6,
              startColumn: 24,
              endLine: 6,
              endColumn: 43,
              snippet: { text: 'var.deployment_mode' },
            },
            contextRegion: {
              startLine: 6,
              endLine: 6,
              snippet: { text: '  deployment_mode    = var.deployment_mode' },
            },
          },
          message: { text: 'deployment_mode is set from var.deployment_mode' },
        },
      ],
      partialFingerprints: { 'iacMqLint/v1': '4f0c2b7e9a1d5c3e' },
      properties: {
        resource: 'aws_mq_broker.orders',
        attribute: 'deployment_mode',
        messageId: 'singleInstance',
        environment: 'production',
        contexts: [{ name: 'prod.tfvars', reason: 'tag Environment=prod; var file prod.tfvars' }],
        evidence: [
          { context: 'prod.tfvars', kind: 'tag', description: 'tag Environment=prod', file: 'main.tf', line: 6, column: 24 },
          { context: 'prod.tfvars', kind: 'context-name', description: 'var file prod.tfvars' },
        ],
      },
    });
    expect(run.results?.[0]?.relatedLocations).toBeUndefined();
    expect(run.results?.[0]?.ruleIndex).toBe(1);
  });

  it('carries the price of the fix in the result properties, in US dollars, only for findings that have one', () => {
    const input = sampleInput();
    const [first, ...others] = input.result.findings;
    if (!first) throw new Error('no sample finding');
    const cost = { instanceType: 'mq.m5.large', monthly: 210.24, highAvailabilityMonthly: 420.48, delta: 210.24, estimate: false, pricesRegion: 'us-east-1', pricesChecked: '2026-10', region: 'eu-west-1' };
    const { run } = parse(formatSarif({ ...input, result: { ...input.result, findings: [{ ...first, cost }, ...others] } }));
    const costs = Object.fromEntries(run.results?.map((result) => [result.ruleId, result.properties?.['cost']]) ?? []);
    expect(costs).toEqual({ MQ001: { currency: 'USD', ...cost }, MQ002: undefined });
    expect(run.results?.find((result) => result.ruleId === 'MQ002')?.properties).not.toHaveProperty('cost');
  });

  it('lists every referenced file once, relative to %SRCROOT%, and points the base at the working directory', () => {
    const { run } = parse(formatSarif(sampleInput()));
    expect(run.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///work/project/' } });
    expect(run.artifacts?.map((artifact) => artifact.location?.uri)).toEqual([
      'broken.tf',
      'main.tf',
      'secrets/unreadable.cfn.json',
      'stacks/events.cfn.yaml',
      'variables.tf',
    ]);
    expect(run.artifacts?.[0]).toEqual({
      location: { uri: 'broken.tf', uriBaseId: '%SRCROOT%' },
      roles: ['analysisTarget'],
    });
  });

  it('reports file errors and notices as tool execution notifications', () => {
    const { run } = parse(formatSarif(sampleInput()));
    expect(run.invocations).toEqual([
      {
        executionSuccessful: false,
        toolExecutionNotifications: [
          {
            level: 'error',
            message: { text: 'Invalid expression: expected a value after "="' },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: 'broken.tf', uriBaseId: '%SRCROOT%', index: 0 },
                  region: { startLine: 4, startColumn: 3 },
                },
              },
            ],
          },
          {
            level: 'error',
            message: { text: 'EACCES: permission denied' },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: 'secrets/unreadable.cfn.json', uriBaseId: '%SRCROOT%', index: 2 },
                },
              },
            ],
          },
          {
            level: 'note',
            message: { text: 'Module legacy_queue is not on disk (run terraform init); its brokers were not checked' },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: 'main.tf', uriBaseId: '%SRCROOT%', index: 1 },
                  region: { startLine: 15, startColumn: 12 },
                },
              },
            ],
          },
        ],
      },
    ]);
    expect(parse(formatSarif(sampleInput({ errors: false }))).run.invocations).toEqual([{ executionSuccessful: true }]);
  });

  it('omits snippets without source, and the context region when the region already is whole lines', () => {
    const withoutSource = parse(formatSarif({ ...sampleInput(), readSource: () => undefined })).run;
    const physicalLocation = withoutSource.results?.[1]?.locations?.[0]?.physicalLocation;
    expect(physicalLocation?.region).toEqual({ startLine: 3, startColumn: 13, endLine: 3, endColumn: 30 });
    expect(physicalLocation?.contextRegion).toBeUndefined();

    const text = 'resource "aws_mq_broker" "a" {\n  deployment_mode = "SINGLE_INSTANCE"\n}\n';
    const input = sampleInput({ errors: false });
    const [finding] = input.result.findings;
    if (finding === undefined) throw new Error('no sample finding');
    input.result.findings = [
      { ...finding, location: { file: `${SAMPLE_CWD}/a.tf`, range: new LineIndex(text).rangeAt(0, text.indexOf('\n}')) } },
    ];
    input.readSource = () => text;
    const wholeLines = parse(formatSarif(input)).run.results?.[0]?.locations?.[0]?.physicalLocation;
    expect(wholeLines?.region).toEqual({
      startLine: 1,
      startColumn: 1,
      endLine: 2,
      endColumn: 38,
      snippet: { text: 'resource "aws_mq_broker" "a" {\n  deployment_mode = "SINGLE_INSTANCE"' },
    });
    expect(wholeLines?.contextRegion).toBeUndefined();
  });

  it('gives files outside the working directory an absolute file URI and percent-encodes paths', () => {
    const input = sampleInput({ errors: false });
    const [finding] = input.result.findings;
    if (finding === undefined) throw new Error('no sample finding');
    input.result.findings = [
      {
        ...finding,
        location: { ...finding.location, file: `${SAMPLE_CWD}/env #1/main.tf` },
        related: [{ ...finding.location, file: '/work/shared-modules/mq/main.tf', message: 'module source' }],
      },
    ];
    const { run } = parse(formatSarif(input));
    expect(run.artifacts?.map((artifact) => artifact.location)).toEqual([
      { uri: 'env%20%231/main.tf', uriBaseId: '%SRCROOT%' },
      { uri: 'file:///work/shared-modules/mq/main.tf' },
    ]);
    expect(run.results?.[0]?.relatedLocations?.[0]?.physicalLocation?.artifactLocation).toEqual({
      uri: 'file:///work/shared-modules/mq/main.tf',
      index: 1,
    });
  });

  it('is byte-for-byte the same whatever order the engine produced findings in, with a trailing newline', () => {
    const input = sampleInput();
    const reversed = { ...input, result: { ...input.result, findings: [...input.result.findings].reverse() } };
    const output = formatSarif(input);
    expect(formatSarif(reversed)).toBe(output);
    expect(output.endsWith('}\n')).toBe(true);
    expect(output.split('\n')[1]).toBe('  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",');
    expect(output).not.toMatch(/Time/);
  });
});
