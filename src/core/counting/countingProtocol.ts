import type { EncodingName } from './encodings';
import type { TextEdit } from './incrementalCount';

/**
 * A document the worker keeps counted between requests, so that an edit is
 * counted by re-tokenizing only around it. With `edits`, the worker applies
 * them to the copy it has at `baseVersion` (and `texts` is empty); without,
 * `texts` holds the whole document and replaces any copy it has.
 */
export interface DocumentRef {
  readonly id: string;
  readonly version: number;
  readonly edits?: readonly TextEdit[];
  readonly baseVersion?: number;
  /** The document's length after the edits; a mismatch means the copies drifted apart. */
  readonly length: number;
}

/**
 * Host → worker: count the tokens of each text and return the sum. A large
 * request is sent in several messages so that no single copy blocks the
 * host's event loop for long: every message but the last has `more`, and a
 * message with `continuesText` extends the previous message's last text with
 * its first one.
 */
export interface CountRequest {
  readonly id: number;
  readonly encoding: EncodingName;
  readonly texts: readonly string[];
  readonly more?: boolean;
  readonly continuesText?: boolean;
  readonly document?: DocumentRef;
}

/** Worker → host: the answer to one request. */
export type CountResponse =
  | { readonly id: number; readonly ok: true; readonly tokens: number; readonly millis: number }
  | { readonly id: number; readonly ok: false; readonly error: string; readonly resync?: boolean };
