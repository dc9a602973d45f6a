-- The web tier's tables (architecture decision 2: the Payara application owns the web tables and
-- migrates them itself, history in flyway_web_history). Users and their roles are read by the
-- Jakarta Security database identity store; passwords are PBKDF2 hashes (Pbkdf2PasswordHash's
-- own format, algorithm:iterations:salt:hash). API tokens are stored as SHA-256 hashes only. Link
-- keys are the HMAC keys of signed stream links, shared by every web instance.
CREATE TABLE t_web_users (
  username      VARCHAR(64)  NOT NULL,
  password_hash VARCHAR(512) NOT NULL,
  create_time   ${datetime}  NOT NULL,
  CONSTRAINT pk_web_users PRIMARY KEY (username)
) ${table_options};

CREATE TABLE t_web_user_roles (
  username  VARCHAR(64) NOT NULL,
  role_name VARCHAR(32) NOT NULL,
  CONSTRAINT pk_web_user_roles PRIMARY KEY (username, role_name),
  CONSTRAINT fk_web_user_roles_user FOREIGN KEY (username) REFERENCES t_web_users (username)
    ON DELETE CASCADE
) ${table_options};

CREATE TABLE t_web_tokens (
  token_hash  CHAR(64)     NOT NULL,
  username    VARCHAR(64)  NOT NULL,
  label       VARCHAR(128) NOT NULL,
  create_time ${datetime}  NOT NULL,
  expire_time ${datetime},
  CONSTRAINT pk_web_tokens PRIMARY KEY (token_hash),
  CONSTRAINT fk_web_tokens_user FOREIGN KEY (username) REFERENCES t_web_users (username)
    ON DELETE CASCADE
) ${table_options};

CREATE INDEX ix_web_tokens_user ON t_web_tokens (username);

CREATE TABLE t_web_link_keys (
  key_id      VARCHAR(64)  NOT NULL,
  secret      VARCHAR(128) NOT NULL,
  create_time ${datetime}  NOT NULL,
  CONSTRAINT pk_web_link_keys PRIMARY KEY (key_id)
) ${table_options};
