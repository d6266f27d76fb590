-- 0006 authentication (seed API-02, API-03, API-04): the tenant tree, the users who log in, their
-- policies (lists of ACL templates) and the refresh tokens of clients with offline access.
--
-- Tenants form a tree: the default tenant of 0001 is its root (the reference platform's master
-- tenant); a token sees its own tenant and the tenants below it. A tenant with tenants below it
-- cannot be deleted (RESTRICT): its children would be orphaned.
ALTER TABLE tenant ADD COLUMN parent_uuid uuid;
ALTER TABLE tenant ADD CONSTRAINT tenant_parent_fkey FOREIGN KEY (parent_uuid) REFERENCES tenant (uuid) ON DELETE RESTRICT;
ALTER TABLE tenant ADD CONSTRAINT tenant_parent_check CHECK (parent_uuid IS NULL OR parent_uuid <> uuid);
-- Only the default tenant is a root: a tenant created without a parent goes below it.
UPDATE tenant SET parent_uuid = (SELECT uuid FROM tenant WHERE is_default) WHERE NOT is_default AND parent_uuid IS NULL;
CREATE FUNCTION tenant_default_parent() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.parent_uuid IS NULL AND NOT NEW.is_default THEN
    NEW.parent_uuid := (SELECT uuid FROM tenant WHERE is_default);
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER tenant_default_parent BEFORE INSERT ON tenant FOR EACH ROW EXECUTE FUNCTION tenant_default_parent();
ALTER TABLE tenant ADD CONSTRAINT tenant_root_check CHECK (is_default OR parent_uuid IS NOT NULL);

-- Who may log in. A PBX user (table users) who logs in has an auth user with the same uuid, as on
-- the reference platform. `password_hash` is a scrypt hash (api/auth/password-hash.ts); null means
-- the user cannot log in with a password. Usernames are unique whatever their case.
CREATE TABLE auth_user (
  uuid uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_uuid uuid NOT NULL REFERENCES tenant (uuid) ON DELETE CASCADE,
  username text NOT NULL,
  password_hash text,
  firstname text,
  lastname text,
  email text,
  purpose text NOT NULL DEFAULT 'user',
  enabled boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT auth_user_username_check CHECK (length(username) BETWEEN 1 AND 256 AND username !~ '[[:cntrl:][:space:]:]'),
  CONSTRAINT auth_user_firstname_check CHECK (firstname IS NULL OR (length(firstname) <= 128 AND firstname !~ '[[:cntrl:]]')),
  CONSTRAINT auth_user_lastname_check CHECK (lastname IS NULL OR (length(lastname) <= 128 AND lastname !~ '[[:cntrl:]]')),
  CONSTRAINT auth_user_email_check CHECK (email IS NULL OR (length(email) <= 254 AND email ~ '^[^@[:space:][:cntrl:]]+@[^@[:space:][:cntrl:]]+$')),
  CONSTRAINT auth_user_purpose_check CHECK (purpose IN ('user', 'internal', 'external_api'))
);
CREATE UNIQUE INDEX auth_user_username_key ON auth_user (lower(username));
CREATE INDEX auth_user_tenant_uuid_idx ON auth_user (tenant_uuid);

-- A policy: a named list of ACL templates, rendered into a token's ACLs when it is issued.
-- `shared` policies of a tenant are visible to the tenants below it (the built-in ones are).
CREATE TABLE auth_policy (
  uuid uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_uuid uuid NOT NULL REFERENCES tenant (uuid) ON DELETE CASCADE,
  slug text NOT NULL,
  name text NOT NULL,
  description text,
  acl text[] NOT NULL DEFAULT '{}',
  shared boolean NOT NULL DEFAULT false,
  read_only boolean NOT NULL DEFAULT false,
  CONSTRAINT auth_policy_tenant_slug_key UNIQUE (tenant_uuid, slug),
  CONSTRAINT auth_policy_slug_check CHECK (slug ~ '^[A-Za-z0-9_-]{1,80}$'),
  CONSTRAINT auth_policy_name_check CHECK (length(name) BETWEEN 1 AND 80 AND name !~ '[[:cntrl:]]'),
  CONSTRAINT auth_policy_description_check CHECK (description IS NULL OR length(description) <= 1024),
  CONSTRAINT auth_policy_acl_size_check CHECK (cardinality(acl) <= 1024)
);

CREATE TABLE auth_user_policy (
  user_uuid uuid NOT NULL REFERENCES auth_user (uuid) ON DELETE CASCADE,
  policy_uuid uuid NOT NULL REFERENCES auth_policy (uuid) ON DELETE CASCADE,
  CONSTRAINT auth_user_policy_pkey PRIMARY KEY (user_uuid, policy_uuid)
);
CREATE INDEX auth_user_policy_policy_idx ON auth_user_policy (policy_uuid);

-- Offline access (seed: `access_type: offline`): one refresh token per user and client.
CREATE TABLE auth_refresh_token (
  uuid uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_uuid uuid NOT NULL REFERENCES auth_user (uuid) ON DELETE CASCADE,
  client_id text NOT NULL,
  mobile boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT auth_refresh_token_user_client_key UNIQUE (user_uuid, client_id),
  CONSTRAINT auth_refresh_token_client_id_check CHECK (client_id ~ '^[A-Za-z0-9_.:@-]{1,128}$')
);

-- Tokens remember the refresh token they came from (deleting it does not revoke them) and the
-- session's user agent and address, shown to the user.
ALTER TABLE auth_token ADD COLUMN user_agent text NOT NULL DEFAULT '' CHECK (length(user_agent) <= 512);
ALTER TABLE auth_token ADD COLUMN remote_addr text NOT NULL DEFAULT '' CHECK (length(remote_addr) <= 64);
CREATE INDEX auth_token_auth_id_idx ON auth_token (auth_id);

-- The built-in policies of the root tenant, shared with every tenant below it.
-- Users: their own resources (`me`), their lines, the event socket and their call events.
INSERT INTO auth_policy (tenant_uuid, slug, name, description, shared, read_only, acl)
SELECT uuid, 'default-user', 'Default user policy', 'What a PBX user may do with its own resources', true, true, ARRAY[
  'auth.users.me.read', 'auth.users.me.password.edit', 'auth.users.me.tokens.#',
  'confd.users.me.read', 'confd.users.me.update', 'confd.users.me.#.read',
  'confd.users.me.services.*.update', 'confd.users.me.forwards.*.update', 'confd.users.me.funckeys.#',
  '{% for line in lines %}confd.lines.{{ line }}.read:{% endfor %}',
  'calld.users.me.#', 'call-logd.users.me.cdr.read',
  'websocketd', 'events.calls.me', 'events.users.me.#', 'events.config.users.me.#', 'events.relocates.me', 'events.transfers.me.#'
]
FROM tenant WHERE is_default;
INSERT INTO auth_policy (tenant_uuid, slug, name, description, shared, read_only, acl)
SELECT uuid, 'default-admin', 'Default administrator policy', 'Everything, in the token''s tenant and below', true, true, ARRAY['#']
FROM tenant WHERE is_default;
