/**
 * The UAS core's retransmission of a 2xx to an INVITE until its ACK arrives.
 *
 * @remarks "The 2xx response is passed to the transport with an interval that starts at T1
 * seconds and doubles for each retransmission until it reaches T2 seconds ... The response
 * retransmission stops when an ACK is received. This is independent of the transport protocol ...
 * If the server retransmits the 2xx response for 64*T1 seconds without receiving an ACK, the
 * dialog is confirmed, but the session SHOULD be terminated." The INVITE server transaction does
 * not re-send 2xx itself (RFC 6026 §7.1), so this timer belongs to the session.
 * https://www.rfc-editor.org/rfc/rfc3261#section-13.3.1.4
 */
import type { SipClock, SipTimerConfig, TimerHandle } from '../transactions/index.ts';

/** A running retransmission. */
export interface SuccessRetransmission {
  /** The ACK arrived (or the session ended): no more sends, no give-up. */
  stop(): void;
}

/** Starts re-sending with `resend`; `onGiveUp` runs once 64·T1 passed without `stop`. */
export function startSuccessRetransmission(
  clock: SipClock,
  timers: SipTimerConfig,
  resend: () => void,
  onGiveUp: () => void,
): SuccessRetransmission {
  let retransmitHandle: TimerHandle | undefined;
  let intervalMs = timers.t1Ms;
  const retransmit = (): void => {
    resend();
    intervalMs = Math.min(2 * intervalMs, timers.t2Ms);
    retransmitHandle = clock.setTimer(intervalMs, retransmit);
  };
  retransmitHandle = clock.setTimer(intervalMs, retransmit);
  const giveUpHandle = clock.setTimer(64 * timers.t1Ms, () => {
    if (retransmitHandle !== undefined) clock.clearTimer(retransmitHandle);
    retransmitHandle = undefined;
    onGiveUp();
  });
  return {
    stop() {
      if (retransmitHandle !== undefined) clock.clearTimer(retransmitHandle);
      retransmitHandle = undefined;
      clock.clearTimer(giveUpHandle);
    },
  };
}
