import type { ScanResult } from '../model/finding.js';

/** The numbers a FinOps or platform team tracks (issue 7): brokers by environment, HA share, debt and its price. */
export interface HighAvailabilityKpis {
  production: number;
  nonProduction: number;
  unknown: number;
  /** Percentage of production brokers that are highly available, rounded down; undefined without production brokers. */
  productionHighlyAvailablePercent?: number;
  /** Brokers with an MQ001/MQ002 finding that fails the run: single instances where they must not be. */
  nonCompliant: number;
  /** Estimated monthly cost of making them highly available, in US dollars (brokers whose instance type is priced). */
  monthlyCostOfFixing: number;
  /** Non-compliant brokers whose cost is unknown (instance type unknown or not in the price table). */
  unpriced: number;
}

const DEPLOYMENT_MODE_RULES = new Set(['MQ001', 'MQ002']);

/** Computes the KPIs of a scan; baseline findings count, because the debt is still there. */
export function highAvailabilityKpis(result: ScanResult): HighAvailabilityKpis {
  const count = (environment: string) => result.brokers.filter((broker) => broker.environment === environment).length;
  const production = result.brokers.filter((broker) => broker.environment === 'production');
  const kpis: HighAvailabilityKpis = {
    production: production.length,
    nonProduction: count('non-production'),
    unknown: count('unknown'),
    nonCompliant: 0,
    monthlyCostOfFixing: 0,
    unpriced: 0,
  };
  if (production.length > 0) {
    kpis.productionHighlyAvailablePercent = Math.floor((100 * production.filter((broker) => broker.highlyAvailable).length) / production.length);
  }
  const counted = new Set<string>();
  for (const finding of result.findings) {
    if (!DEPLOYMENT_MODE_RULES.has(finding.ruleId) || finding.level !== 'error') continue;
    const key = `${finding.resource.root}\u0000${finding.resource.address}`;
    if (counted.has(key)) continue;
    counted.add(key);
    kpis.nonCompliant++;
    if (finding.cost) kpis.monthlyCostOfFixing += finding.cost.delta;
    else kpis.unpriced++;
  }
  kpis.monthlyCostOfFixing = Math.round(kpis.monthlyCostOfFixing * 100) / 100;
  return kpis;
}

/** One line for the end of a text report; nothing when the scan found no broker at all. */
export function formatKpiLine(kpis: HighAvailabilityKpis): string | undefined {
  const total = kpis.production + kpis.nonProduction + kpis.unknown;
  if (total === 0) return undefined;
  const share = kpis.productionHighlyAvailablePercent === undefined ? 'no production brokers' : `${kpis.productionHighlyAvailablePercent}% of production brokers highly available`;
  return `Brokers: ${kpis.production} production, ${kpis.nonProduction} non-production, ${kpis.unknown} unknown; ${share}; ${kpis.nonCompliant} non-compliant${costOfFixing(kpis)}.`;
}

function costOfFixing(kpis: HighAvailabilityKpis): string {
  if (kpis.nonCompliant === 0) return '';
  const priced = kpis.nonCompliant - kpis.unpriced;
  if (priced === 0) return ' (cost of fixing unknown: instance types not priced)';
  const unpriced = kpis.unpriced > 0 ? `, plus ${kpis.unpriced} not priced` : '';
  return `, about $${Math.round(kpis.monthlyCostOfFixing).toLocaleString('en-US')}/month more to make highly available${unpriced}`;
}
