const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** `1234` → `1,234`. */
export function formatCount(value: number): string {
  return integer.format(value);
}

/** `plural(1, 'error')` → `1 error`, `plural(1234, 'error')` → `1,234 errors`. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

/** Text as a sentence: trimmed, and ending with a full stop unless it ends with one already. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** `prices of …` → `Prices of …`: the first letter in upper case. */
export function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `1` → `1 token`, `1234` → `1,234 tokens`. */
export function formatTokens(tokens: number): string {
  return plural(tokens, 'token');
}

/** Human-readable size: `512 B`, `12.3 KB`, `5.0 MB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * Text from outside the extension (file names, settings, a team config, logs) as literal Markdown: the characters
 * that open links, images (a request on hover), HTML, code, emphasis, table cells and theme icons are escaped, and
 * line breaks become spaces, so such a string can never add any of these to a tooltip. Text between them (dots,
 * dashes, parentheses) is left readable: without a bracket or a line start it cannot form markup.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[\\`*_{}[\]<>!|~&]|\$(?=\()/g, (char) => `\\${char}`);
}

/** Text for a status bar item's label, where `$(name)` would draw an icon: the sequence is broken up. */
export function plainLabel(text: string): string {
  return text.replace(/\$\(/g, '$\u200b(').replace(/[\r\n]+/g, ' ');
}

/**
 * A notification's message, with every `[text](target)` link broken up: notifications turn that pattern into a link
 * (`command:` links included), and a name from a log, a team config or a file could otherwise add one. Tokenwise's own
 * messages hold no links, so the whole message is safe to treat.
 */
export function plainNotification(text: string): string {
  return text.replace(/\]\(/g, '] (');
}
