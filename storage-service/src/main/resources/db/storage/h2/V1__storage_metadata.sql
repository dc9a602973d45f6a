-- Storage node metadata (owner: storage-service). The original's t_file_01..03 (seed-reference §9)
-- plus checksum, content type, store root, flags; keyed by node_id so several nodes may share
-- one MySQL database. Times are epoch milliseconds.
CREATE TABLE t_file_01 (
  node_id      VARCHAR(36)  NOT NULL,
  id           VARCHAR(128) NOT NULL,
  appid        VARCHAR(32)  NOT NULL,
  userid       VARCHAR(256) NOT NULL,
  status       TINYINT      NOT NULL DEFAULT 0,
  flags        INT          NOT NULL DEFAULT 0,
  file_path    VARCHAR(512) NOT NULL,
  store_id     VARCHAR(36)  NOT NULL,
  file_size    BIGINT       NOT NULL,
  crc32c       BIGINT       NOT NULL,
  content_type VARCHAR(128) NOT NULL DEFAULT '',
  create_time  BIGINT       NOT NULL,
  update_time  BIGINT       NOT NULL,
  PRIMARY KEY (node_id, id)
);
CREATE INDEX ix_file_01_path ON t_file_01 (node_id, store_id, file_path);
CREATE INDEX ix_file_01_user ON t_file_01 (node_id, userid, id);
CREATE INDEX ix_file_01_status ON t_file_01 (node_id, status, update_time);

CREATE TABLE t_file_02 (
  node_id      VARCHAR(36)  NOT NULL,
  id           VARCHAR(128) NOT NULL,
  appid        VARCHAR(32)  NOT NULL,
  userid       VARCHAR(256) NOT NULL,
  status       TINYINT      NOT NULL DEFAULT 0,
  flags        INT          NOT NULL DEFAULT 0,
  file_path    VARCHAR(512) NOT NULL,
  store_id     VARCHAR(36)  NOT NULL,
  file_size    BIGINT       NOT NULL,
  crc32c       BIGINT       NOT NULL,
  content_type VARCHAR(128) NOT NULL DEFAULT '',
  create_time  BIGINT       NOT NULL,
  update_time  BIGINT       NOT NULL,
  PRIMARY KEY (node_id, id)
);
CREATE INDEX ix_file_02_path ON t_file_02 (node_id, store_id, file_path);
CREATE INDEX ix_file_02_user ON t_file_02 (node_id, userid, id);
CREATE INDEX ix_file_02_status ON t_file_02 (node_id, status, update_time);

CREATE TABLE t_file_03 (
  node_id      VARCHAR(36)  NOT NULL,
  id           VARCHAR(128) NOT NULL,
  appid        VARCHAR(32)  NOT NULL,
  userid       VARCHAR(256) NOT NULL,
  status       TINYINT      NOT NULL DEFAULT 0,
  flags        INT          NOT NULL DEFAULT 0,
  file_path    VARCHAR(512) NOT NULL,
  store_id     VARCHAR(36)  NOT NULL,
  file_size    BIGINT       NOT NULL,
  crc32c       BIGINT       NOT NULL,
  content_type VARCHAR(128) NOT NULL DEFAULT '',
  create_time  BIGINT       NOT NULL,
  update_time  BIGINT       NOT NULL,
  PRIMARY KEY (node_id, id)
);
CREATE INDEX ix_file_03_path ON t_file_03 (node_id, store_id, file_path);
CREATE INDEX ix_file_03_user ON t_file_03 (node_id, userid, id);
CREATE INDEX ix_file_03_status ON t_file_03 (node_id, status, update_time);

-- The durable replication log (issue 5): one entry per change, written in the same transaction
-- as the row change; peers tail it from a persisted cursor.
CREATE TABLE t_repl_log (
  node_id      VARCHAR(36)  NOT NULL,
  seq          BIGINT       NOT NULL,
  op           TINYINT      NOT NULL,
  id           VARCHAR(128) NOT NULL,
  appid        VARCHAR(32)  NOT NULL,
  userid       VARCHAR(256) NOT NULL,
  status       TINYINT      NOT NULL,
  file_path    VARCHAR(512) NOT NULL,
  file_size    BIGINT       NOT NULL,
  crc32c       BIGINT       NOT NULL,
  content_type VARCHAR(128) NOT NULL DEFAULT '',
  create_time  BIGINT       NOT NULL,
  update_time  BIGINT       NOT NULL,
  log_time     BIGINT       NOT NULL,
  PRIMARY KEY (node_id, seq)
);
CREATE INDEX ix_repl_log_time ON t_repl_log (node_id, log_time);

-- How far this node has applied each peer's log (issue 5).
CREATE TABLE t_repl_cursor (
  node_id      VARCHAR(36)  NOT NULL,
  peer_id      VARCHAR(36)  NOT NULL,
  last_seq     BIGINT       NOT NULL,
  update_time  BIGINT       NOT NULL,
  PRIMARY KEY (node_id, peer_id)
);
