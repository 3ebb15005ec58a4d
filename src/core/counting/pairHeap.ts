// The queue both byte-pair merges take their next pair from: a binary min-heap of (rank, position) pairs, ordered by
// rank and then position (the leftmost on a tie), as the references' queues are. Each entry is one double,
// rank × 2^32 + position, exact for ranks below 2^21.

const SHIFT = 0x100000000;

export class PairHeap {
  private keys: Float64Array;
  size = 0;

  constructor(capacity: number) {
    this.keys = new Float64Array(Math.max(16, capacity));
  }

  push(rank: number, position: number): void {
    if (this.size === this.keys.length) {
      const grown = new Float64Array(this.keys.length * 2);
      grown.set(this.keys);
      this.keys = grown;
    }
    const keys = this.keys;
    const key = rank * SHIFT + position;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent] <= key) break;
      keys[i] = keys[parent];
      i = parent;
    }
    keys[i] = key;
  }

  /** The rank of the smallest pair (call before `pop`). */
  topRank(): number {
    return Math.floor(this.keys[0] / SHIFT);
  }

  /** Removes the smallest pair and returns its position. */
  pop(): number {
    const keys = this.keys;
    const top = keys[0];
    const last = keys[--this.size];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= this.size) break;
      if (child + 1 < this.size && keys[child + 1] < keys[child]) child++;
      if (keys[child] >= last) break;
      keys[i] = keys[child];
      i = child;
    }
    keys[i] = last;
    return top % SHIFT;
  }
}
