// Claude Code log lines as the agent writes them (see the readers' fixtures for every pitfall).

export interface ClaudeLine {
  readonly messageId: string;
  readonly requestId: string;
  readonly time: string;
  readonly model?: string;
  readonly input: number;
  readonly output: number;
  readonly cacheRead?: number;
  readonly cacheWrite?: number;
  readonly sessionId?: string;
  readonly cwd?: string;
  /** `usage.speed`: `fast` for fast mode. */
  readonly speed?: string;
}

export function claudeLine(line: ClaudeLine): string {
  return (
    JSON.stringify({
      type: 'assistant',
      timestamp: line.time,
      sessionId: line.sessionId ?? 'session-1',
      cwd: line.cwd ?? '/home/dev/shop',
      requestId: line.requestId,
      isSidechain: false,
      message: {
        id: line.messageId,
        model: line.model ?? 'claude-sonnet-4-5',
        usage: {
          input_tokens: line.input,
          output_tokens: line.output,
          cache_read_input_tokens: line.cacheRead ?? 0,
          cache_creation_input_tokens: line.cacheWrite ?? 0,
          ...(line.speed ? { speed: line.speed } : {}),
        },
      },
    }) + '\n'
  );
}
