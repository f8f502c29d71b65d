/**
 * Where a fleet's customers live: a pure function of the customer's key and
 * the fleet's fixed number of stacks, so that a customer never moves when
 * other customers come or go (docs/fleet.md explains the choice).
 */
import { createHash } from "node:crypto";

/**
 * How many standard deviations of headroom a stack keeps at full capacity.
 *
 * A stack's load under hashing is binomial: with mean m it exceeds
 * m + 4 * sqrt(m) with a probability of about 3e-5, so a fleet of a few
 * dozen stacks fills to its declared capacity with about one chance in a
 * thousand of any stack passing its limit.
 */
const HEADROOM_SIGMAS = 4;

/**
 * The number of stacks a fleet needs so that `capacity` customers hashed
 * over them leave every stack under `stackSize`, with headroom for the
 * unevenness of hashing (about 4 standard deviations).
 *
 * For 10,000 customers in stacks of at most 500 this is 24 stacks, each
 * holding about 417 customers at full capacity.
 */
export function shardsFor(capacity: number, stackSize: number): number {
  const s = HEADROOM_SIGMAS;
  // The largest mean load m with m + s * sqrt(m) <= stackSize.
  const root = (-s + Math.sqrt(s * s + 4 * stackSize)) / 2;
  const mean = Math.max(root * root, 1);
  return Math.max(1, Math.ceil(capacity / mean));
}

/**
 * The stack (0-based shard index) of a customer key among `shards` stacks:
 * the first 48 bits of the key's SHA-256, modulo the number of stacks.
 *
 * SHA-256 is the same on every platform and Node version, and independent
 * of the other keys, so a key keeps its shard for as long as `shards`
 * stays the same.
 */
export function shardOf(key: string, shards: number): number {
  const digest = createHash("sha256").update(key, "utf8").digest();
  return digest.readUIntBE(0, 6) % shards;
}

/** The name of shard `index` of a fleet: `<fleetId>-<index>`, zero-padded. */
export function shardName(
  fleetId: string,
  index: number,
  shards: number,
): string {
  const width = Math.max(2, String(shards - 1).length);
  return `${fleetId}-${String(index).padStart(width, "0")}`;
}
