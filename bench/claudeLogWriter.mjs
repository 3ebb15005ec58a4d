// A generator of Claude Code session logs for the ingest benchmark: several projects, main sessions and subagent
// logs, user lines with tool results, assistant responses streamed over several lines (same message id and request
// id, growing output), sidechain replays of parent messages, <synthetic> lines, API error lines and malformed lines.
// It counts what a reader must find as it writes. Deterministic: the same source tree writes the same logs.
import { Buffer } from 'node:buffer';
import { closeSync, mkdirSync, openSync, readFileSync, readdirSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

/** Deterministic pseudo-random numbers (mulberry32), so runs on the same source tree write the same logs. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const PROJECTS = ['/home/dev/shop', '/home/dev/shop-api', '/home/dev/infra', '/home/dev/docs-site'];
const SESSIONS_PER_PROJECT = 6;
const MODELS = [
  ['claude-sonnet-4-5-20250929', 0.62],
  ['claude-opus-4-1-20250805', 0.18],
  ['claude-haiku-4-5-20251001', 0.2],
];
const BASE_TIME = Date.parse('2026-03-02T08:00:00Z');
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const FLUSH_BYTES = 256 * 1024;

/** Source text of this repository, for message contents and tool results that read like the real thing. */
function textPool() {
  const parts = [];
  const walk = (folder) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|md)$/.test(entry.name) && !entry.name.endsWith('.generated.ts')) parts.push(readFileSync(path, 'utf8'));
    }
  };
  walk(join(root, 'src'));
  walk(join(root, 'test'));
  let pool = parts.join('\n');
  while (pool.length < 1_000_000) pool += '\n' + pool;
  return pool.slice(0, 1_000_000);
}

/**
 * Writes Claude Code session logs turn by turn, each file through its own buffer appended to disk in
 * chunks, and counts what a reader must find: distinct billable (message.id, requestId) responses,
 * lines, bytes and malformed lines.
 */
export class LogWriter {
  constructor(folder) {
    this.folder = folder;
    this.rand = random(20260302);
    this.pool = textPool();
    this.counter = 0;
    this.expected = { billable: 0, lines: 0, bytes: 0, malformed: 0, assistantLines: 0, synthetic: 0, replays: 0, apiErrors: 0 };
    this.sessions = [];
    for (const [p, cwd] of PROJECTS.entries()) {
      const projectFolder = join(folder, cwd.replace(/[/.]/g, '-'));
      mkdirSync(projectFolder, { recursive: true });
      for (let s = 0; s < SESSIONS_PER_PROJECT; s++) {
        const sessionId = this.uuid();
        const session = {
          cwd,
          sessionId,
          file: join(projectFolder, `${sessionId}.jsonl`),
          time: BASE_TIME + (p * SESSIONS_PER_PROJECT + s) * 3_600_000 * 11,
          parent: null,
          recent: [],
          chunks: [],
          pending: 0,
          agents: [],
          // main sessions differ in size: a few long ones, many short ones
          weight: 0.3 + this.rand() * (s === 0 ? 4 : 1.5),
        };
        // a third of the sessions ran subagents, logged beside the session
        if (s % 3 === 0) {
          const agentsFolder = join(projectFolder, sessionId, 'subagents');
          mkdirSync(agentsFolder, { recursive: true });
          for (let a = 0; a < 2; a++) {
            const agentId = this.hex(8);
            session.agents.push({ agentId, file: join(agentsFolder, `agent-${agentId}.jsonl`), parent: null, chunks: [], pending: 0 });
          }
        }
        this.sessions.push(session);
      }
    }
    this.totalWeight = this.sessions.reduce((sum, session) => sum + session.weight, 0);
  }

  id(prefix, length) {
    let out = prefix;
    for (let i = 0; i < length; i++) out += ALPHABET[Math.floor(this.rand() * ALPHABET.length)];
    return out;
  }

  hex(length) {
    let out = '';
    for (let i = 0; i < length; i++) out += Math.floor(this.rand() * 16).toString(16);
    return out;
  }

  uuid() {
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-a${this.hex(3)}-${this.hex(12)}`;
  }

  /** A length between min and max, skewed towards min (most messages are short, a few are long). */
  size(min, max) {
    const r = this.rand();
    return Math.floor(min + (max - min) * r * r * r);
  }

  text(length) {
    const at = Math.floor(this.rand() * (this.pool.length - length));
    return this.pool.slice(at, at + length);
  }

  pick(weighted) {
    let r = this.rand();
    for (const [value, weight] of weighted) if ((r -= weight) <= 0) return value;
    return weighted[weighted.length - 1][0];
  }

  emit(target, line) {
    const bytes = Buffer.byteLength(line) + 1;
    target.chunks.push(line, '\n');
    target.pending += bytes;
    this.expected.lines++;
    this.expected.bytes += bytes;
    if (target.pending >= FLUSH_BYTES) this.flush(target);
  }

  flush(target) {
    if (target.pending === 0) return;
    const fd = openSync(target.file, 'a');
    try {
      writeSync(fd, target.chunks.join(''));
    } finally {
      closeSync(fd);
    }
    target.chunks = [];
    target.pending = 0;
  }

  flushAll() {
    for (const session of this.sessions) {
      this.flush(session);
      for (const agent of session.agents) this.flush(agent);
    }
  }

  envelope(session, target, sidechain, type) {
    const uuid = this.uuid();
    const line = {
      parentUuid: target.parent,
      isSidechain: sidechain,
      userType: 'external',
      cwd: session.cwd,
      sessionId: session.sessionId,
      version: '2.0.31',
      gitBranch: 'main',
    };
    if (sidechain) line.agentId = target.agentId;
    line.type = type;
    line.uuid = uuid;
    session.time += 400 + Math.floor(this.rand() * 20_000);
    line.timestamp = new Date(session.time).toISOString();
    target.parent = uuid;
    return line;
  }

  userLine(session, target, sidechain) {
    const line = this.envelope(session, target, sidechain, 'user');
    if (this.rand() < 0.3) {
      line.message = { role: 'user', content: this.text(this.size(40, 1_500)) };
    } else {
      // a tool result: file contents, command output, search hits
      const content = this.text(this.size(200, 24_000));
      line.message = { role: 'user', content: [{ tool_use_id: this.id('toolu_01', 22), type: 'tool_result', content }] };
      line.toolUseResult = { stdout: content.slice(0, 400), stderr: '', interrupted: false, isImage: false };
    }
    this.emit(target, JSON.stringify(line));
  }

  /** One API response, streamed as 1 to 4 lines (one per content block) with the output growing. */
  response(session, target, sidechain) {
    const model = this.pick(MODELS);
    const messageId = this.id('msg_01', 24);
    const requestId = this.id('req_011C', 20);
    const cacheRead = this.rand() < 0.9 ? this.size(8_000, 180_000) : 0;
    const cacheWrite = this.size(0, 12_000);
    const oneHour = this.rand() < 0.15 ? Math.floor(cacheWrite / 2) : 0;
    const input = this.rand() < 0.8 ? 1 + Math.floor(this.rand() * 12) : this.size(100, 30_000);
    const finalOutput = this.size(12, 6_000);
    const blocks = 1 + Math.floor(this.rand() * this.rand() * 4);
    for (let b = 0; b < blocks; b++) {
      const line = this.envelope(session, target, sidechain, 'assistant');
      const kind = b === 0 && blocks > 1 && this.rand() < 0.4 ? 'thinking' : b === blocks - 1 && this.rand() < 0.6 ? 'tool_use' : 'text';
      const body = this.text(this.size(20, 4_000));
      const content =
        kind === 'thinking'
          ? { type: 'thinking', thinking: body, signature: this.id('', 120) }
          : kind === 'tool_use'
            ? {
                type: 'tool_use',
                id: this.id('toolu_01', 22),
                name: 'Edit',
                input: { file_path: `${session.cwd}/src/index.ts`, old_string: body.slice(0, 200), new_string: body },
              }
            : { type: 'text', text: body };
      line.message = {
        id: messageId,
        type: 'message',
        role: 'assistant',
        model,
        content: [content],
        stop_reason: b === blocks - 1 ? (kind === 'tool_use' ? 'tool_use' : 'end_turn') : null,
        stop_sequence: null,
        usage: {
          input_tokens: input,
          cache_creation_input_tokens: cacheWrite,
          cache_read_input_tokens: cacheRead,
          cache_creation: { ephemeral_5m_input_tokens: cacheWrite - oneHour, ephemeral_1h_input_tokens: oneHour },
          output_tokens: Math.max(1, Math.round((finalOutput * (b + 1)) / blocks)),
          service_tier: 'standard',
        },
      };
      line.requestId = requestId;
      this.expected.assistantLines++;
      this.emit(target, JSON.stringify(line));
    }
    this.expected.billable++;
    if (!sidechain) {
      session.recent.push({ messageId, model, input, cacheRead, cacheWrite, finalOutput });
      if (session.recent.length > 8) session.recent.shift();
    }
  }

  /** Lines that carry no billable usage: <synthetic> replies, API errors, system and summary lines, torn lines. */
  noise(session, target, sidechain) {
    const r = this.rand();
    if (r < 0.25) {
      const line = this.envelope(session, target, sidechain, 'assistant');
      line.message = {
        id: this.uuid(),
        type: 'message',
        role: 'assistant',
        model: '<synthetic>',
        content: [{ type: 'text', text: 'No response requested.' }],
        stop_reason: 'stop_sequence',
        stop_sequence: '',
        usage: { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
      };
      this.expected.synthetic++;
      this.emit(target, JSON.stringify(line));
    } else if (r < 0.4) {
      const line = this.envelope(session, target, sidechain, 'assistant');
      line.message = {
        id: this.uuid(),
        type: 'message',
        role: 'assistant',
        model: '<synthetic>',
        content: [{ type: 'text', text: 'API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}' }],
        usage: { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
      };
      line.isApiErrorMessage = true;
      this.expected.apiErrors++;
      this.emit(target, JSON.stringify(line));
    } else if (r < 0.7) {
      const line = this.envelope(session, target, sidechain, 'system');
      line.subtype = 'compact_boundary';
      line.content = 'Conversation compacted';
      line.level = 'info';
      this.emit(target, JSON.stringify(line));
    } else if (r < 0.85) {
      this.emit(target, JSON.stringify({ type: 'summary', summary: this.text(60), leafUuid: target.parent }));
    } else {
      // a line cut short (a crash while writing), followed by the next line as usual
      const line = this.envelope(session, target, sidechain, 'assistant');
      line.message = {
        id: this.id('msg_01', 24),
        model: 'claude-sonnet-4-5-20250929',
        content: [{ type: 'text', text: this.text(300) }],
        usage: { input_tokens: 3, output_tokens: 9 },
      };
      line.requestId = this.id('req_011C', 20);
      const text = JSON.stringify(line);
      this.expected.malformed++;
      this.emit(target, text.slice(0, 40 + Math.floor(this.rand() * (text.length - 60))));
    }
  }

  /** A subagent's run: its own prompts and responses, sometimes opening with a replay of the parent's last response. */
  subagentTurns(session) {
    const agent = session.agents[Math.floor(this.rand() * session.agents.length)];
    if (session.recent.length > 0 && this.rand() < 0.3) {
      // same message id, another request id, isSidechain: the parent's response again, not billed twice
      const parent = session.recent[session.recent.length - 1];
      const line = this.envelope(session, agent, true, 'assistant');
      line.message = {
        id: parent.messageId,
        type: 'message',
        role: 'assistant',
        model: parent.model,
        content: [{ type: 'text', text: this.text(200) }],
        stop_reason: 'end_turn',
        stop_sequence: null,
        usage: {
          input_tokens: parent.input,
          cache_creation_input_tokens: parent.cacheWrite,
          cache_read_input_tokens: parent.cacheRead,
          output_tokens: parent.finalOutput,
        },
      };
      line.requestId = this.id('req_011C', 20);
      this.expected.replays++;
      this.emit(agent, JSON.stringify(line));
    }
    const turns = 1 + Math.floor(this.rand() * 4);
    for (let t = 0; t < turns; t++) {
      this.userLine(session, agent, true);
      this.response(session, agent, true);
    }
  }

  turn(session) {
    this.userLine(session, session, false);
    const responses = 1 + Math.floor(this.rand() * 2);
    for (let r = 0; r < responses; r++) this.response(session, session, false);
    const r = this.rand();
    if (r < 0.02) this.noise(session, session, false);
    else if (r < 0.12 && session.agents.length > 0) this.subagentTurns(session);
  }

  pickSession(sessions) {
    let r = this.rand() * sessions.reduce((sum, session) => sum + session.weight, 0);
    for (const session of sessions) if ((r -= session.weight) <= 0) return session;
    return sessions[sessions.length - 1];
  }

  /** Writes turns until `bytes` more bytes are on disk, into the given sessions; returns what was added. */
  write(bytes, sessions = this.sessions) {
    const before = { ...this.expected };
    const stop = this.expected.bytes + bytes;
    while (this.expected.bytes < stop) this.turn(this.pickSession(sessions));
    this.flushAll();
    return Object.fromEntries(Object.entries(this.expected).map(([key, value]) => [key, value - before[key]]));
  }
}
