-- The portal's catalog (issue 8): one row per file a portal user uploaded. The cluster stores the
-- bytes and their metadata; the catalog adds what people see (title, original name) and who owns
-- the file, so a stream URL that carries only the file ID finds its owner (and so its group) in one
-- lookup. owner is the portal user name, which is also the file's user ID in the cluster.
-- deleted mirrors the cluster's soft delete (restorable); a purged file's row is removed.
CREATE TABLE t_web_catalog (
  file_id       VARCHAR(127) NOT NULL,
  app_id        VARCHAR(15)  NOT NULL,
  owner         VARCHAR(64)  NOT NULL,
  title         VARCHAR(200) NOT NULL,
  original_name VARCHAR(255) NOT NULL,
  content_type  VARCHAR(127) NOT NULL,
  size_bytes    BIGINT       NOT NULL,
  create_time   ${datetime}  NOT NULL,
  update_time   ${datetime}  NOT NULL,
  deleted       BOOLEAN      NOT NULL,
  delete_time   ${datetime},
  CONSTRAINT pk_web_catalog PRIMARY KEY (file_id)
) ${table_options};

-- "My library" and "Deleted items": one user's rows, newest first.
CREATE INDEX ix_web_catalog_owner ON t_web_catalog (owner, deleted, create_time);
