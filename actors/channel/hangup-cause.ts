/**
 * Why a channel ended, as a SIP status and a Q.850 cause, and the mapping between the two.
 *
 * @remarks
 * The call log and the events carry both: telephony operators read Q.850 causes (Asterisk's
 * HANGUPCAUSE), SIP peers see statuses. The SIP → Q.850 table follows RFC 3398 §8.2.6.1 and the
 * Q.850 → SIP table RFC 3398 §7.2.4.1, as Asterisk applies them.
 * https://www.rfc-editor.org/rfc/rfc3398#section-8.2.6.1
 */

/** A hang-up cause: the Q.850 cause and, when SIP produced or will carry it, the SIP status. */
export interface HangupCause {
  /** Q.850 cause value (16 normal clearing, 17 user busy, 19 no answer …). */
  readonly q850: number;
  /** The SIP status it maps to or came from (200 for a normal BYE). */
  readonly sipStatus: number;
  readonly text: string;
}

export const Q850 = {
  unallocatedNumber: 1,
  normalClearing: 16,
  userBusy: 17,
  noUserResponding: 18,
  noAnswer: 19,
  callRejected: 21,
  destinationOutOfOrder: 27,
  invalidNumberFormat: 28,
  normalUnspecified: 31,
  noCircuitAvailable: 34,
  temporaryFailure: 41,
  switchingEquipmentCongestion: 42,
  recoveryOnTimerExpiry: 102,
  interworking: 127,
} as const;

const SIP_TO_Q850: Readonly<Record<number, number>> = {
  400: Q850.interworking, 401: Q850.callRejected, 402: Q850.callRejected, 403: Q850.callRejected,
  404: Q850.unallocatedNumber, 405: Q850.interworking, 406: Q850.interworking, 407: Q850.callRejected,
  408: Q850.recoveryOnTimerExpiry, 410: 22, 413: Q850.interworking, 414: Q850.interworking,
  415: Q850.interworking, 416: Q850.interworking, 420: Q850.interworking, 421: Q850.interworking,
  423: Q850.interworking, 480: Q850.noUserResponding, 481: Q850.interworking, 482: 25, 483: 25,
  484: Q850.invalidNumberFormat, 485: Q850.unallocatedNumber, 486: Q850.userBusy, 487: Q850.normalClearing,
  488: 65, 500: Q850.temporaryFailure, 501: 79, 502: Q850.destinationOutOfOrder, 503: Q850.noCircuitAvailable,
  504: Q850.recoveryOnTimerExpiry, 505: Q850.interworking, 513: Q850.interworking, 600: Q850.userBusy,
  603: Q850.callRejected, 604: Q850.unallocatedNumber, 606: 58,
};

const Q850_TO_SIP: Readonly<Record<number, number>> = {
  [Q850.unallocatedNumber]: 404, [Q850.normalClearing]: 200, [Q850.userBusy]: 486,
  [Q850.noUserResponding]: 408, [Q850.noAnswer]: 480, [Q850.callRejected]: 603,
  [Q850.destinationOutOfOrder]: 502, [Q850.invalidNumberFormat]: 484, [Q850.normalUnspecified]: 480,
  [Q850.noCircuitAvailable]: 503, [Q850.temporaryFailure]: 503, [Q850.switchingEquipmentCongestion]: 503,
  [Q850.recoveryOnTimerExpiry]: 504, [Q850.interworking]: 500,
};

/** The cause of a SIP final response (or 200 for a BYE). */
export function causeFromSip(status: number, text = ''): HangupCause {
  if (status >= 200 && status < 300) return { q850: Q850.normalClearing, sipStatus: status, text: text || 'normal clearing' };
  const q850 = SIP_TO_Q850[status] ?? (status >= 600 ? Q850.callRejected : status >= 500 ? Q850.temporaryFailure : Q850.interworking);
  return { q850, sipStatus: status, text };
}

/** The cause for a Q.850 value, with the SIP status an early leg is refused with. */
export function causeFromQ850(q850: number, text = ''): HangupCause {
  return { q850, sipStatus: Q850_TO_SIP[q850] ?? 480, text };
}

/** The usual causes. */
export const CAUSES = {
  normal: causeFromQ850(Q850.normalClearing, 'normal clearing'),
  busy: causeFromQ850(Q850.userBusy, 'user busy'),
  noAnswer: causeFromQ850(Q850.noAnswer, 'no answer'),
  notFound: causeFromQ850(Q850.unallocatedNumber, 'unallocated number'),
  rejected: causeFromQ850(Q850.callRejected, 'call rejected'),
  congestion: causeFromQ850(Q850.noCircuitAvailable, 'no circuit available'),
  answeredElsewhere: { q850: Q850.normalClearing, sipStatus: 487, text: 'answered elsewhere' },
  crashed: causeFromQ850(Q850.temporaryFailure, 'call failed'),
} as const satisfies Readonly<Record<string, HangupCause>>;
