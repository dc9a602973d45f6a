package org.mediadfs.client.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mediadfs.client.FilePage;
import org.mediadfs.client.MediadfsClient;
import org.mediadfs.client.Route;
import org.mediadfs.client.TransferListener;
import org.mediadfs.client.UploadOptions;
import org.mediadfs.client.UploadResult;
import org.mediadfs.wire.message.FileMeta;
import org.mediadfs.wire.message.HostPort;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** The file commands of {@link MediadfsCli}; output lines as the original's where it had one. */
final class Commands {
  private Commands() {}

  /** Shared plumbing: the parent command and a client per run. */
  abstract static class Base implements Callable<Integer> {
    @ParentCommand MediadfsCli cli;

    PrintStream out() {
      return cli.ctx.out();
    }

    @Override
    public Integer call() throws Exception {
      try (MediadfsClient client = cli.client()) {
        return run(client);
      }
    }

    abstract int run(MediadfsClient client) throws Exception;
  }

  /** appid userid fileid, the original's three positional parameters. */
  abstract static class FileBase extends Base {
    @Parameters(index = "0", paramLabel = "<appid>", description = "App ID, e.g. tnvideo.")
    String appId;

    @Parameters(index = "1", paramLabel = "<userid>", description = "User ID, e.g. tnv001.")
    String userId;

    @Parameters(index = "2", paramLabel = "<fileid>", description = "File ID.")
    String fileId;
  }

  @Command(
      name = "upload",
      description = "Upload a file; prints \"Upload success: <fileid>\".",
      mixinStandardHelpOptions = true)
  static final class Upload extends Base {
    @Parameters(index = "0", paramLabel = "<appid>")
    String appId;

    @Parameters(index = "1", paramLabel = "<userid>")
    String userId;

    @Parameters(index = "2", paramLabel = "<file>")
    Path file;

    @Option(names = "--file-id", description = "Store under this file ID instead of a new one.")
    String fileId = "";

    @Option(names = "--content-type", description = "MIME type (default: guessed from the name).")
    String contentType = "";

    @Override
    int run(MediadfsClient client) throws IOException {
      ProgressBar bar = cli.progress() ? new ProgressBar(cli.ctx.err(), "upload") : null;
      UploadOptions o =
          UploadOptions.DEFAULTS
              .withFileId(fileId)
              .withContentType(contentType)
              .withListener(bar == null ? TransferListener.NONE : bar);
      UploadResult r;
      try {
        r = client.upload(appId, userId, file, o);
      } catch (IOException | RuntimeException e) {
        if (bar != null) {
          bar.abort();
        }
        throw e;
      }
      out().println("Upload success: " + r.fileId());
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "filesize",
      description = "Print a file's size: \"Get filesize success: <n>\".",
      mixinStandardHelpOptions = true)
  static final class FileSize extends FileBase {
    @Override
    int run(MediadfsClient client) throws IOException {
      out().println("Get filesize success: " + client.fileSize(appId, userId, fileId));
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "download",
      description = {
        "Download a file or a range; prints \"Download success: <n>\".",
        "Without -o the bytes go to ./<fileid>; with -o - to stdout (the line then goes to"
            + " stderr). A size of 0 means to the end of the file."
      },
      mixinStandardHelpOptions = true)
  static final class Download extends FileBase {
    @Parameters(index = "3", arity = "0..1", paramLabel = "<offset>", defaultValue = "0")
    long offset;

    @Parameters(index = "4", arity = "0..1", paramLabel = "<size>", defaultValue = "0")
    long size;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FILE",
        description = "Where to write the bytes ('-' for stdout; default ./<fileid>).")
    String output;

    @Override
    int run(MediadfsClient client) throws IOException {
      if (offset < 0 || size < 0) {
        throw new IllegalArgumentException("offset and size must not be negative");
      }
      boolean toStdout = "-".equals(output);
      ProgressBar bar =
          cli.progress() && !toStdout ? new ProgressBar(cli.ctx.err(), "download") : null;
      TransferListener l = bar == null ? TransferListener.NONE : bar;
      long n;
      try {
        if (toStdout) {
          OutputStream raw = out();
          n = client.download(appId, userId, fileId, offset, size, raw, l);
          raw.flush();
        } else {
          Path target = Path.of(output == null ? fileId : output);
          n = client.download(appId, userId, fileId, offset, size, target, l);
        }
      } catch (IOException | RuntimeException e) {
        if (bar != null) {
          bar.abort();
        }
        throw e;
      }
      (toStdout ? cli.ctx.err() : out()).println("Download success: " + n);
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "delete",
      description = "Soft-delete a file; prints \"Delete success: <fileid>\".",
      mixinStandardHelpOptions = true)
  static final class Delete extends FileBase {
    @Override
    int run(MediadfsClient client) throws IOException {
      client.delete(appId, userId, fileId);
      out().println("Delete success: " + fileId);
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "restore",
      description = "Undo a delete; prints \"Restore success: <fileid>\".",
      mixinStandardHelpOptions = true)
  static final class Restore extends FileBase {
    @Override
    int run(MediadfsClient client) throws IOException {
      client.restore(appId, userId, fileId);
      out().println("Restore success: " + fileId);
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "purge",
      description = "Remove a file's bytes for good; prints \"Purge success: <fileid>\".",
      mixinStandardHelpOptions = true)
  static final class Purge extends FileBase {
    @Override
    int run(MediadfsClient client) throws IOException {
      client.purge(appId, userId, fileId);
      out().println("Purge success: " + fileId);
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "stat",
      description = "Print a file's metadata, one \"key: value\" per line.",
      mixinStandardHelpOptions = true)
  static final class Stat extends FileBase {
    @Override
    int run(MediadfsClient client) throws IOException {
      FileMeta m = client.stat(appId, userId, fileId);
      PrintStream o = out();
      o.println("FILEID: " + m.fileId());
      o.println("APPID: " + m.appId());
      o.println("USERID: " + m.userId());
      o.println("SIZE: " + m.size());
      o.println("CRC32C: " + String.format("%08x", m.crc32c()));
      o.println("CONTENT TYPE: " + m.contentType());
      o.println("STATUS: " + m.status());
      o.println("PATH: " + m.path());
      o.println("CREATED: " + Instant.ofEpochMilli(m.createTime()));
      o.println("UPDATED: " + Instant.ofEpochMilli(m.updateTime()));
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "groups",
      description = "Print the tracker's groups text (the original's groups).",
      mixinStandardHelpOptions = true)
  static final class Groups extends Base {
    @Override
    int run(MediadfsClient client) throws IOException {
      out().println(client.groups());
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "saddrs",
      description = "Print the user's group and the storage nodes the tracker names for it.",
      mixinStandardHelpOptions = true)
  static final class StorageAddrs extends Base {
    @Parameters(index = "0", paramLabel = "<appid>")
    String appId;

    @Parameters(index = "1", paramLabel = "<userid>")
    String userId;

    @Override
    int run(MediadfsClient client) throws IOException {
      Route r = client.storageAddrs(appId, userId);
      out().println("GROUP: " + r.groupName());
      for (HostPort n : r.nodes()) {
        out().println("STORAGE: " + n);
      }
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "list",
      description = {
        "List files, ordered by file ID: a user's (list <appid> <userid>), a group's (--group) or"
            + " one node's (--node).",
        "Columns: file ID, size, status, content type, created (UTC)."
      },
      mixinStandardHelpOptions = true)
  static final class ListFiles extends Base {
    @Parameters(index = "0", arity = "0..1", paramLabel = "<appid>")
    String appId;

    @Parameters(index = "1", arity = "0..1", paramLabel = "<userid>")
    String userId;

    @Option(names = "--group", description = "List this group's files (from one of its nodes).")
    String group;

    @Option(names = "--node", paramLabel = "host:port", description = "List this node's files.")
    String node;

    @Option(names = "--after", description = "Start after this file ID.")
    String after = "";

    @Option(names = "--limit", description = "Rows per page (default: ${DEFAULT-VALUE}).")
    int limit = 100;

    @Option(names = "--all", description = "Follow every page.")
    boolean all;

    @Option(names = "--deleted", description = "Include soft-deleted files.")
    boolean deleted;

    @Override
    int run(MediadfsClient client) throws IOException {
      if (group == null && node == null && (appId == null || userId == null)) {
        throw new IllegalArgumentException("give <appid> <userid>, --group or --node");
      }
      String user = userId == null ? "" : userId;
      String cursor = after;
      long rows = 0;
      while (true) {
        FilePage page;
        if (node != null) {
          page = client.list(HostPort.parse(node), user, cursor, limit, deleted);
        } else if (group != null) {
          page = client.listGroup(group, user, cursor, limit, deleted);
        } else {
          page = client.listUser(appId, user, cursor, limit, deleted);
        }
        for (FileMeta m : page.files()) {
          out()
              .println(
                  String.format(
                      Locale.ROOT,
                      "%-40s %12d %-7s %-24s %s",
                      m.fileId(),
                      m.size(),
                      m.status(),
                      m.contentType().isEmpty() ? "-" : m.contentType(),
                      Instant.ofEpochMilli(m.createTime())));
          rows++;
        }
        if (!page.hasMore() || !all) {
          if (page.hasMore()) {
            cli.ctx.err().println("more: --after " + page.next());
          }
          break;
        }
        cursor = page.next();
      }
      cli.ctx.err().println(rows + " file(s)");
      return ExitCodes.OK;
    }
  }
}
