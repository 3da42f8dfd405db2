import type { FlashMessage, MessageLevel } from '../types.js';
import { BadSignature, type Signer } from './signer.js';

/**
 * Name of the cookie carrying pending flash messages across redirects.
 * @example parseCookies(request.headers.get('cookie'))[MESSAGES_COOKIE]
 */
export const MESSAGES_COOKIE = 'ds_messages';

/** Signing namespace, so no other signed value can be replayed as messages. */
const NAMESPACE = 'messages';

function isLevel(value: unknown): value is MessageLevel {
  return value === 1 || value === 2 || value === 3;
}

/**
 * Signs messages into a `ds_messages` cookie value, in Datasette's `[[text, level], …]` layout.
 *
 * @example
 * const value = encodeMessages(signer, [{ text: 'Secret saved', level: MessageLevel.INFO }]);
 * headers.append('set-cookie', serializeCookie(MESSAGES_COOKIE, value));
 */
export function encodeMessages(signer: Signer, messages: FlashMessage[]): string {
  const pairs = messages.map(({ text, level }) => {
    if (typeof text !== 'string' || !isLevel(level)) {
      throw new TypeError(
        'encodeMessages: each message needs string text and a level of 1, 2 or 3',
      );
    }
    return [text, level];
  });
  return signer.sign(pairs, NAMESPACE);
}

/**
 * Reads a `ds_messages` cookie value. Never throws: a bad signature or a payload that is not a
 * list gives `[]`, and entries that are not `[string, 1|2|3]` are dropped one by one, so a
 * stale or tampered cookie can at worst show fewer messages.
 *
 * @example
 * const pending = decodeMessages(signer, cookies[MESSAGES_COOKIE] ?? '');
 */
export function decodeMessages(signer: Signer, value: string): FlashMessage[] {
  let decoded: unknown;
  try {
    decoded = signer.unsign(value, NAMESPACE);
  } catch (error) {
    if (error instanceof BadSignature) {
      return [];
    }
    throw error;
  }
  if (!Array.isArray(decoded)) {
    return [];
  }
  const messages: FlashMessage[] = [];
  for (const entry of decoded) {
    if (Array.isArray(entry) && typeof entry[0] === 'string' && isLevel(entry[1])) {
      messages.push({ text: entry[0], level: entry[1] });
    }
  }
  return messages;
}
