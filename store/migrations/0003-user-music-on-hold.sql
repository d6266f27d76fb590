-- 0003 a user's music on hold (Wazo's user `music_on_hold`): the class the other party hears when
-- the user puts a call on hold. NULL means the tenant's `default` class. Deleting the class puts
-- its users back on the default; renaming it follows.
ALTER TABLE users
  ADD COLUMN music_on_hold text,
  ADD CONSTRAINT users_music_on_hold_fkey FOREIGN KEY (tenant_uuid, music_on_hold)
    REFERENCES moh (tenant_uuid, name) ON UPDATE CASCADE ON DELETE SET NULL (music_on_hold);
