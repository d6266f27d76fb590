-- 0017 user fallbacks (seed CF-18 and Wazo confd's `/users/{id}/fallbacks`): where a call to the
-- user goes when the user does not answer (`noanswer`), is busy (`busy`), the call is congested
-- (`congestion`) or the user's phones cannot be reached (`fail`). Each is a destination form as
-- incalls, IVRs and groups store them; null is Wazo's `none`. An enabled forward of the user wins
-- over the fallback of the same case (docs/decisions.md).

ALTER TABLE users
  ADD COLUMN noanswer_destination jsonb,
  ADD COLUMN busy_destination jsonb,
  ADD COLUMN congestion_destination jsonb,
  ADD COLUMN fail_destination jsonb,
  ADD CONSTRAINT users_noanswer_destination_check CHECK (noanswer_destination IS NULL OR (jsonb_typeof(noanswer_destination) = 'object' AND noanswer_destination ? 'type')),
  ADD CONSTRAINT users_busy_destination_check CHECK (busy_destination IS NULL OR (jsonb_typeof(busy_destination) = 'object' AND busy_destination ? 'type')),
  ADD CONSTRAINT users_congestion_destination_check CHECK (congestion_destination IS NULL OR (jsonb_typeof(congestion_destination) = 'object' AND congestion_destination ? 'type')),
  ADD CONSTRAINT users_fail_destination_check CHECK (fail_destination IS NULL OR (jsonb_typeof(fail_destination) = 'object' AND fail_destination ? 'type'));
