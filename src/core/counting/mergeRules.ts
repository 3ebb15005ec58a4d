// Byte-pair merge by merge rules, as Hugging Face's tokenizers apply them: a word starts as symbols (bytes or
// characters, by id); repeatedly the adjacent pair with the lowest-ranked merge rule (the leftmost on a tie) becomes
// the rule's merged symbol, until no adjacent pair has a rule. Unlike tiktoken's ranks, a rule names the exact pair
// it joins, so a token can only be built the ways the rules list. Short words use an array scan; long ones a heap
// over the pairs and a linked list of symbols, O(n log n), so a run of 100 KB of one letter stays fast.

import { PairHeap } from './pairHeap';

const NO_RULE = -1;

/** Words up to this many symbols use the array scan; longer ones the heap. */
export const HEAP_MERGE_SYMBOLS = 64;

/** The merge rules as (left, right, merged) id triples in rank order, with a hash index on (left, right). */
export class MergeRules {
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(readonly triples: Int32Array) {
    const count = triples.length / 3;
    let size = 16;
    while (size < count * 2) size *= 2;
    this.slots = new Int32Array(size); // rank + 1, 0 for an empty slot
    this.mask = size - 1;
    for (let rank = 0; rank < count; rank++) {
      const left = triples[rank * 3];
      const right = triples[rank * 3 + 1];
      let slot = pairHash(left, right) & this.mask;
      for (;;) {
        const held = this.slots[slot] - 1;
        // A pair listed twice keeps its later rule, as the reference's map does.
        if (held < 0 || (triples[held * 3] === left && triples[held * 3 + 1] === right)) break;
        slot = (slot + 1) & this.mask;
      }
      this.slots[slot] = rank + 1;
    }
  }

  /** The rank of the rule that joins `left` and `right`, or -1. */
  rank(left: number, right: number): number {
    const triples = this.triples;
    let slot = pairHash(left, right) & this.mask;
    for (;;) {
      const rank = this.slots[slot] - 1;
      if (rank < 0) return NO_RULE;
      if (triples[rank * 3] === left && triples[rank * 3 + 1] === right) return rank;
      slot = (slot + 1) & this.mask;
    }
  }

  /** The symbol the rule of `rank` makes. */
  merged(rank: number): number {
    return this.triples[rank * 3 + 2];
  }

  /** How many tokens the symbols `ids[0, length)` become (the array is overwritten). */
  countTokens(ids: Int32Array, length: number): number {
    return length <= HEAP_MERGE_SYMBOLS ? this.countByScan(ids, length) : this.countByHeap(ids, length);
  }

  private countByScan(ids: Int32Array, length: number): number {
    if (length < 2) return length;
    const ranks = scanRanks.length >= length ? scanRanks : (scanRanks = new Int32Array(length * 2));
    let n = length;
    for (let i = 0; i + 1 < n; i++) ranks[i] = this.rank(ids[i], ids[i + 1]);
    for (;;) {
      let best = NO_RULE;
      let at = -1;
      for (let i = 0; i + 1 < n; i++) {
        const rank = ranks[i];
        if (rank !== NO_RULE && (best === NO_RULE || rank < best)) {
          best = rank;
          at = i;
        }
      }
      if (at < 0) return n;
      ids[at] = this.merged(best);
      for (let i = at + 1; i + 1 < n; i++) {
        ids[i] = ids[i + 1];
        ranks[i] = ranks[i + 1];
      }
      n--;
      if (at + 1 < n) ranks[at] = this.rank(ids[at], ids[at + 1]);
      if (at > 0) ranks[at - 1] = this.rank(ids[at - 1], ids[at]);
    }
  }

  private countByHeap(ids: Int32Array, length: number): number {
    const next = new Int32Array(length);
    const prev = new Int32Array(length);
    const alive = new Uint8Array(length).fill(1);
    const heap = new PairHeap(length);
    for (let i = 0; i < length; i++) {
      next[i] = i + 1 < length ? i + 1 : -1;
      prev[i] = i - 1;
      if (i + 1 < length) {
        const rank = this.rank(ids[i], ids[i + 1]);
        if (rank !== NO_RULE) heap.push(rank, i);
      }
    }
    let symbols = length;
    while (heap.size > 0) {
      const rank = heap.topRank();
      const at = heap.pop();
      const right = next[at];
      // A queued pair is stale once either side has merged into something else.
      if (!alive[at] || right < 0 || this.rank(ids[at], ids[right]) !== rank) continue;
      ids[at] = this.merged(rank);
      alive[right] = 0;
      next[at] = next[right];
      if (next[right] >= 0) prev[next[right]] = at;
      symbols--;
      const before = prev[at];
      if (before >= 0) {
        const leftRank = this.rank(ids[before], ids[at]);
        if (leftRank !== NO_RULE) heap.push(leftRank, before);
      }
      const after = next[at];
      if (after >= 0) {
        const rightRank = this.rank(ids[at], ids[after]);
        if (rightRank !== NO_RULE) heap.push(rightRank, at);
      }
    }
    return symbols;
  }
}

let scanRanks = new Int32Array(HEAP_MERGE_SYMBOLS * 2);

function pairHash(left: number, right: number): number {
  const h = Math.imul(left, 0x9e3779b1) ^ Math.imul(right + 0x7f4a7c15, 0x85ebca6b);
  return h ^ (h >>> 15);
}
