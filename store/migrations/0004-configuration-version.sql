-- 0004 the configuration version: one number that every change to what routing reads moves on,
-- so a node can tell with one cheap read whether its dialplan is still current (the role of a
-- dialplan reload after each confd change on the reference platform).
CREATE TABLE configuration_version (
  id integer PRIMARY KEY DEFAULT 1,
  version bigint NOT NULL DEFAULT 1,
  CONSTRAINT configuration_version_single_row CHECK (id = 1)
);
INSERT INTO configuration_version (id, version) VALUES (1, 1);

CREATE FUNCTION bump_configuration_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE configuration_version SET version = version + 1 WHERE id = 1;
  RETURN NULL;
END;
$$;

CREATE TRIGGER tenant_configuration_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON tenant FOR EACH STATEMENT EXECUTE FUNCTION bump_configuration_version();
CREATE TRIGGER context_configuration_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON context FOR EACH STATEMENT EXECUTE FUNCTION bump_configuration_version();
CREATE TRIGGER users_configuration_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON users FOR EACH STATEMENT EXECUTE FUNCTION bump_configuration_version();
CREATE TRIGGER endpoint_sip_configuration_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON endpoint_sip FOR EACH STATEMENT EXECUTE FUNCTION bump_configuration_version();
CREATE TRIGGER line_configuration_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON line FOR EACH STATEMENT EXECUTE FUNCTION bump_configuration_version();
CREATE TRIGGER extension_configuration_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON extension FOR EACH STATEMENT EXECUTE FUNCTION bump_configuration_version();
CREATE TRIGGER user_line_configuration_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON user_line FOR EACH STATEMENT EXECUTE FUNCTION bump_configuration_version();
CREATE TRIGGER line_extension_configuration_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON line_extension FOR EACH STATEMENT EXECUTE FUNCTION bump_configuration_version();
CREATE TRIGGER context_include_configuration_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON context_include FOR EACH STATEMENT EXECUTE FUNCTION bump_configuration_version();
CREATE TRIGGER moh_configuration_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON moh FOR EACH STATEMENT EXECUTE FUNCTION bump_configuration_version();
