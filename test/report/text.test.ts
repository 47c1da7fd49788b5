import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/model/finding.js';
import { LineIndex } from '../../src/model/source.js';
import { formatText } from '../../src/report/text.js';
import { SAMPLE_CWD, sampleFindings, sampleInput } from './sample-findings.js';

const ANSI_ESCAPE = /\u001b\[[0-9;]*m/g;

describe('formatText', () => {
  it('prints sorted findings with code frames and related locations, file errors, notices and a summary', () => {
    expect(formatText(sampleInput(), { color: false })).toBe(
      [
        'stacks/events.cfn.yaml:10:23  warning  RabbitMQ broker EventsBroker uses deployment mode SINGLE_INSTANCE; use CLUSTER_MULTI_AZ.  [MQ002 single-instance-rabbitmq]',
        '     9 |       HostInstanceType: mq.m5.large',
        '  > 10 |       DeploymentMode: SINGLE_INSTANCE',
        '       |                       ^~~~~~~~~~~~~~~',
        '    11 |       PubliclyAccessible: false',
        '',
        'variables.tf:3:13  error  ActiveMQ broker aws_mq_broker.orders uses deployment mode SINGLE_INSTANCE; use ACTIVE_STANDBY_MULTI_AZ.  [MQ001 single-instance-activemq]',
        '    2 |   type    = string',
        '  > 3 |   default = "SINGLE_INSTANCE"',
        '      |             ^~~~~~~~~~~~~~~~~',
        '    4 | }',
        '  ↳ main.tf:6:24  deployment_mode is set from var.deployment_mode',
        '',
        'broken.tf:4:3  error  Invalid expression: expected a value after "="',
        'secrets/unreadable.cfn.json  error  EACCES: permission denied',
        '',
        'main.tf:15:12  notice  Module legacy_queue is not on disk (run terraform init); its brokers were not checked',
        '',
        '1 error, 1 warning, 0 notes in 2 files',
        'Brokers: 2 production, 0 non-production, 1 unknown; 50% of production brokers highly available; 1 non-compliant (cost of fixing unknown: instance types not priced).',
        '2 files could not be scanned',
        '',
      ].join('\n'),
    );
  });

  it('says so when there is nothing to report', () => {
    const input = sampleInput({ errors: false });
    input.result.findings = [];
    expect(formatText(input, { color: false })).toBe(
      'No problems found.\nBrokers: 2 production, 0 non-production, 1 unknown; 50% of production brokers highly available; 0 non-compliant.\n',
    );
    input.result.brokers = [];
    expect(formatText(input, { color: false })).toBe('No problems found.\n');
  });

  it('reports unscanned files even when nothing was found', () => {
    const input = sampleInput();
    input.result.findings = [];
    expect(formatText(input, { color: false }).split('\n').slice(-4)).toEqual([
      'No findings in the files that could be scanned.',
      'Brokers: 2 production, 0 non-production, 1 unknown; 50% of production brokers highly available; 0 non-compliant.',
      '2 files could not be scanned',
      '',
    ]);
  });

  it('omits the code frame when the source is not available', () => {
    const input = { ...sampleInput({ errors: false }), readSource: () => undefined };
    expect(formatText(input, { color: false })).toBe(
      [
        'stacks/events.cfn.yaml:10:23  warning  RabbitMQ broker EventsBroker uses deployment mode SINGLE_INSTANCE; use CLUSTER_MULTI_AZ.  [MQ002 single-instance-rabbitmq]',
        '',
        'variables.tf:3:13  error  ActiveMQ broker aws_mq_broker.orders uses deployment mode SINGLE_INSTANCE; use ACTIVE_STANDBY_MULTI_AZ.  [MQ001 single-instance-activemq]',
        '  ↳ main.tf:6:24  deployment_mode is set from var.deployment_mode',
        '',
        '1 error, 1 warning, 0 notes in 2 files',
        'Brokers: 2 production, 0 non-production, 1 unknown; 50% of production brokers highly available; 1 non-compliant (cost of fixing unknown: instance types not priced).',
        '',
      ].join('\n'),
    );
  });

  it('keeps tabs in the marker indent, marks to the end of the line for multi-line ranges and clips the frame at line 1', () => {
    const text = 'resource "aws_mq_broker" "tabs" {\n\tdeployment_mode = [\n\t\t"SINGLE_INSTANCE"]\n}\n';
    const lines = new LineIndex(text);
    const start = text.indexOf('[');
    const finding: Finding = {
      ...sampleFinding('MQ001'),
      location: { file: `${SAMPLE_CWD}/tabs.tf`, range: lines.rangeAt(start, text.indexOf(']') + 1) },
      related: [],
    };
    const header: Finding = {
      ...finding,
      location: { file: `${SAMPLE_CWD}/tabs.tf`, range: lines.rangeAt(0, text.indexOf(' {')) },
    };
    const input = sampleInput({ errors: false });
    input.result.findings = [finding, header];
    input.readSource = () => text;
    const output = formatText(input, { color: false }).split('\n');
    expect(output.slice(1, 4)).toEqual([
      '  > 1 | resource "aws_mq_broker" "tabs" {',
      `      | ^${'~'.repeat('resource "aws_mq_broker" "tabs"'.length - 1)}`,
      '    2 | \tdeployment_mode = [',
    ]);
    expect(output.slice(6, 10)).toEqual([
      '    1 | resource "aws_mq_broker" "tabs" {',
      '  > 2 | \tdeployment_mode = [',
      '      | \t                  ^',
      '    3 | \t\t"SINGLE_INSTANCE"]',
    ]);
  });

  it('colours levels, positions and markers only when asked, and the colours are the only difference', () => {
    const plain = formatText(sampleInput(), { color: false });
    const coloured = formatText(sampleInput(), { color: true });
    expect(plain).not.toMatch(ANSI_ESCAPE);
    expect(coloured).toContain('\u001b[31merror\u001b[0m');
    expect(coloured).toContain('\u001b[33mwarning\u001b[0m');
    expect(coloured).toContain('\u001b[33m^~~~~~~~~~~~~~~\u001b[0m');
    expect(coloured.replace(ANSI_ESCAPE, '')).toBe(plain);
  });

  it('does not depend on the order the engine produced findings in', () => {
    const input = sampleInput();
    const reversed = { ...input, result: { ...input.result, findings: [...input.result.findings].reverse() } };
    expect(formatText(reversed, { color: false })).toBe(formatText(input, { color: false }));
  });
});

function sampleFinding(ruleId: string): Finding {
  const finding = sampleFindings(SAMPLE_CWD).find((candidate) => candidate.ruleId === ruleId);
  if (finding === undefined) throw new Error(`no sample finding for ${ruleId}`);
  return finding;
}
