import type { PostgresMigration } from './migrate';
import { eventStoreMigration } from './migrations/0001-event-store';
import { userDataMigration } from './migrations/0002-user-data';
import { runErrorsMigration } from './migrations/0003-run-errors';
import { accountsMigration } from './migrations/0004-accounts';
import { observationsMigration } from './migrations/0005-observations';

/** Every PostgreSQL migration, oldest first. Forward-only: add a file with the next number, never edit one. */
export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  eventStoreMigration,
  userDataMigration,
  runErrorsMigration,
  accountsMigration,
  observationsMigration,
];
