-- 0020 High availability (seed HA-03, HA-04).
--
-- `ha_node`: the HA configuration of each node (confd `/ha`: node_type and remote_address). Every
-- node of a cluster works on this one database, so the rows are keyed by node name and each node
-- reads and writes its own. `sip_address` is the node's own advertised SIP address as the node
-- last recorded it, so that a slave's address is known to whoever fills in the registrar.
--
-- `registrar`: the registrars the phones are provisioned with (confd `/registrars`). The node
-- creates the `default` one at start, its main host being its advertised SIP address; while HA is
-- enabled its backup_host and proxy_backup_host are the slave's address, blank (NULL) otherwise.
CREATE TABLE ha_node (
  node_name text PRIMARY KEY CHECK (length(node_name) BETWEEN 1 AND 128),
  node_type text NOT NULL DEFAULT 'disabled' CHECK (node_type IN ('disabled', 'master', 'slave')),
  remote_address text NOT NULL DEFAULT '' CHECK (length(remote_address) <= 64),
  sip_address text NOT NULL DEFAULT '' CHECK (length(sip_address) <= 255),
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT ha_node_remote_address CHECK ((node_type = 'disabled') = (remote_address = ''))
);

CREATE TABLE registrar (
  id text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]{1,128}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 128),
  main_host text NOT NULL CHECK (length(main_host) BETWEEN 1 AND 255),
  main_port integer CHECK (main_port BETWEEN 1 AND 65535),
  backup_host text CHECK (length(backup_host) BETWEEN 1 AND 255),
  backup_port integer CHECK (backup_port BETWEEN 1 AND 65535),
  proxy_main_host text NOT NULL CHECK (length(proxy_main_host) BETWEEN 1 AND 255),
  proxy_main_port integer CHECK (proxy_main_port BETWEEN 1 AND 65535),
  proxy_backup_host text CHECK (length(proxy_backup_host) BETWEEN 1 AND 255),
  proxy_backup_port integer CHECK (proxy_backup_port BETWEEN 1 AND 65535),
  outbound_proxy_host text CHECK (length(outbound_proxy_host) BETWEEN 1 AND 255),
  outbound_proxy_port integer CHECK (outbound_proxy_port BETWEEN 1 AND 65535)
);
