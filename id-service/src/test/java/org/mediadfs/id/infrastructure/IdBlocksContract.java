package org.mediadfs.id.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mediadfs.id.application.IdAllocator;

/**
 * What the ID server promises on a real database, run against MariaDB and H2: migrations apply
 * once, two ID servers sharing the database never hand out one ID twice (row lock), a first key
 * raced by two servers is created once, and a restart skips the rest of its block.
 */
abstract class IdBlocksContract {
  private TestDatabases.Db db;
  private final List<EntityManagerFactory> emfs = new ArrayList<>();
  private final ExecutorService prefetcher = Executors.newVirtualThreadPerTaskExecutor();

  abstract TestDatabases.Db database() throws Exception;

  @BeforeEach
  void migrate() throws Exception {
    db = database();
    assertThat(IdSchema.migrate(db.dataSource(), getClass().getClassLoader())).isEqualTo(1);
    assertThat(IdSchema.migrate(db.dataSource(), getClass().getClassLoader()))
        .as("migrations run once")
        .isZero();
  }

  @AfterEach
  void drop() {
    prefetcher.close();
    emfs.forEach(EntityManagerFactory::close);
    db.close();
  }

  private IdAllocator server(int blockSize) {
    EntityManagerFactory emf = db.emf();
    emfs.add(emf);
    // As in the container: the next block is reserved in the background at half the block.
    return new IdAllocator(TestDatabases.blocks(emf), blockSize, 1000, prefetcher);
  }

  @Test
  void twoServersHammeringOneKeyNeverRepeatAnId() throws Exception {
    IdAllocator a = server(10);
    IdAllocator b = server(10);
    int threads = 16;
    int perThread = 400;
    Set<Long> seen = ConcurrentHashMap.newKeySet();
    List<Long> duplicates = java.util.Collections.synchronizedList(new ArrayList<>());
    CountDownLatch go = new CountDownLatch(1);
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        IdAllocator mine = t % 2 == 0 ? a : b;
        fs.add(
            pool.submit(
                () -> {
                  go.await();
                  for (int i = 0; i < perThread; i++) {
                    long id = mine.next("hot");
                    if (!seen.add(id)) {
                      duplicates.add(id);
                    }
                  }
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> f : fs) {
        f.get();
      }
    }
    assertThat(duplicates).isEmpty();
    assertThat(seen).hasSize(threads * perThread);
    try (Connection c = db.dataSource().getConnection();
        ResultSet rs =
            c.createStatement()
                .executeQuery("SELECT next_value FROM t_id_gen WHERE id_key = 'hot'")) {
      assertThat(rs.next()).isTrue();
      long next = rs.getLong(1);
      assertThat(seen.stream().mapToLong(Long::longValue).max().orElseThrow()).isLessThan(next);
    }
  }

  @Test
  void aRestartedServerSkipsTheRestOfItsBlock() throws Exception {
    IdAllocator first = server(100);
    for (int i = 0; i < 7; i++) {
      assertThat(first.next("group001")).isEqualTo(i);
    }
    IdAllocator restarted = server(100);
    assertThat(restarted.next("group001")).isEqualTo(100);
    assertThat(restarted.next("group001")).isEqualTo(101);
    assertThat(first.next("group001")).as("the old block stays its own").isEqualTo(7);
  }
}
