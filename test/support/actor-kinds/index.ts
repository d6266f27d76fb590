/**
 * Every actor kind in the migration property, one line each: a new `*-actor.ts` under `actors/`
 * is added here (a test reads the folder and fails until it is).
 */
import { migrationCase, type MigrationCase } from '../actor-migration.ts';
import { agentKind } from './agent-kind.ts';
import { berofosKind } from './berofos-kind.ts';
import { callKind } from './call-kind.ts';
import { channelKind } from './channel-kind.ts';
import { conferenceKind } from './conference-kind.ts';
import { pingKind } from './ping-kind.ts';
import { queueKind } from './queue-kind.ts';

export const MIGRATION_CASES: readonly MigrationCase[] = [
  migrationCase('ping', pingKind),
  migrationCase('call', callKind),
  migrationCase('channel', channelKind),
  migrationCase('conference', conferenceKind),
  migrationCase('agent', agentKind),
  migrationCase('queue', queueKind),
  migrationCase('berofos', berofosKind),
];
