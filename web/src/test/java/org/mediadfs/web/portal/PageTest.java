package org.mediadfs.web.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PageTest {
  @Test
  void anEmptyListHasOneEmptyPage() {
    Page p = Page.of(null, 20, 0);
    assertThat(p.number()).isEqualTo(1);
    assertThat(p.lastPage()).isEqualTo(1);
    assertThat(p.offset()).isZero();
    assertThat(p.firstItem()).isZero();
    assertThat(p.lastItem()).isZero();
    assertThat(p.hasPrevious()).isFalse();
    assertThat(p.hasNext()).isFalse();
  }

  @Test
  void pagesSplitTheListWithAShortLastPage() {
    Page second = Page.of("2", 20, 95);
    assertThat(second.lastPage()).isEqualTo(5);
    assertThat(second.offset()).isEqualTo(20);
    assertThat(second.firstItem()).isEqualTo(21);
    assertThat(second.lastItem()).isEqualTo(40);
    assertThat(second.hasPrevious()).isTrue();
    assertThat(second.hasNext()).isTrue();

    Page last = Page.of("5", 20, 95);
    assertThat(last.firstItem()).isEqualTo(81);
    assertThat(last.lastItem()).isEqualTo(95);
    assertThat(last.hasNext()).isFalse();
  }

  @Test
  void anExactMultipleHasNoExtraPage() {
    assertThat(Page.of("1", 20, 40).lastPage()).isEqualTo(2);
    assertThat(Page.of("1", 20, 41).lastPage()).isEqualTo(3);
    assertThat(Page.of("1", 1, 1).lastPage()).isEqualTo(1);
  }

  @Test
  void badOrOutOfRangeRequestsAreClamped() {
    assertThat(Page.of("0", 20, 95).number()).isEqualTo(1);
    assertThat(Page.of("-3", 20, 95).number()).isEqualTo(1);
    assertThat(Page.of("abc", 20, 95).number()).isEqualTo(1);
    assertThat(Page.of("", 20, 95).number()).isEqualTo(1);
    assertThat(Page.of("99999999999", 20, 95).number()).isEqualTo(1);
    assertThat(Page.of("6", 20, 95).number()).isEqualTo(5);
    assertThat(Page.of(" 3 ", 20, 95).number()).isEqualTo(3);
  }

  @Test
  void offsetsOfHugeListsDoNotOverflow() {
    long total = 10_000_000_000L;
    Page p = Page.of(Integer.toString(Integer.MAX_VALUE), 200, total);
    assertThat(p.number()).isEqualTo(50_000_000);
    assertThat(p.offset()).isEqualTo(total - 200);
    assertThat(p.lastItem()).isEqualTo(total);
  }

  @Test
  void invariantsAreEnforced() {
    assertThatThrownBy(() -> new Page(1, 0, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Page(1, Page.MAX_SIZE + 1, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Page(1, 10, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Page(3, 10, 20)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Page(0, 10, 20)).isInstanceOf(IllegalArgumentException.class);
  }
}
