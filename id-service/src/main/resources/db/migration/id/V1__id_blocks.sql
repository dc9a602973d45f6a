-- The ID server's table (seed-reference §5 and §9, tnv_idsdb.t_id_gen): one row per ID key.
-- next_value is the first ID not yet reserved by any ID server; a reservation moves it one block
-- on under a row lock (SELECT ... FOR UPDATE), so servers sharing this database never overlap.
CREATE TABLE t_id_gen (
  id_key      VARCHAR(64) NOT NULL,
  next_value  BIGINT      NOT NULL,
  create_time ${datetime} NOT NULL,
  update_time ${datetime} NOT NULL,
  CONSTRAINT pk_id_gen PRIMARY KEY (id_key)
) ${table_options};
