package org.mediadfs.id.infrastructure;

/** {@link IdBlocksContract} on the embedded default, an H2 file database. */
class IdBlocksH2IT extends IdBlocksContract {
  @Override
  TestDatabases.Db database() {
    return TestDatabases.h2();
  }
}
