import type { EncodingName } from './encodings';

/** Host → worker: count the tokens of each text and return the sum. */
export interface CountRequest {
  readonly id: number;
  readonly encoding: EncodingName;
  readonly texts: readonly string[];
}

/** Worker → host: the answer to one request. */
export type CountResponse =
  | { readonly id: number; readonly ok: true; readonly tokens: number; readonly millis: number }
  | { readonly id: number; readonly ok: false; readonly error: string };
