package org.mediadfs.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The user→table hash of seed-reference §6.6, against its vectors. */
class UserTablesTest {

  @Test
  void tnv001HashesTo3600463905AndTable02() {
    assertThat(UserTables.hash("tnv001")).isEqualTo(3_600_463_905L);
    assertThat(UserTables.tableName("tnv001")).isEqualTo("t_file_02");
  }

  @Test
  void tnv002GoesToTable03() {
    assertThat(UserTables.hash("tnv002")).isEqualTo(3_600_463_906L);
    assertThat(UserTables.tableName("tnv002")).isEqualTo("t_file_03");
  }

  @Test
  void user1GoesToTable03() {
    assertThat(UserTables.hash("user1")).isEqualTo(2_800_638_466L);
    assertThat(UserTables.tableName("user1")).isEqualTo("t_file_03");
  }

  @Test
  void singleLetterAHashesTo97AndTable02() {
    assertThat(UserTables.hash("a")).isEqualTo(97);
    assertThat(UserTables.tableNumber("a")).isEqualTo(2);
    assertThat(UserTables.tableName("a")).isEqualTo("t_file_02");
  }

  @Test
  void bytesAbove127AreSignedCharsAsInTheOriginal() {
    // "é" is C3 A9; as signed chars they are sign-extended before the XOR (computed separately)
    assertThat(UserTables.hash("é")).isEqualTo(134_092_907L);
    assertThat(UserTables.tableName("é")).isEqualTo("t_file_03");
    assertThat(UserTables.hash("用户")).isEqualTo(1_973_186_167L);
    assertThat(UserTables.tableName("用户")).isEqualTo("t_file_02");
  }

  @Test
  void emptyUserHashesToZero() {
    assertThat(UserTables.hash("")).isZero();
    assertThat(UserTables.tableName("")).isEqualTo("t_file_01");
  }

  @Test
  void everyUserLandsInOneOfThreeTables() {
    for (int i = 0; i < 10_000; i++) {
      assertThat(UserTables.tableNumber("user" + i)).isBetween(1, UserTables.COUNT);
    }
  }
}
