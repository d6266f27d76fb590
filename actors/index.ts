/** The actors: the kernel, the pure dialplan and, per kind, pure machines with thin shells. */
export * from './kernel/index.ts';
export * from './errors.ts';
export * as routing from './routing/index.ts';
export * as call from './call/index.ts';
export * as channel from './channel/index.ts';
export * as ivr from './ivr/index.ts';
export * as queue from './queue/index.ts';
export * as agent from './agent/index.ts';
export * as conference from './conference/index.ts';
export * as berofos from './berofos/index.ts';
