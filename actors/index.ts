/** The actors: the kernel and, per kind, pure machines with thin shells. */
export * from './kernel/index.ts';
export * from './errors.ts';
