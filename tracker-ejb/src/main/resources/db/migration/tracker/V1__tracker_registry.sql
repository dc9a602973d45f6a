-- The tracker's tables (seed-reference §9 tnv_trackerdb, bugs fixed): registered groups and apps,
-- durable node membership, and the user -> group routes with a unique key per user (seed bug 13).
-- Live state (status, beats, space, load) is not stored: it lives in each tracker's memory.
CREATE TABLE t_groups (
  group_name  VARCHAR(16) NOT NULL,
  create_time ${datetime} NOT NULL,
  update_time ${datetime} NOT NULL,
  CONSTRAINT pk_groups PRIMARY KEY (group_name)
) ${table_options};

CREATE TABLE t_apps (
  app_id      VARCHAR(15) NOT NULL,
  create_time ${datetime} NOT NULL,
  CONSTRAINT pk_apps PRIMARY KEY (app_id)
) ${table_options};

CREATE TABLE t_storage_nodes (
  node_key    VARCHAR(255) NOT NULL,
  node_id     VARCHAR(64),
  group_name  VARCHAR(16)  NOT NULL,
  host_name   VARCHAR(128) NOT NULL,
  host        VARCHAR(255) NOT NULL,
  port        INT          NOT NULL,
  version     VARCHAR(32)  NOT NULL,
  start_time  BIGINT       NOT NULL,
  first_join  ${datetime}  NOT NULL,
  last_join   ${datetime}  NOT NULL,
  join_count  BIGINT       NOT NULL,
  CONSTRAINT pk_storage_nodes PRIMARY KEY (node_key),
  CONSTRAINT fk_storage_nodes_group FOREIGN KEY (group_name) REFERENCES t_groups (group_name)
) ${table_options};

CREATE INDEX ix_storage_nodes_group ON t_storage_nodes (group_name);

CREATE TABLE t_router (
  user_id     VARCHAR(255) NOT NULL,
  app_id      VARCHAR(15)  NOT NULL,
  group_name  VARCHAR(16)  NOT NULL,
  create_time ${datetime}  NOT NULL,
  CONSTRAINT pk_router PRIMARY KEY (user_id)
) ${table_options};
