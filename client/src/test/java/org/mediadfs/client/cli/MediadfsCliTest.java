package org.mediadfs.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mediadfs.client.TestClients;
import org.mediadfs.client.testing.FakeNet;
import org.mediadfs.client.testing.FakeNet.Reply;
import org.mediadfs.client.testing.FakeTime;
import org.mediadfs.wire.ErrorCode;
import org.mediadfs.wire.message.FileMeta;
import org.mediadfs.wire.message.FileStatus;
import org.mediadfs.wire.message.HostPort;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;
import picocli.CommandLine;

/** Argument parsing and output lines of the command line, against fake servers (no sockets). */
class MediadfsCliTest {
  static final HostPort T = new HostPort("10.0.1.1", 21000);
  static final HostPort S = new HostPort("10.0.2.1", 23000);

  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();
  final FakeNet net = new FakeNet();
  final FakeTime time = new FakeTime();

  CliContext ctx(Map<String, String> env) {
    return new CliContext(
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        env,
        false,
        cfg -> TestClients.create(cfg, net, time));
  }

  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  MediadfsCli parse(Map<String, String> env, String... args) {
    CommandLine cl = MediadfsCli.commandLine(ctx(env));
    cl.parseArgs(MediadfsCli.normalize(args));
    return cl.getCommand();
  }

  // ------------------------------------------------------------ parsing

  @Test
  void leadingPositionalTrackerListBecomesTheTrackerOption() {
    assertThat(
            MediadfsCli.normalize(
                new String[] {"127.0.0.1:21000", "upload", "tnvideo", "tnv001", "f.mp4"}))
        .containsExactly("--trackers", "127.0.0.1:21000", "upload", "tnvideo", "tnv001", "f.mp4");
    assertThat(MediadfsCli.normalize(new String[] {"10.0.0.1:21000;10.0.0.2:21000;", "groups"}))
        .containsExactly("--trackers", "10.0.0.1:21000;10.0.0.2:21000;", "groups");
  }

  @Test
  void commandsAndOptionsAreLeftAlone() {
    String[][] cases = {
      {"upload", "tnvideo", "tnv001", "f.mp4"},
      {"--trackers", "1.2.3.4:5", "groups"},
      {"groups"},
      {"nonsense"},
      {}
    };
    for (String[] c : cases) {
      assertThat(MediadfsCli.normalize(c)).containsExactly(c);
    }
  }

  @Test
  void positionalTrackersAreUsed() {
    MediadfsCli cli = parse(Map.of(), "10.0.0.1:21000;10.0.0.2:21001", "groups");
    assertThat(cli.trackerList())
        .containsExactly(new HostPort("10.0.0.1", 21000), new HostPort("10.0.0.2", 21001));
  }

  @Test
  void trackerOptionBeatsEnvironmentWhichBeatsTheDefault() {
    Map<String, String> env = Map.of(MediadfsCli.ENV_TRACKERS, "10.9.9.9:1");
    assertThat(parse(env, "--trackers", "10.0.0.1:2", "groups").trackerList())
        .containsExactly(new HostPort("10.0.0.1", 2));
    assertThat(parse(env, "groups").trackerList()).containsExactly(new HostPort("10.9.9.9", 1));
    assertThat(parse(Map.of(), "groups").trackerList())
        .containsExactly(new HostPort("127.0.0.1", 21000));
  }

  @Test
  void trackerOptionAfterTheCommandIsAcceptedToo() {
    assertThat(parse(Map.of(), "groups", "--trackers", "10.0.0.7:3").trackerList())
        .containsExactly(new HostPort("10.0.0.7", 3));
  }

  @Test
  void downloadOffsetAndSizeAreOptional() {
    CommandLine cl = MediadfsCli.commandLine(ctx(Map.of()));
    var pr = cl.parseArgs("download", "tnvideo", "tnv001", "abc");
    Commands.Download d = (Commands.Download) pr.subcommand().commandSpec().userObject();
    assertThat(d.offset).isZero();
    assertThat(d.size).isZero();
    pr =
        MediadfsCli.commandLine(ctx(Map.of()))
            .parseArgs("download", "tnvideo", "tnv001", "abc", "10", "20", "-o", "x");
    d = (Commands.Download) pr.subcommand().commandSpec().userObject();
    assertThat(d.offset).isEqualTo(10);
    assertThat(d.size).isEqualTo(20);
    assertThat(d.output).isEqualTo("x");
  }

  @Test
  void missingArgumentsAreAUsageError() {
    assertThat(MediadfsCli.run(ctx(Map.of()), "upload", "tnvideo")).isEqualTo(ExitCodes.USAGE);
    assertThat(err()).contains("Missing required parameter");
    assertThat(MediadfsCli.run(ctx(Map.of()))).isEqualTo(ExitCodes.USAGE);
  }

  // ------------------------------------------------------------ output lines

  FakeNet.Handler tracker() {
    return (req, up) ->
        switch (req) {
          case Request.StorageAddrs s ->
              Reply.of(new Response.StorageAddrs("group001", List.of(S)));
          case Request.Groups g -> Reply.of(new Response.Groups("         COUNT OF GROUPS: 1"));
          default -> Reply.error(ErrorCode.BAD_REQUEST, "?");
        };
  }

  @Test
  void uploadPrintsTheOriginalsLine(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("f.mp4");
    Files.write(f, new byte[] {1, 2, 3});
    CRC32C crc = new CRC32C();
    crc.update(new byte[] {1, 2, 3});
    String[] type = new String[1];
    net.on(T, tracker())
        .on(
            S,
            (req, up) -> {
              type[0] = ((Request.UploadEx) req).contentType();
              return Reply.of(new Response.Uploaded(crc.getValue(), 1));
            });
    int code =
        MediadfsCli.run(ctx(Map.of()), T.toString(), "upload", "tnvideo", "tnv001", f.toString());
    assertThat(code).isZero();
    assertThat(out()).matches("Upload success: [0-9a-f]{30}[0-9]{6}\\R");
    assertThat(type[0]).isEqualTo("video/mp4");
  }

  @Test
  void filesizePrintsTheOriginalsLine() {
    net.on(T, tracker()).on(S, (req, up) -> Reply.of(new Response.FileSize(9316101)));
    int code =
        MediadfsCli.run(
            ctx(Map.of()), "--trackers", T.toString(), "filesize", "tnvideo", "tnv001", "abc");
    assertThat(code).isZero();
    assertThat(out()).isEqualTo("Get filesize success: 9316101" + System.lineSeparator());
  }

  @Test
  void downloadWritesTheRangeAndPrintsTheOriginalsLine(@TempDir Path dir) throws IOException {
    byte[] data = "0123456789".getBytes(StandardCharsets.US_ASCII);
    net.on(T, tracker())
        .on(
            S,
            (req, up) -> {
              Request.Download d = (Request.Download) req;
              return Reply.download(
                  Arrays.copyOfRange(data, (int) d.offset(), (int) (d.offset() + d.size())));
            });
    Path target = dir.resolve("part");
    int code =
        MediadfsCli.run(
            ctx(Map.of()),
            T.toString(),
            "download",
            "tnvideo",
            "tnv001",
            "abc",
            "2",
            "5",
            "-o",
            target.toString());
    assertThat(code).isZero();
    assertThat(out()).isEqualTo("Download success: 5" + System.lineSeparator());
    assertThat(Files.readString(target)).isEqualTo("23456");
  }

  @Test
  void wholeDownloadToStdoutKeepsStdoutForTheBytes() {
    byte[] data = "hello".getBytes(StandardCharsets.US_ASCII);
    CRC32C crc = new CRC32C();
    crc.update(data);
    net.on(T, tracker())
        .on(
            S,
            (req, up) ->
                req instanceof Request.Stat
                    ? Reply.of(
                        new Response.Stat(
                            new FileMeta(
                                "abc",
                                "tnvideo",
                                "tnv001",
                                5,
                                crc.getValue(),
                                "",
                                FileStatus.ACTIVE,
                                "p",
                                1,
                                1)))
                    : Reply.download(data));
    int code =
        MediadfsCli.run(
            ctx(Map.of()), T.toString(), "download", "tnvideo", "tnv001", "abc", "-o", "-");
    assertThat(code).isZero();
    assertThat(out()).isEqualTo("hello");
    assertThat(err()).contains("Download success: 5");
  }

  @Test
  void deletePrintsTheOriginalsLine() {
    net.on(T, tracker()).on(S, (req, up) -> Reply.of(new Response.Ok()));
    assertThat(MediadfsCli.run(ctx(Map.of()), T.toString(), "delete", "tnvideo", "tnv001", "abc"))
        .isZero();
    assertThat(out()).isEqualTo("Delete success: abc" + System.lineSeparator());
  }

  @Test
  void groupsPrintsTheTrackersText() {
    net.on(T, tracker());
    assertThat(MediadfsCli.run(ctx(Map.of(MediadfsCli.ENV_TRACKERS, T.toString())), "groups"))
        .isZero();
    assertThat(out()).isEqualTo("         COUNT OF GROUPS: 1" + System.lineSeparator());
  }

  @Test
  void monitorListsAGroupThatHasNoNodeYet() {
    net.on(
        T,
        (req, up) ->
            switch (req) {
              case Request.Groups g ->
                  Reply.of(
                      new Response.Groups(
                          "         COUNT OF GROUPS: 1\n"
                              + "               GROUPNAME: group003\n"
                              + "       COUNT OF STORAGES: 0\n"
                              + "COUNT OF ACTIVE STORAGES: 0"));
              case Request.Nodes n -> Reply.of(new Response.Nodes(List.of()));
              default -> Reply.error(ErrorCode.BAD_REQUEST, "?");
            });
    assertThat(MediadfsCli.run(ctx(Map.of()), T.toString(), "monitor")).isZero();
    assertThat(out()).isEqualTo("group003: 0 node(s)" + System.lineSeparator());
  }

  @Test
  void errorsGoToStderrWithDistinctExitCodes() {
    net.on(T, tracker()).on(S, (req, up) -> Reply.error(ErrorCode.NOT_FOUND, "no such file"));
    assertThat(MediadfsCli.run(ctx(Map.of()), T.toString(), "filesize", "tnvideo", "tnv001", "abc"))
        .isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(out()).isEmpty();
    assertThat(err()).startsWith("Error: no such file").contains("NOT_FOUND");

    net.on(S, (req, up) -> Reply.error(ErrorCode.DELETED, "deleted"));
    assertThat(MediadfsCli.run(ctx(Map.of()), T.toString(), "filesize", "tnvideo", "tnv001", "abc"))
        .isEqualTo(ExitCodes.DELETED);
  }

  @Test
  void unreachableClusterIsExitCode5() {
    assertThat(MediadfsCli.run(ctx(Map.of()), T.toString(), "groups"))
        .isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(err()).contains("no server reachable");
  }

  @Test
  void missingLocalFileIsExitCode6() {
    net.on(T, tracker());
    assertThat(
            MediadfsCli.run(
                ctx(Map.of()), T.toString(), "upload", "tnvideo", "tnv001", "/no/such/file"))
        .isEqualTo(ExitCodes.LOCAL_IO);
    assertThat(err()).startsWith("Error: no such file: /no/such/file");
  }
}
