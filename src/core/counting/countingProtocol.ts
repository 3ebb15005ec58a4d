import type { EncodingName } from './encodings';

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
}

/** Worker → host: the answer to one request. */
export type CountResponse =
  | { readonly id: number; readonly ok: true; readonly tokens: number; readonly millis: number }
  | { readonly id: number; readonly ok: false; readonly error: string };
