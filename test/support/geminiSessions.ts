// Synthetic Gemini CLI chat recordings whose prompts grow by a known factor of Gemma 3's vocabulary count of the text
// added: what the calibration must find back. Built from the recording's documented shapes (a header line, message
// records appended again whole on each change, `$set` patches); no real session is copied.
import { loadEngine } from '../../src/core/counting/encodings';
import { random, text } from './syntheticText';

const engine = loadEngine('gemma3');
export const gemma3 = (texts: readonly string[]): number => texts.reduce((sum, text) => sum + engine.count(text), 0);

export const GEMINI_MODEL = 'gemini-2.5-pro';

/**
 * A Gemini CLI session whose prompt grows by `factor` × gemma3(text added) + 8 each turn. Every response thinks (its
 * thought parts are not sent back, so they add nothing) and calls a tool whose result is recorded on it by a second
 * record (on every other turn its tokens come only with that one); every fifth turn the user says something. `images` turns read an image (1,000 tokens, no text), `odd` turns
 * grow by 3× (context the log did not hold), `rewind` rewinds once.
 */
export function geminiSession(
  factor: number,
  turns: number,
  seed: number,
  extras: { images?: boolean; odd?: boolean; rewind?: boolean } = {},
): Record<string, unknown>[] {
  const next = random(seed);
  const time = (turn: number) => new Date(Date.UTC(2026, 10, 20, 10, 0, turn)).toISOString();
  const lines: Record<string, unknown>[] = [
    { sessionId: `s${seed}`, projectHash: 'ab12', startTime: time(0), lastUpdated: time(0), kind: 'main' },
    { id: `u${seed}_0`, timestamp: time(0), type: 'user', content: [{ text: text(next, 30) }] },
  ];
  let prompt = 9_000; // the system prompt and tool declarations
  for (let turn = 0; turn < turns; turn++) {
    const id = `g${seed}_${turn}`;
    const answer = text(next, 5 + Math.floor(next() * 80));
    const tokens = { input: prompt, output: 60, cached: Math.floor(prompt * 0.7), thoughts: 120, tool: 0, total: prompt + 180 };
    const message = {
      id,
      timestamp: time(turn),
      type: 'gemini',
      content: [{ text: text(next, 5 + Math.floor(next() * 150)), thought: true }, { text: answer }],
      thoughts: [{ subject: 'Planning', description: text(next, 10), timestamp: time(turn) }],
      tokens,
      model: GEMINI_MODEL,
    };
    // On every other turn the usage comes after the text: the first record has no tokens yet.
    lines.push(turn % 2 === 1 ? { ...message, tokens: null } : message);
    const call = { name: 'read_file', args: { absolute_path: `/src/file${turn}.ts` } };
    const output = text(next, 20 + Math.floor(next() * 300));
    const image = extras.images === true && turn % 13 === 5;
    const response = { name: call.name, response: { output } };
    const result = [
      { functionResponse: { id: `call_${turn}`, ...response } },
      ...(image ? [{ inlineData: { mimeType: 'image/png', data: 'iVBOR' } }] : []),
    ];
    lines.push({ ...message, toolCalls: [{ id: `call_${turn}`, ...call, result, status: 'success', timestamp: time(turn) }] });
    lines.push({ $set: { lastUpdated: time(turn) } });
    if (turn % 11 === 4) lines.push({ id: `i${seed}_${turn}`, timestamp: time(turn), type: 'info', content: 'Request cancelled.' });
    let added = [answer, JSON.stringify(call), JSON.stringify(response)];
    if (turn % 5 === 4) {
      const said = text(next, 15);
      lines.push({ id: `u${seed}_${turn + 1}`, timestamp: time(turn), type: 'user', content: [{ text: said }] });
      added = [...added, said];
    }
    if (extras.rewind === true && turn === Math.floor(turns / 2)) lines.push({ $rewindTo: id });
    let growth = Math.round(factor * gemma3(added)) + 8 + (image ? 1_000 : 0);
    if (extras.odd === true && turn % 29 === 7) growth *= 3;
    prompt += growth;
  }
  lines.push({
    id: `g${seed}_end`,
    timestamp: time(turns),
    type: 'gemini',
    content: 'done',
    tokens: { input: prompt, output: 1, cached: 0, thoughts: 0, tool: 0, total: prompt + 1 },
    model: GEMINI_MODEL,
  });
  return lines;
}

/** The lines as a `.jsonl` recording's text. */
export const jsonl = (lines: readonly Record<string, unknown>[]): string => lines.map((line) => `${JSON.stringify(line)}\n`).join('');
