package org.mediadfs.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FilesResourceTest {
  @Test
  void aLimitIsANumberFromOneToTheLongestPage() {
    assertThat(FilesResource.limit("1")).isEqualTo(1);
    assertThat(FilesResource.limit(" 250 ")).isEqualTo(250);
    assertThat(FilesResource.limit("1000")).isEqualTo(FilesResource.MAX_LIMIT);
  }

  @Test
  void anythingElseIsABadRequestNotAMissingList() {
    for (String bad : new String[] {"0", "1001", "-1", "abc", "", "1e3", "99999999999"}) {
      assertThatThrownBy(() -> FilesResource.limit(bad))
          .as(bad)
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
    }
  }
}
