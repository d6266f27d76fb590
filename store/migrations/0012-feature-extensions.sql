-- 0012 The feature extensions (star codes, seed CF-26): Wazo's `feature_extension` table, global
-- (the reference platform keeps them in the context xivo-features, which every internal context
-- includes, shared by all tenants). `feature` is the name Wazo gives the code; `exten` the number
-- or pattern dialed. Only enabled codes answer; two enabled codes may not share an exten (checked
-- by confd, which compares patterns as routing does). Seeded with Wazo's defaults.
CREATE TABLE feature_extension (
  uuid uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  enabled boolean NOT NULL DEFAULT true,
  exten text NOT NULL CONSTRAINT feature_extension_exten_check CHECK (exten ~ '^(\+?[0-9*#]{1,40}|_[0-9A-Za-z*#+.!\[\]-]{1,40})$'),
  feature text NOT NULL CONSTRAINT feature_extension_feature_key UNIQUE
    CONSTRAINT feature_extension_feature_check CHECK (feature ~ '^[a-z][a-z_]{0,63}$')
);

INSERT INTO feature_extension (exten, feature, enabled) VALUES
  ('*1', 'blindxfer', true),
  ('*2', 'atxfer', true),
  ('*3', 'automixmon', true),
  ('*0', 'disconnect', true),
  ('*8', 'pickupexten', true),
  ('_*8.', 'pickup', false),
  ('*10', 'phonestatus', true),
  ('_*11.', 'paging', true),
  ('*20', 'fwdundoall', true),
  ('_*21.', 'fwdunc', true),
  ('_*22.', 'fwdrna', true),
  ('_*23.', 'fwdbusy', true),
  ('*25', 'enablednd', true),
  ('*26', 'callrecord', true),
  ('*27', 'incallfilter', true),
  ('_*37.', 'bsfilter', true),
  ('*90', 'enablevm', true),
  ('*92', 'vmuserpurge', true),
  ('*98', 'vmusermsg', true),
  ('_*99.', 'vmboxmsgslt', true);

CREATE TRIGGER feature_extension_configuration_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON feature_extension FOR EACH STATEMENT EXECUTE FUNCTION bump_configuration_version();
