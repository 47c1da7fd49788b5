import { describe, expect, it } from 'vitest';
import { effectiveTags, normalizeBrokerAttributeValue } from '../../src/model/broker.js';
import { known, toPlain, unknown, type Value } from '../../src/model/value.js';

const map = (tags: Record<string, string>): Value => known(Object.fromEntries(Object.entries(tags).map(([key, value]) => [key, known(value)])));

describe('normalizeBrokerAttributeValue', () => {
  it('upper-cases what AWS compares case-insensitively and reads boolean text as booleans', () => {
    expect(normalizeBrokerAttributeValue('deployment_mode', known('single_instance'))).toMatchObject({ data: 'SINGLE_INSTANCE' });
    expect(normalizeBrokerAttributeValue('audit_logs', known('False'))).toMatchObject({ data: false });
    expect(normalizeBrokerAttributeValue('publicly_accessible', known(' TRUE '))).toMatchObject({ data: true });
    expect(normalizeBrokerAttributeValue('audit_logs', known('yes'))).toMatchObject({ data: 'yes' });
    expect(normalizeBrokerAttributeValue('broker_name', known('true'))).toMatchObject({ data: 'true' });
  });
});

describe('effectiveTags', () => {
  it("merges the broker's tags over the inherited ones, its own value winning", () => {
    const merged = effectiveTags(map({ Name: 'orders', Owner: 'payments' }), map({ Owner: 'platform', CostCenter: '42' }), 'tags_all');
    expect(toPlain(merged.value)).toEqual({ Owner: 'payments', CostCenter: '42', Name: 'orders' });
    expect(merged).toMatchObject({ path: 'tags_all', defaulted: false });
  });

  it('takes a broker without tags, or with null tags, as having none of its own', () => {
    expect(toPlain(effectiveTags(undefined, map({ Team: 'ledger' }), 'tags_all').value)).toEqual({ Team: 'ledger' });
    expect(toPlain(effectiveTags(known(null), known({}), 'Properties.Tags').value)).toEqual({});
  });

  it('is unknown when either side is, and when the tags are not a map', () => {
    expect(effectiveTags(unknown('var.tags has no value'), map({ Owner: 'x' }), 'tags_all').value).toMatchObject({ known: false, reason: 'var.tags has no value' });
    expect(effectiveTags(map({ Owner: 'x' }), unknown('default tags unknown'), 'tags_all').value).toMatchObject({ known: false, reason: 'default tags unknown' });
    expect(effectiveTags(known([]), known({}), 'Properties.Tags').value).toMatchObject({ known: false, reason: 'the tags are not a map of keys to values' });
  });
});
