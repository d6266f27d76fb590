/** Agents (seed CC-01): the pure machine of an agent's login, pauses, ACD reservations and wrap-up. */
export { AGENT_ALLOWED } from './agent-state.ts';
export type { AgentState } from './agent-state.ts';
export { loggedOutAgent } from './agent-snapshot.ts';
export type { AgentAcdCall, AgentLogin, AgentSnapshot } from './agent-snapshot.ts';
export type { AgentEffect, AgentMessage, AgentReply, AgentStatusEvent, OfferRefusal } from './agent-messages.ts';
export { agentMachine, canTakeOffer, WRAPUP_TIMER } from './agent-machine.ts';
export { agentAddress, agentSpec } from './agent-actor.ts';
export type { AgentPorts, AgentSpec } from './agent-actor.ts';
