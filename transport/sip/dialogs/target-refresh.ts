/**
 * Which requests are target refresh requests, i.e. may move the dialog's remote target.
 *
 * @remarks "For dialogs that have been established with an INVITE, the only target refresh
 * request defined is re-INVITE ... Other extensions may define different target refresh
 * requests": UPDATE (RFC 3311 §5.1) and, for subscription dialogs, SUBSCRIBE and NOTIFY
 * (RFC 6665 §4.1.2.1, §4.1.3). An ACK never is. https://www.rfc-editor.org/rfc/rfc3261#section-12.2
 */
const TARGET_REFRESH_METHODS: ReadonlySet<string> = new Set(['INVITE', 'UPDATE', 'SUBSCRIBE', 'NOTIFY']);

/** True when `method` is a target refresh request. */
export function isTargetRefresh(method: string): boolean {
  return TARGET_REFRESH_METHODS.has(method);
}
