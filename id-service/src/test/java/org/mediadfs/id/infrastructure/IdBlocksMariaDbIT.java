package org.mediadfs.id.infrastructure;

/** {@link IdBlocksContract} on this machine's MariaDB, through mysql-connector-j. */
class IdBlocksMariaDbIT extends IdBlocksContract {
  @Override
  TestDatabases.Db database() throws Exception {
    return TestDatabases.mariaDb();
  }
}
