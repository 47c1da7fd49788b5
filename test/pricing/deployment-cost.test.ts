import { describe, expect, it } from 'vitest';
import { AMAZON_MQ_PRICES } from '../../src/pricing/amazon-mq-prices.js';
import { costParams, costSentence, deploymentCost, dollarsAndCents, findBrokerPrice, monthlyPrice, wholeDollars } from '../../src/pricing/deployment-cost.js';

describe('the Amazon MQ price table', () => {
  it('is dated, in us-east-1, 730 hours a month, and cannot be changed at run time', () => {
    expect(AMAZON_MQ_PRICES).toMatchObject({ region: 'us-east-1', checked: '2026-10', hoursPerMonth: 730 });
    expect(Object.isFrozen(AMAZON_MQ_PRICES)).toBe(true);
    expect(Object.isFrozen(AMAZON_MQ_PRICES.rows)).toBe(true);
    expect(AMAZON_MQ_PRICES.rows.every((row) => Object.isFrozen(row))).toBe(true);
  });

  it('has one row per engine and instance type, spelled in lower case, each with a source tag the table explains', () => {
    const keys = AMAZON_MQ_PRICES.rows.map((row) => `${row.engine} ${row.instanceType}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const row of AMAZON_MQ_PRICES.rows) {
      expect(row.instanceType).toBe(row.instanceType.toLowerCase());
      const tags = [...row.source.matchAll(/\[(S\d+)\]/g)].map((match) => match[1] ?? '');
      expect(tags.length, row.instanceType).toBeGreaterThan(0);
      for (const tag of tags) expect(Object.keys(AMAZON_MQ_PRICES.sources)).toContain(tag);
    }
  });

  it('prices ActiveMQ active/standby at 2× and a RabbitMQ cluster at 3× the single instance', () => {
    for (const row of AMAZON_MQ_PRICES.rows) {
      if (row.highAvailabilityHourly === null) continue;
      const factor = row.engine === 'ACTIVEMQ' ? 2 : 3;
      expect(row.highAvailabilityHourly, `${row.engine} ${row.instanceType}`).toBeCloseTo(row.singleHourly * factor, 10);
    }
  });

  it('marks as estimates exactly the rows the fact sheet does not measure (all but Infracost m5.large, m5.xlarge and t2.micro)', () => {
    const measured = AMAZON_MQ_PRICES.rows.filter((row) => !row.estimate).map((row) => `${row.engine} ${row.instanceType}`);
    expect(measured).toEqual(['ACTIVEMQ mq.t2.micro', 'ACTIVEMQ mq.m5.large', 'RABBITMQ mq.m5.xlarge']);
  });
});

describe('findBrokerPrice', () => {
  it('compares instance types case-insensitively and per engine', () => {
    expect(findBrokerPrice('ACTIVEMQ', 'MQ.M5.Large')?.singleHourly).toBe(0.288);
    expect(findBrokerPrice('RABBITMQ', ' mq.m7g.large ')?.singleHourly).toBe(0.2734);
    expect(findBrokerPrice('ACTIVEMQ', 'mq.m7g.large')).toBeUndefined();
  });

  it('finds nothing for an instance type the table does not list', () => {
    expect(findBrokerPrice('ACTIVEMQ', 'mq.m7g.2xlarge')).toBeUndefined();
    expect(findBrokerPrice('RABBITMQ', 'mq.m7g.medium')).toBeUndefined();
  });
});

describe('deploymentCost', () => {
  it('gives monthly prices at 730 hours, rounded to cents, and the difference', () => {
    expect(deploymentCost('ACTIVEMQ', 'mq.m5.large')).toStrictEqual({
      instanceType: 'mq.m5.large',
      monthly: 210.24,
      highAvailabilityMonthly: 420.48,
      delta: 210.24,
      estimate: false,
      pricesRegion: 'us-east-1',
      pricesChecked: '2026-10',
    });
    expect(deploymentCost('RABBITMQ', 'mq.m5.xlarge')).toMatchObject({ monthly: 420.48, highAvailabilityMonthly: 1261.44, delta: 840.96, estimate: false });
    expect(deploymentCost('RABBITMQ', 'mq.m7g.large')).toMatchObject({ monthly: 199.58, highAvailabilityMonthly: 598.75, delta: 399.17, estimate: true });
    expect(monthlyPrice(0.03)).toBe(21.9);
  });

  it('says nothing when the instance type is not priced, or only its single instance is', () => {
    expect(deploymentCost('ACTIVEMQ', 'mq.x1.huge')).toBeUndefined();
    expect(deploymentCost('ACTIVEMQ', 'mq.t2.micro')).toBeUndefined();
  });

  it('keeps the Region of the broker beside the Region of the prices', () => {
    expect(deploymentCost('ACTIVEMQ', 'mq.m5.large', 'eu-west-1')).toMatchObject({ pricesRegion: 'us-east-1', region: 'eu-west-1' });
  });
});

describe('costSentence', () => {
  it('names the instance type, both monthly prices and the difference, at the dated us-east-1 prices', () => {
    const cost = deploymentCost('ACTIVEMQ', 'mq.m5.large');
    if (!cost) throw new Error('mq.m5.large is priced');
    expect(costSentence('ACTIVEMQ', cost)).toBe(
      'Cost: mq.m5.large single instance about $210/month, active/standby about $420/month (+$210) at us-east-1 prices of 2026-10.',
    );
    expect(costSentence('ACTIVEMQ', { ...cost, region: 'us-east-1' })).toBe(costSentence('ACTIVEMQ', cost));
    expect(costSentence('ACTIVEMQ', { ...cost, region: 'eu-central-1' })).toBe(
      'Cost: mq.m5.large single instance about $210/month, active/standby about $420/month (+$210) at us-east-1 prices of 2026-10; eu-central-1 may differ.',
    );
  });

  it('calls a RabbitMQ cluster by its size and marks unverified prices as an estimate', () => {
    const cost = deploymentCost('RABBITMQ', 'mq.m5.large');
    if (!cost) throw new Error('mq.m5.large is priced');
    expect(costSentence('RABBITMQ', cost)).toBe(
      'Cost (estimate): mq.m5.large single instance about $210/month, 3-node cluster about $631/month (+$420) at us-east-1 prices of 2026-10.',
    );
  });

  it('gives the numbers as params for JSON and SARIF readers', () => {
    const cost = deploymentCost('RABBITMQ', 'MQ.M5.XLARGE');
    if (!cost) throw new Error('mq.m5.xlarge is priced');
    expect(costParams(cost)).toStrictEqual({ instanceType: 'mq.m5.xlarge', monthlyCost: 420.48, haMonthlyCost: 1261.44, costDelta: 840.96, costEstimate: false });
  });
});

describe('dollar amounts', () => {
  it('group thousands whatever the locale', () => {
    expect(wholeDollars(1261.44)).toBe('$1,261');
    expect(wholeDollars(19.71)).toBe('$20');
    expect(dollarsAndCents(3363.84)).toBe('$3,363.84');
    expect(dollarsAndCents(21.9)).toBe('$21.90');
    expect(dollarsAndCents(1234567.5)).toBe('$1,234,567.50');
  });
});
