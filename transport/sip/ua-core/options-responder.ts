/**
 * Answers an out-of-dialog OPTIONS addressed to the node (RFC 3261 §11.2).
 *
 * @remarks
 * "The response to an OPTIONS is constructed using the standard rules for a SIP response as
 * discussed in Section 8.2.6. The response code chosen MUST be the same that would have been
 * chosen had the request been an INVITE." The node would accept an INVITE, so 200, with the
 * capabilities it has: Allow, Accept, Supported (§11.2). No challenge (docs/decisions.md D-003).
 * https://www.rfc-editor.org/rfc/rfc3261#section-11.2
 */
import type { SipRequest, SipResponse } from '../message/sip-message.ts';
import { createResponse } from '../message/index.ts';

export interface Capabilities {
  readonly allow: readonly string[];
  readonly accept: readonly string[];
  readonly supported: readonly string[];
  readonly server: string;
}

/** Builds the 200 OK to an OPTIONS request. */
export function answerOptions(request: SipRequest, capabilities: Capabilities, toTag: string): SipResponse {
  return createResponse(request, 200, {
    toTag,
    headers: {
      allow: [capabilities.allow.join(', ')],
      accept: [capabilities.accept.join(', ')],
      supported: capabilities.supported.length > 0 ? [capabilities.supported.join(', ')] : [],
      server: [capabilities.server],
    },
  });
}
