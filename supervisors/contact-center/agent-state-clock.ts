/**
 * When each agent's present state began, for the console's "time in state": the state is the
 * agent's activity, or its pause while paused. Fed every stable snapshot of the agent actors.
 *
 * @remarks
 * The agent's snapshot keeps when it logged in, paused and answered its ACD call, not when it
 * became idle again or entered wrap-up; this clock notes the moment each change is seen. An agent
 * this clock has not seen change (after a restart of the contact center or a takeover, its actor
 * rehydrated from a replica) falls back on its snapshot: the pause's start while paused, the ACD
 * call's answer while on it, the login otherwise (so an idle agent's time may count from its login
 * until its next change). Pure apart from the clock it is given.
 */
import type { agent } from '../../actors/index.ts';

export interface AgentStateClock {
  /** Notes the agent's snapshot: a new state starts its time now. */
  observe(snapshot: agent.AgentSnapshot): void;
  /** When the agent's present state began, or null when not known (a logged-out agent never seen). */
  since(snapshot: agent.AgentSnapshot): number | null;
  forget(agentId: number): void;
}

/** The state the console shows: paused wins over the activity, as agentd reports a pause beside it. */
const stateKey = (snapshot: agent.AgentSnapshot): string => (snapshot.paused !== undefined && snapshot.state !== 'loggedOut' ? 'paused' : snapshot.state);

function fallback(snapshot: agent.AgentSnapshot): number | null {
  if (snapshot.state === 'loggedOut') return null;
  if (snapshot.paused !== undefined) return snapshot.paused.sinceMs;
  if (snapshot.state === 'onCall' && snapshot.acdCall?.answeredAtMs !== undefined) return snapshot.acdCall.answeredAtMs;
  return snapshot.login?.atMs ?? null;
}

export function createAgentStateClock(now: () => number): AgentStateClock {
  const seen = new Map<number, { readonly key: string; readonly sinceMs: number | null }>();
  return {
    observe(snapshot) {
      const key = stateKey(snapshot);
      const previous = seen.get(snapshot.agentId);
      if (previous === undefined) seen.set(snapshot.agentId, { key, sinceMs: fallback(snapshot) });
      else if (previous.key !== key) seen.set(snapshot.agentId, { key, sinceMs: now() });
    },
    since(snapshot) {
      const noted = seen.get(snapshot.agentId);
      return noted !== undefined && noted.key === stateKey(snapshot) ? noted.sinceMs : fallback(snapshot);
    },
    forget: (agentId) => void seen.delete(agentId),
  };
}
