import { describe, expect, it } from 'vitest';
import { formatGithub } from '../../src/report/github.js';
import { sampleInput } from './sample-findings.js';

describe('formatGithub', () => {
  it('writes one workflow command per finding on its exact range, then file errors, notices and the summary', () => {
    const lines = formatGithub(sampleInput()).split('\n');
    expect(lines).toEqual([
      '::warning file=stacks/events.cfn.yaml,line=10,col=23,endLine=10,endColumn=38,title=MQ002 single-instance-rabbitmq::RabbitMQ broker EventsBroker uses deployment mode SINGLE_INSTANCE; use CLUSTER_MULTI_AZ.',
      '::error file=variables.tf,line=3,col=13,endLine=3,endColumn=30,title=MQ001 single-instance-activemq::ActiveMQ broker aws_mq_broker.orders uses deployment mode SINGLE_INSTANCE; use ACTIVE_STANDBY_MULTI_AZ.',
      '::error file=broken.tf,line=4,col=3,title=iac-mq-lint%3A file not scanned::Invalid expression: expected a value after "="',
      '::error file=secrets/unreadable.cfn.json,title=iac-mq-lint%3A file not scanned::EACCES: permission denied',
      '::notice file=main.tf,line=15,col=12,title=iac-mq-lint%3A not checked::Module legacy_queue is not on disk (run terraform init); its brokers were not checked',
      'iac-mq-lint: 1 error, 1 warning, 0 notes; 2 files could not be scanned',
      'iac-mq-lint: Brokers: 2 production, 0 non-production, 1 unknown; 50% of production brokers highly available; 1 non-compliant (cost of fixing unknown: instance types not priced).',
      '',
    ]);
  });

  it('escapes what would end a command early, and leaves out findings a baseline holds', () => {
    const input = sampleInput({ errors: false });
    const [first, second] = input.result.findings;
    if (!first || !second) throw new Error('the sample has two findings');
    input.result.findings = [
      { ...first, message: '100% single\r\ninstance', location: { ...first.location, file: `${input.cwd}/a,b:c.tf` } },
      { ...second, baselineState: 'unchanged' },
    ];
    const [command] = formatGithub(input).split('\n');
    expect(command).toBe('::error file=a%2Cb%3Ac.tf,line=3,col=13,endLine=3,endColumn=30,title=MQ001 single-instance-activemq::100%25 single%0D%0Ainstance');
    expect(formatGithub(input)).not.toContain('MQ002');
  });
});
