// Byte-pair merge that returns only the number of tokens a piece becomes.
//
// The rule is tiktoken's: repeatedly merge the adjacent pair of parts whose
// concatenation has the lowest rank (the leftmost one on a tie) until no
// adjacent pair has a rank. Short pieces use the array version (fast for the
// handful of bytes a typical piece has); long pieces use a min-heap over the
// adjacent pairs with a linked list of parts, which is O(n log n) instead of
// the O(n²) rescans that make a run of 100 KB of one letter take minutes.

import { PairHeap } from './pairHeap';

/** Pieces up to this many bytes use the array merge; longer ones the heap merge. */
export const HEAP_MERGE_THRESHOLD = 64;

const NO_RANK = 0x7fffffff;

/**
 * How many tokens the byte string `key` (one latin1 character per byte,
 * at least two bytes) becomes under the ranks. `twoByteRanks` (see
 * `RankTable.twoByteRanks`) answers two-byte lookups without the map.
 */
export function countMergedTokens(key: string, ranks: Map<string, number>, maxTokenBytes: number, twoByteRanks?: Int32Array): number {
  return key.length <= HEAP_MERGE_THRESHOLD
    ? countWithArrayMerge(key, ranks, maxTokenBytes, twoByteRanks)
    : countWithHeapMerge(key, ranks, maxTokenBytes, twoByteRanks);
}

function rankOf(
  key: string,
  start: number,
  end: number,
  ranks: Map<string, number>,
  maxTokenBytes: number,
  twoByteRanks: Int32Array | undefined,
): number {
  if (end - start === 2 && twoByteRanks) {
    const rank = twoByteRanks[key.charCodeAt(start) * 256 + key.charCodeAt(start + 1)];
    return rank < 0 ? NO_RANK : rank;
  }
  if (end - start > maxTokenBytes) return NO_RANK;
  const rank = ranks.get(key.substring(start, end));
  return rank === undefined ? NO_RANK : rank;
}

// Scratch arrays for the array merge, reused between calls (single-threaded).
let starts = new Int32Array(HEAP_MERGE_THRESHOLD + 2);
let pairRanks = new Int32Array(HEAP_MERGE_THRESHOLD + 2);

/** tiktoken's reference loop: parts as start offsets, each with the rank of it and the next part. */
export function countWithArrayMerge(key: string, ranks: Map<string, number>, maxTokenBytes: number, twoByteRanks?: Int32Array): number {
  const n = key.length;
  if (n <= 1) return n;
  if (n + 1 > starts.length) {
    starts = new Int32Array(n + 1);
    pairRanks = new Int32Array(n + 1);
  }
  let parts = n + 1; // boundaries 0..n; part i spans starts[i]..starts[i+1]
  for (let i = 0; i < n - 1; i++) {
    starts[i] = i;
    pairRanks[i] = rankOf(key, i, i + 2, ranks, maxTokenBytes, twoByteRanks);
  }
  starts[n - 1] = n - 1;
  pairRanks[n - 1] = NO_RANK;
  starts[n] = n;
  pairRanks[n] = NO_RANK;
  for (;;) {
    let minRank = NO_RANK;
    let at = -1;
    for (let i = 0; i < parts - 1; i++) {
      if (pairRanks[i] < minRank) {
        minRank = pairRanks[i];
        at = i;
      }
    }
    if (at < 0) break;
    // Merge parts `at` and `at + 1`: drop boundary at + 1.
    for (let i = at + 1; i < parts - 1; i++) {
      starts[i] = starts[i + 1];
      pairRanks[i] = pairRanks[i + 1];
    }
    parts--;
    pairRanks[at] = at + 2 < parts ? rankOf(key, starts[at], starts[at + 2], ranks, maxTokenBytes, twoByteRanks) : NO_RANK;
    if (at > 0) pairRanks[at - 1] = rankOf(key, starts[at - 1], starts[at + 1], ranks, maxTokenBytes, twoByteRanks);
  }
  return parts - 1;
}

/**
 * The same merge with a binary min-heap of (rank, start) pairs and lazy
 * invalidation: an entry is stale when its part is gone or its pair rank
 * changed since it was pushed. Parts are named by their start byte, so the
 * heap order (rank, then start) is exactly "lowest rank, leftmost".
 */
export function countWithHeapMerge(key: string, ranks: Map<string, number>, maxTokenBytes: number, twoByteRanks?: Int32Array): number {
  const n = key.length;
  if (n <= 1) return n;
  const next = new Int32Array(n); // start of the following part, n at the end
  const prev = new Int32Array(n); // start of the preceding part, -1 at the start
  const pairRank = new Int32Array(n); // rank of this part merged with the next, NO_RANK if none
  const alive = new Uint8Array(n);
  const heap = new PairHeap(n);
  for (let i = 0; i < n; i++) {
    next[i] = i + 1;
    prev[i] = i - 1;
    alive[i] = 1;
    const rank = i + 1 < n ? rankOf(key, i, i + 2, ranks, maxTokenBytes, twoByteRanks) : NO_RANK;
    pairRank[i] = rank;
    if (rank !== NO_RANK) heap.push(rank, i);
  }
  let parts = n;
  while (heap.size > 0) {
    const rank = heap.topRank();
    const start = heap.pop();
    if (!alive[start] || pairRank[start] !== rank) continue; // stale
    // Merge the part at `start` with the next one.
    const removed = next[start];
    alive[removed] = 0;
    const after = next[removed];
    next[start] = after;
    if (after < n) prev[after] = start;
    parts--;
    const ownRank = after < n ? rankOf(key, start, next[after], ranks, maxTokenBytes, twoByteRanks) : NO_RANK;
    pairRank[start] = ownRank;
    if (ownRank !== NO_RANK) heap.push(ownRank, start);
    const before = prev[start];
    if (before >= 0) {
      const beforeRank = rankOf(key, before, after, ranks, maxTokenBytes, twoByteRanks);
      pairRank[before] = beforeRank;
      if (beforeRank !== NO_RANK) heap.push(beforeRank, before);
    }
  }
  return parts;
}
