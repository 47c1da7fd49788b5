import { describe, expect, it } from 'vitest';
import { formatKpiLine, highAvailabilityKpis } from '../../src/report/kpis.js';
import { sampleInput } from './sample-findings.js';

describe('high-availability KPIs', () => {
  it('counts brokers by environment, the highly available share of production, and the priced debt', () => {
    const input = sampleInput();
    const [mq001] = input.result.findings;
    if (!mq001) throw new Error('the sample has an MQ001 finding');
    mq001.cost = { instanceType: 'mq.m5.large', monthly: 210.24, highAvailabilityMonthly: 420.48, delta: 210.24, estimate: false, pricesRegion: 'us-east-1', pricesChecked: '2026-10' };
    const kpis = highAvailabilityKpis(input.result);
    expect(kpis).toEqual({ production: 2, nonProduction: 0, unknown: 1, productionHighlyAvailablePercent: 50, nonCompliant: 1, monthlyCostOfFixing: 210.24, unpriced: 0 });
    expect(formatKpiLine(kpis)).toBe(
      'Brokers: 2 production, 0 non-production, 1 unknown; 50% of production brokers highly available; 1 non-compliant, about $210/month more to make highly available.',
    );
  });

  it('counts a broker once however many findings it has, and counts only failing deployment-mode findings', () => {
    const input = sampleInput();
    const [mq001, mq002] = input.result.findings;
    if (!mq001 || !mq002) throw new Error('the sample has two findings');
    input.result.findings = [mq001, { ...mq001, fingerprint: 'again' }, mq002];
    // MQ002 in the sample is a warning (unknown environment): not a failing finding.
    expect(highAvailabilityKpis(input.result)).toMatchObject({ nonCompliant: 1, unpriced: 1 });
  });

  it('has no percentage without production brokers, and no line without brokers', () => {
    const input = sampleInput();
    input.result.brokers = input.result.brokers.filter((broker) => broker.environment !== 'production');
    input.result.findings = [];
    const kpis = highAvailabilityKpis(input.result);
    expect(kpis.productionHighlyAvailablePercent).toBeUndefined();
    expect(formatKpiLine(kpis)).toBe('Brokers: 0 production, 0 non-production, 1 unknown; no production brokers; 0 non-compliant.');
    input.result.brokers = [];
    expect(formatKpiLine(highAvailabilityKpis(input.result))).toBeUndefined();
  });
});
