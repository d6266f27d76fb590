-- 0005 authentication tokens (seed API-02): what `POST /0.1/token` issues. A token belongs to one
-- tenant, names who authenticated (`auth_id`) and the PBX user it stands for, carries the ACLs
-- rendered from its policy at creation, and lapses at `expires_at`. Expired rows are swept.
CREATE TABLE auth_token (
  uuid uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_uuid uuid NOT NULL REFERENCES tenant (uuid) ON DELETE CASCADE,
  auth_id text NOT NULL,
  pbx_user_uuid uuid,
  acl text[] NOT NULL DEFAULT '{}',
  issued_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  CONSTRAINT auth_token_auth_id_check CHECK (length(auth_id) BETWEEN 1 AND 128 AND auth_id !~ '[[:cntrl:]]'),
  CONSTRAINT auth_token_lifetime_check CHECK (expires_at > issued_at)
);
CREATE INDEX auth_token_expires_at_idx ON auth_token (expires_at);
