/**
 * The call effects a node keeps across a change of the contact center's owner (replicated):
 * those made while no node owns it, those recently sent to an owner that may have died before it
 * handled or replicated them, and, on a new owner, those that arrive while its contact center is
 * still starting.
 *
 * @remarks
 * Each list holds at most {@link HELD_EFFECTS_LIMIT} effects, the oldest dropped first. What was
 * sent is kept {@link RESEND_WINDOW_MS}: the queue and agent machines ignore an effect they already
 * handled (an answer, failure, abandon or end of an offer or call that is over), and a call's entry
 * is never kept (a queue would not answer it twice).
 */
import type { ContactCenter } from './contact-center.ts';
import type { LinkMessage } from './link-message.ts';

/** The most effects each list holds. */
export const HELD_EFFECTS_LIMIT = 10_000;
/** How long an effect sent to an owner is kept for a new owner. */
export const RESEND_WINDOW_MS = 6_000;

/** A call effect: what it does on the owner itself, and the message that carries it to another node. */
export interface CallEffect {
  readonly callId: string;
  readonly local: (calls: ContactCenter['calls']) => void;
  readonly message: LinkMessage;
}

export interface HeldCallEffects {
  /** An effect was sent to the owner `ownerNodeId`. */
  sent(ownerNodeId: string, effect: CallEffect): void;
  /** An effect was made while no node owns the contact center. */
  hold(effect: CallEffect): void;
  /**
   * What to give the owner `ownerNodeId` now that it owns the contact center: what was sent to
   * another owner in the window, then what was held, in order.
   */
  takeFor(ownerNodeId: string): readonly CallEffect[];
  /** Owner side: a message from another node arrived while the contact center was starting here. */
  arrivedEarly(from: string, message: LinkMessage): void;
  /** Owner side: the messages that arrived while the contact center was starting. */
  takeEarly(): readonly { readonly from: string; readonly message: LinkMessage }[];
}

export function createHeldCallEffects(now: () => number): HeldCallEffects {
  let sent: { readonly atMs: number; readonly ownerNodeId: string; readonly effect: CallEffect }[] = [];
  const held: CallEffect[] = [];
  const early: { readonly from: string; readonly message: LinkMessage }[] = [];
  const bounded = <Item>(list: Item[], item: Item): void => {
    if (list.push(item) > HELD_EFFECTS_LIMIT) list.shift();
  };
  return {
    sent(ownerNodeId, effect) {
      while (sent[0] !== undefined && sent[0].atMs < now() - RESEND_WINDOW_MS) sent.shift();
      if (effect.message.type !== 'call.enter') bounded(sent, { atMs: now(), ownerNodeId, effect });
    },
    hold: (effect) => bounded(held, effect),
    takeFor(ownerNodeId) {
      const recent = sent.filter((entry) => entry.atMs >= now() - RESEND_WINDOW_MS);
      sent = recent.filter((entry) => entry.ownerNodeId === ownerNodeId);
      return [...recent.filter((entry) => entry.ownerNodeId !== ownerNodeId).map((entry) => entry.effect), ...held.splice(0)];
    },
    arrivedEarly: (from, message) => bounded(early, { from, message }),
    takeEarly: () => early.splice(0),
  };
}
