/** The longest name, number or line identity a call log keeps, in characters (code points). */
export const CALL_LOG_TEXT_MAX_LENGTH = 256;

/** The longest tag a call log participant keeps, in characters. */
export const CALL_LOG_TAG_MAX_LENGTH = 64;

/** The most tags a participant keeps. */
export const CALL_LOG_TAGS_MAX_COUNT = 32;

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/gu;

/**
 * Makes a text from the network storable in a call log: control characters become U+FFFD and
 * the text is cut to `maxLength` characters.
 *
 * @remarks
 * A SIP display name may carry any character but CR and LF through a quoted-pair
 * (https://www.rfc-editor.org/rfc/rfc3261#section-25.1), NUL included, which PostgreSQL cannot
 * store. A call log is a record of what happened: it must not be lost because a peer sent a
 * hostile name, so the text is made safe instead of refused. Empty texts become null.
 */
export function toCallLogText(value: string | null | undefined, maxLength: number = CALL_LOG_TEXT_MAX_LENGTH): string | null {
  if (value === null || value === undefined) return null;
  const safe = Array.from(value.replace(CONTROL_CHARACTERS, '\ufffd')).slice(0, maxLength).join('');
  return safe === '' ? null : safe;
}

/**
 * Splits a userfield into call-log tags: at commas, trimmed, without empty or repeated tags.
 *
 * @remarks
 * Wazo copies each comma-separated part of the users' userfields into the call log's tags.
 * Tags are cut to `CALL_LOG_TAG_MAX_LENGTH` characters and to `CALL_LOG_TAGS_MAX_COUNT` tags.
 */
export function splitUserfield(userfield: string | null | undefined): string[] {
  if (userfield === null || userfield === undefined) return [];
  return toCallLogTags(userfield.split(','));
}

/** Makes tags storable: as `toCallLogText` each, without empty, repeated or surplus ones. */
export function toCallLogTags(tags: readonly string[]): string[] {
  const kept = new Set<string>();
  for (const tag of tags) {
    const safe = toCallLogText(tag.replaceAll(',', ' ').trim(), CALL_LOG_TAG_MAX_LENGTH);
    if (safe !== null) kept.add(safe);
    if (kept.size === CALL_LOG_TAGS_MAX_COUNT) break;
  }
  return [...kept];
}
