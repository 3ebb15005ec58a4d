/** How many leading bytes are checked for NUL, as git and grep do. */
const BINARY_SNIFF_BYTES = 8000;

/** A file whose first bytes hold a NUL is binary: counting it as text would be meaningless. */
export function looksBinary(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, BINARY_SNIFF_BYTES);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
  return false;
}

const utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });

/** File bytes as prompt text (UTF-8, BOM dropped, invalid bytes replaced), or undefined when binary. */
export function decodePromptText(bytes: Uint8Array): string | undefined {
  return looksBinary(bytes) ? undefined : utf8.decode(bytes);
}
