// A report's totals, built while events are read: one slot of numbers per event id instead of the event, so a report
// over years of logs holds what it adds up and not every event. Copies of one event keep the more complete one (as
// `moreComplete` chooses: more tokens, then the later re-price), and a correction drops the event it takes back and
// itself (as `withCorrections` does).
import { localDay } from '../calendar/calendar';
import { TOKEN_KINDS, zeroTokens } from '../tokens/tokenKinds';
import { SpendAccumulator, bucketKeyOf, sortedBuckets, type SpendBucket, type SpendDimension } from './aggregate';
import { copyRank, laterCopyWins, type SpendEvent } from './spendEvent';

// Each slot's numbers: the cost (NaN when unknown), its low end (NaN when it has no range), the unpriced tokens, the
// token total, when it was re-priced (0: never), then each kind's count.
const USD = 0;
const USD_LOW = 1;
const UNPRICED = 2;
const TOTAL = 3;
const REPRICED = 4;
const FIRST_KIND = 5;
const WIDTH = FIRST_KIND + TOKEN_KINDS.length;

/** The totals of the events on the days from `from` to `to` (both included; either may be open). */
export interface TallyTotals {
  readonly buckets: SpendBucket[];
  /** Events counted, and the sum of their known costs. */
  readonly count: number;
  readonly pricedUsd: number;
}

export class SpendTally {
  private readonly slotById = new Map<string, number>();
  private numbers = new Float64Array(WIDTH * 1024);
  private readonly bucketOfSlot: string[] = [];
  private readonly dayOfSlot: string[] = [];
  /** For a correction's slot, the id of the event it takes back. */
  private readonly voidsOfSlot: (string | undefined)[] = [];
  /** One copy of each bucket key and day: thousands of events share a few. */
  private readonly interned = new Map<string, string>();
  private readonly bucketOf: (event: SpendEvent) => string;

  constructor(
    private readonly dimension: SpendDimension,
    private readonly timeZone: string,
  ) {
    this.bucketOf = bucketKeyOf(dimension, timeZone);
  }

  add(event: SpendEvent): void {
    const rank = copyRank(event);
    let slot = this.slotById.get(event.id);
    if (slot !== undefined) {
      const kept = { tokens: this.numbers[slot * WIDTH + TOTAL], repricedMs: this.numbers[slot * WIDTH + REPRICED] };
      if (!laterCopyWins(kept, rank)) return;
    }
    if (slot === undefined) {
      slot = this.slotById.size;
      this.slotById.set(event.id, slot);
      this.makeRoomFor(slot);
    }
    const base = slot * WIDTH;
    this.numbers[base + USD] = event.usd ?? Number.NaN;
    this.numbers[base + USD_LOW] = event.usdLow ?? Number.NaN;
    this.numbers[base + UNPRICED] = event.unpricedTokens;
    this.numbers[base + TOTAL] = rank.tokens;
    this.numbers[base + REPRICED] = rank.repricedMs;
    TOKEN_KINDS.forEach((kind, index) => (this.numbers[base + FIRST_KIND + index] = event.tokens[kind]));
    this.bucketOfSlot[slot] = this.intern(this.bucketOf(event));
    this.dayOfSlot[slot] = this.intern(localDay(event.time, this.timeZone));
    this.voidsOfSlot[slot] = event.voids;
  }

  /** Distinct events added, corrections and the events they take back included. */
  get size(): number {
    return this.slotById.size;
  }

  /** The local day of the earliest event, or undefined when there is none. */
  earliestDay(): string | undefined {
    let earliest: string | undefined;
    for (const day of this.dayOfSlot) if (earliest === undefined || day < earliest) earliest = day;
    return earliest;
  }

  totals(from?: string, to?: string): TallyTotals {
    const groups = new Map<string, SpendAccumulator>();
    let count = 0;
    let pricedUsd = 0;
    const voided = new Set(this.voidsOfSlot.filter((id) => id !== undefined));
    for (const [id, slot] of this.slotById) {
      const day = this.dayOfSlot[slot];
      if (this.voidsOfSlot[slot] !== undefined || voided.has(id) || (from && day < from) || (to && day > to)) continue;
      const event = this.eventAt(slot);
      const key = this.bucketOfSlot[slot];
      let group = groups.get(key);
      if (!group) groups.set(key, (group = new SpendAccumulator()));
      group.add(event);
      count++;
      pricedUsd += event.usd ?? 0;
    }
    return { buckets: sortedBuckets(groups, this.dimension), count, pricedUsd };
  }

  private eventAt(slot: number): Pick<SpendEvent, 'tokens' | 'usd' | 'unpricedTokens' | 'usdLow'> {
    const base = slot * WIDTH;
    const tokens = zeroTokens();
    TOKEN_KINDS.forEach((kind, index) => (tokens[kind] = this.numbers[base + FIRST_KIND + index]));
    const known = (value: number) => (Number.isNaN(value) ? undefined : value);
    const event = { tokens, usd: known(this.numbers[base + USD]), unpricedTokens: this.numbers[base + UNPRICED] };
    const usdLow = known(this.numbers[base + USD_LOW]);
    return usdLow === undefined ? event : { ...event, usdLow };
  }

  private makeRoomFor(slot: number): void {
    if ((slot + 1) * WIDTH <= this.numbers.length) return;
    const grown = new Float64Array(this.numbers.length * 2);
    grown.set(this.numbers);
    this.numbers = grown;
  }

  private intern(text: string): string {
    const known = this.interned.get(text);
    if (known !== undefined) return known;
    this.interned.set(text, text);
    return text;
  }
}
