/** The composition root: configuration, boot, supervision trees. */
export * from './config/index.ts';
export { startNode, type BootEnvironment, type RunningNode } from './boot.ts';
export { PARLEY_VERSION } from './version.ts';
export type { BusEvent, EventBus } from './bus/event-bus.ts';
export type { HaRole, HaRoleSource } from './ha/ha-role.ts';
