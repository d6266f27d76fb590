-- 0012 The preprocess subroutine of users, incalls and outcalls (seed CF-24): the name of a hook
-- registered in the cluster configuration, run after the routing decision and before the dial.
-- The configuration API checks the name against the registered hooks; a name no longer registered
-- is skipped at call time (logged), so removing a hook from the configuration never breaks calls.
ALTER TABLE users ADD COLUMN preprocess_subroutine text
  CONSTRAINT users_preprocess_subroutine_check CHECK (preprocess_subroutine IS NULL OR preprocess_subroutine ~ '^[A-Za-z0-9_.-]{1,79}$');
ALTER TABLE incall ADD COLUMN preprocess_subroutine text
  CONSTRAINT incall_preprocess_subroutine_check CHECK (preprocess_subroutine IS NULL OR preprocess_subroutine ~ '^[A-Za-z0-9_.-]{1,79}$');
ALTER TABLE outcall ADD COLUMN preprocess_subroutine text
  CONSTRAINT outcall_preprocess_subroutine_check CHECK (preprocess_subroutine IS NULL OR preprocess_subroutine ~ '^[A-Za-z0-9_.-]{1,79}$');
