import type { DeploymentCost } from '../model/finding.js';
import type { Resource } from '../model/resource.js';
import type { MessageParams, PricedEngine } from '../model/rule.js';
import { toPlain } from '../model/value.js';
import { AMAZON_MQ_PRICES, type BrokerInstancePrice, type BrokerPriceTable } from './amazon-mq-prices.js';

/** What each engine's high-availability deployment is called in a cost sentence. */
export const HIGH_AVAILABILITY_NAMES: Record<PricedEngine, string> = {
  ACTIVEMQ: 'active/standby',
  RABBITMQ: '3-node cluster',
};

/** The table row of an engine's instance type, compared case-insensitively as AWS does; undefined when not priced. */
export function findBrokerPrice(engine: PricedEngine, instanceType: string, table: BrokerPriceTable = AMAZON_MQ_PRICES): BrokerInstancePrice | undefined {
  const wanted = instanceType.trim().toLowerCase();
  return table.rows.find((row) => row.engine === engine && row.instanceType === wanted);
}

/** US dollars per month for an hourly price, rounded to cents. */
export function monthlyPrice(hourly: number, table: BrokerPriceTable = AMAZON_MQ_PRICES): number {
  return toCents(hourly * table.hoursPerMonth);
}

/**
 * What an engine's instance type costs a month as a single instance and highly available; undefined when the table
 * has no price for either, so nothing is ever guessed.
 */
export function deploymentCost(engine: PricedEngine, instanceType: string, region?: string, table: BrokerPriceTable = AMAZON_MQ_PRICES): DeploymentCost | undefined {
  const row = findBrokerPrice(engine, instanceType, table);
  if (row?.highAvailabilityHourly == null) return undefined;
  const monthly = monthlyPrice(row.singleHourly, table);
  const highAvailabilityMonthly = monthlyPrice(row.highAvailabilityHourly, table);
  const cost: DeploymentCost = {
    instanceType: row.instanceType,
    monthly,
    highAvailabilityMonthly,
    delta: toCents(highAvailabilityMonthly - monthly),
    estimate: row.estimate,
    pricesRegion: table.region,
    pricesChecked: table.checked,
  };
  if (region !== undefined) cost.region = region;
  return cost;
}

/** The cost of a broker whose `host_instance_type` is known; undefined when it is unknown or not priced. */
export function brokerDeploymentCost(engine: PricedEngine, resource: Resource): DeploymentCost | undefined {
  const attribute = resource.attributes.host_instance_type;
  const instanceType = attribute && toPlain(attribute.value);
  return typeof instanceType === 'string' ? deploymentCost(engine, instanceType, resource.region) : undefined;
}

/**
 * The sentence a finding ends with: `Cost: mq.m5.large single instance about $210/month, active/standby about
 * $420/month (+$210) at us-east-1 prices of 2026-10.`, with `(estimate)` for unverified prices and a warning when the
 * broker's Region is another one.
 */
export function costSentence(engine: PricedEngine, cost: DeploymentCost): string {
  const otherRegion = cost.region !== undefined && cost.region.toLowerCase() !== cost.pricesRegion ? `; ${cost.region} may differ` : '';
  return (
    `Cost${cost.estimate ? ' (estimate)' : ''}: ${cost.instanceType} single instance about ${wholeDollars(cost.monthly)}/month, ` +
    `${HIGH_AVAILABILITY_NAMES[engine]} about ${wholeDollars(cost.highAvailabilityMonthly)}/month (+${wholeDollars(cost.delta)}) ` +
    `at ${cost.pricesRegion} prices of ${cost.pricesChecked}${otherRegion}.`
  );
}

/** The numbers a finding's params carry, for JSON and SARIF readers. */
export function costParams(cost: DeploymentCost): MessageParams {
  return { instanceType: cost.instanceType, monthlyCost: cost.monthly, haMonthlyCost: cost.highAvailabilityMonthly, costDelta: cost.delta, costEstimate: cost.estimate };
}

/** `$1,261`: whole dollars with thousands separators, independent of the machine's locale. */
export function wholeDollars(amount: number): string {
  return `$${groupThousands(String(Math.round(amount)))}`;
}

/** `$1,261.44`: dollars and cents with thousands separators, independent of the machine's locale. */
export function dollarsAndCents(amount: number): string {
  const [whole = '0', cents = '00'] = amount.toFixed(2).split('.');
  return `$${groupThousands(whole)}.${cents}`;
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+$)/g, ',');
}

function toCents(amount: number): number {
  return Math.round(amount * 100) / 100;
}
