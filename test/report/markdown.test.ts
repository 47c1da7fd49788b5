import { describe, expect, it } from 'vitest';
import { formatMarkdown } from '../../src/report/markdown.js';
import { sampleInput } from './sample-findings.js';

describe('formatMarkdown', () => {
  it('writes a findings table, the files that could not be scanned and the high-availability KPIs', () => {
    expect(formatMarkdown(sampleInput())).toBe(
      [
        '## iac-mq-lint',
        '',
        '| level | rule | location | message |',
        '|---|---|---|---|',
        '| 🟠 warning | [MQ002](https://github.com/example/iac-mq-lint/blob/main/docs/rules/MQ002.md) `single-instance-rabbitmq` | `stacks/events.cfn.yaml:10:23` | RabbitMQ broker EventsBroker uses deployment mode SINGLE_INSTANCE; use CLUSTER_MULTI_AZ. |',
        '| 🔴 error | [MQ001](https://github.com/example/iac-mq-lint/blob/main/docs/rules/MQ001.md) `single-instance-activemq` | `variables.tf:3:13` | ActiveMQ broker aws_mq_broker.orders uses deployment mode SINGLE_INSTANCE; use ACTIVE_STANDBY_MULTI_AZ. |',
        '',
        '**Files that could not be scanned**',
        '',
        '- `broken.tf:4:3`: Invalid expression: expected a value after "="',
        '- `secrets/unreadable.cfn.json`: EACCES: permission denied',
        '',
        '**High availability**',
        '',
        '| brokers in production | non-production | unknown environment | production brokers highly available | non-compliant brokers | monthly cost of fixing them |',
        '|---|---|---|---|---|---|',
        '| 2 | 0 | 1 | 50% | 1 | unknown (instance types not priced) |',
        '',
      ].join('\n'),
    );
  });

  it('keeps a message with pipes and line breaks inside its cell', () => {
    const input = sampleInput({ errors: false });
    const [first] = input.result.findings;
    if (!first) throw new Error('the sample has a finding');
    input.result.findings = [{ ...first, message: 'a | b\nc' }];
    expect(formatMarkdown(input)).toContain('| a \\| b c |');
  });

  it('says so when there is nothing to report', () => {
    const input = sampleInput({ errors: false });
    input.result.findings = [];
    input.result.brokers = [];
    expect(formatMarkdown(input)).toBe('## iac-mq-lint\n\nNo problems found.\n');
  });
});
