-- 0019 The agent feature codes (seed CC-01, Wazo's defaults): `*31<agent number>` logs the agent in
-- at the phone dialing it (`agentstaticlogin`), `*32<number>` logs it off (`agentstaticlogoff`),
-- `*30<number>` logs it in or off (`agentstaticlogtoggle`). All enabled, as Wazo ships them.
INSERT INTO feature_extension (exten, feature, enabled) VALUES
  ('_*31.', 'agentstaticlogin', true),
  ('_*32.', 'agentstaticlogoff', true),
  ('_*30.', 'agentstaticlogtoggle', true)
ON CONFLICT (feature) DO NOTHING;
