import type { PricedEngine } from '../model/rule.js';

/** The on-demand hourly price of one broker instance type of one engine, single and highly available. */
export interface BrokerInstancePrice {
  engine: PricedEngine;
  /** Lower case, as the Amazon MQ API spells it: `mq.m5.large`. */
  instanceType: string;
  /** US dollars per hour of a `SINGLE_INSTANCE` broker. */
  singleHourly: number;
  /**
   * US dollars per hour of the whole high-availability deployment (the Price List API's `Multi-AZ` SKU: two brokers
   * for ActiveMQ active/standby, three nodes for a RabbitMQ cluster), or null when no source gives it.
   */
  highAvailabilityHourly: number | null;
  /** Where the numbers come from, with the fact sheet's source tag (`sources` says what it stands for). */
  source: string;
  /** True for derived or third-party numbers, which are unverified: the fact sheet marks them UNCERTAIN. */
  estimate: boolean;
}

/** A dated table of broker prices in one Region. */
export interface BrokerPriceTable {
  region: string;
  /** The month the prices were checked, `YYYY-MM`. */
  checked: string;
  hoursPerMonth: number;
  /** What the source tags of `rows` stand for. */
  sources: Record<string, string>;
  rows: readonly BrokerInstancePrice[];
}

const INFRACOST = 'Infracost [S55]';
const THIRD_PARTY = 'third-party price table [S56]';
const M5_SCALED = 'derived: Infracost [S55] mq.m5.large scaled linearly';

/**
 * Amazon MQ on-demand broker-instance prices in us-east-1, from the project fact sheet on Amazon MQ (§7.2 Pricing).
 * Storage is billed on top and left out. The scanner stays offline, so these numbers age: refresh them from the AWS
 * Price List API (service code `AmazonMQ`, product family `Broker Instances`, `deploymentOption` `Single-AZ` and
 * `Multi-AZ`) before every release, and move `checked` with them. The fact sheet's RabbitMQ `mq.m7g.medium` figure is
 * a range from anecdotes ($56–66 a month), not a price, so it is left out rather than guessed.
 */
export const AMAZON_MQ_PRICES: BrokerPriceTable = deepFreeze({
  region: 'us-east-1',
  checked: '2026-10',
  hoursPerMonth: 730,
  sources: {
    S55: 'Infracost `internal/resources/aws/mq_broker.go` and its us-east-1 golden test file (prices from the AWS Price List API)',
    S56: 'third-party price tables in public repositories, one "us-east-1 on-demand, checked October 2026"',
  },
  rows: [
    // Infracost prices only the single instance of mq.t2.micro; whether it supports active/standby is unverified.
    { engine: 'ACTIVEMQ', instanceType: 'mq.t2.micro', singleHourly: 0.03, highAvailabilityHourly: null, source: INFRACOST, estimate: false },
    // Whether mq.t3.micro supports active/standby, and at which price, is unverified: 2× the single instance.
    { engine: 'ACTIVEMQ', instanceType: 'mq.t3.micro', singleHourly: 0.027, highAvailabilityHourly: 0.054, source: `${THIRD_PARTY}; active/standby 2×`, estimate: true },
    // Infracost measures the active/standby price; the single instance is half of it.
    { engine: 'ACTIVEMQ', instanceType: 'mq.m5.large', singleHourly: 0.288, highAvailabilityHourly: 0.576, source: INFRACOST, estimate: false },
    { engine: 'ACTIVEMQ', instanceType: 'mq.m5.xlarge', singleHourly: 0.576, highAvailabilityHourly: 1.152, source: M5_SCALED, estimate: true },
    { engine: 'ACTIVEMQ', instanceType: 'mq.m5.2xlarge', singleHourly: 1.152, highAvailabilityHourly: 2.304, source: M5_SCALED, estimate: true },
    { engine: 'ACTIVEMQ', instanceType: 'mq.m5.4xlarge', singleHourly: 2.304, highAvailabilityHourly: 4.608, source: M5_SCALED, estimate: true },
    { engine: 'RABBITMQ', instanceType: 'mq.m5.large', singleHourly: 0.288, highAvailabilityHourly: 0.864, source: 'derived: half of Infracost [S55] mq.m5.xlarge', estimate: true },
    { engine: 'RABBITMQ', instanceType: 'mq.m5.xlarge', singleHourly: 0.576, highAvailabilityHourly: 1.728, source: INFRACOST, estimate: false },
    { engine: 'RABBITMQ', instanceType: 'mq.m7g.large', singleHourly: 0.2734, highAvailabilityHourly: 0.8202, source: `${THIRD_PARTY}; cluster 3×`, estimate: true },
  ],
});

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const nested of Object.values(value)) deepFreeze(nested);
    Object.freeze(value);
  }
  return value;
}
