/** Computes a value once per key and shares it afterwards (a file parsed once however many modules read it). */
export class OncePerKey<Key, Value> {
  private readonly computed = new Map<Key, Value>();

  constructor(private readonly compute: (key: Key) => Value) {}

  /** The value for a key, computed on the first request. */
  get(key: Key): Value {
    if (this.computed.has(key)) return this.computed.get(key) as Value;
    const value = this.compute(key);
    this.computed.set(key, value);
    return value;
  }

  /** The values computed so far, in the order they were first requested. */
  values(): IterableIterator<Value> {
    return this.computed.values();
  }
}
