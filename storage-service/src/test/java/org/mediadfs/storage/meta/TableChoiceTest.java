package org.mediadfs.storage.meta;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mediadfs.wire.UserTables;

/** Rows go to the original's table for their user (seed-reference §6.6). */
class TableChoiceTest {
  @Test
  void usersMapToTheOriginalsTables() {
    assertThat(UserTables.tableName("tnv001")).isEqualTo("t_file_02");
    assertThat(UserTables.tableName("tnv002")).isEqualTo("t_file_03");
    assertThat(UserTables.tableName("user1")).isEqualTo("t_file_03");
    assertThat(UserTables.tableName("a")).isEqualTo("t_file_02");
  }

  @Test
  void everyTableAUserCanMapToExistsInTheSchema() {
    for (int i = 0; i < 10_000; i++) {
      assertThat(MetadataStore.TABLES).contains(UserTables.tableName("user" + i));
    }
  }
}
