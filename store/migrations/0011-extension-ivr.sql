-- 0011 An extension may lead to an IVR (type `ivr`, typeval the IVR's id): the seed's internal
-- entry to an IVR (an extension such as 8899 dialed from an internal context, CF-19). Wazo reaches
-- IVRs through incalls and dialplan code; parley adds this association (docs/decisions.md).
ALTER TABLE extension DROP CONSTRAINT extension_type_check;
ALTER TABLE extension ADD CONSTRAINT extension_type_check CHECK (type IN (
  'extenfeatures', 'featuremap', 'generalfeatures', 'group', 'incall', 'ivr', 'meetme',
  'outcall', 'queue', 'user', 'voicemenu', 'conference', 'parking'
));
