// The one rule for a URL Tokenwise sends a request to: https anywhere, plain http only on this machine (a local
// mirror, a test server), and never with credentials in the URL itself.

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Why a request to `url` is refused (`what` says what goes there: "prices are fetched"), or undefined. */
export function requestUrlIssue(url: string, what: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${JSON.stringify(url.slice(0, 80))} is not a URL`;
  }
  if (parsed.username || parsed.password) return 'the URL must not carry credentials';
  if (parsed.protocol === 'https:') return undefined;
  if (parsed.protocol === 'http:' && LOOPBACK.has(parsed.hostname)) return undefined;
  return `${parsed.protocol}//${parsed.host} is refused: ${what} over https (plain http only from this machine)`;
}
