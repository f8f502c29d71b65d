import { shardOf, shardsFor } from "../../src";

describe("shardOf", () => {
  it("places known keys where they have always been placed", () => {
    // These values pin the hash function: if one changes, every deployed
    // fleet would move its customers to other stacks.
    // "acme" hashes to 822b33ad87c1... (first 48 bits of its SHA-256),
    // which is 17 modulo 24.
    expect(
      ["acme", "globex", "c00000", "c09999", "Ünïcode-key"].map((k) =>
        shardOf(k, 24),
      ),
    ).toEqual([17, 4, 21, 0, 13]);
  });

  it("depends only on the key and the number of stacks", () => {
    const before = ["a", "b", "c"].map((k) => shardOf(k, 7));
    for (let i = 0; i < 1000; i++) shardOf(`other-${i}`, 7);
    expect(["a", "b", "c"].map((k) => shardOf(k, 7))).toEqual(before);
  });

  it("spreads 10,000 keys over 24 stacks within 15% of the mean", () => {
    const counts = new Array<number>(24).fill(0);
    for (let i = 0; i < 10000; i++) counts[shardOf(`customer-${i}`, 24)]++;
    const mean = 10000 / 24;
    expect(Math.max(...counts)).toBeLessThan(mean * 1.15);
    expect(Math.min(...counts)).toBeGreaterThan(mean * 0.85);
  });
});

describe("shardsFor", () => {
  it("gives 24 stacks for 10,000 customers in stacks of at most 500", () => {
    expect(shardsFor(10000, 500)).toBe(24);
  });

  it("gives one stack when the capacity fits with headroom", () => {
    expect(shardsFor(100, 500)).toBe(1);
  });

  it("leaves every stack under its limit for sequential keys at full capacity", () => {
    for (const [capacity, size] of [
      [2000, 500],
      [10000, 500],
      [5000, 100],
    ]) {
      const shards = shardsFor(capacity, size);
      const counts = new Array<number>(shards).fill(0);
      for (let i = 0; i < capacity; i++) counts[shardOf(`c${i}`, shards)]++;
      expect(Math.max(...counts)).toBeLessThanOrEqual(size);
    }
  });
});
