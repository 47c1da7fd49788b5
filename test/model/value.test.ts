import { describe, expect, it } from 'vitest';
import { known, knownLength, unknown } from '../../src/model/value.js';

describe('knownLength', () => {
  it('counts the elements of a known list, equal known elements once, as a Terraform set does', () => {
    expect(knownLength(known([known('subnet-a'), known('subnet-b')]))).toBe(2);
    expect(knownLength(known([known('subnet-a'), known('subnet-a')]))).toBe(1);
    expect(knownLength(known([]))).toBe(0);
  });

  it('counts each unknown element once, so a list of references to subnets created in the same run has a length', () => {
    const reference = (name: string) => unknown(`aws_subnet.${name}.id is known only after apply`);
    expect(knownLength(known([reference('a'), reference('b')]))).toBe(2);
    expect(knownLength(known([known('subnet-a'), reference('b'), reference('c')]))).toBe(3);
  });

  it('has no length for an unknown value or anything but a list', () => {
    expect(knownLength(unknown('var.subnet_ids has no value'))).toBeUndefined();
    expect(knownLength(known('subnet-a'))).toBeUndefined();
    expect(knownLength(known({ a: known('subnet-a') }))).toBeUndefined();
  });
});
