package io.switchboard.platform;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Switchboard executable: {@code run} starts the platform; {@code users}, {@code apps} and
 * {@code dev-mongo} are tools around it.
 */
public final class Switchboard {

  static final String USAGE =
      "Switchboard: XMPP messaging and a unified notification center.\n\n"
          + "usage:\n"
          + "  switchboard run [options]           start the platform (see below)\n"
          + "  switchboard users COMMAND ...       manage accounts and their channel addresses\n"
          + "  switchboard apps COMMAND ...        manage applications' keys for the notification API\n"
          + "  switchboard dev-mongo [options]     a MongoDB-compatible store for development\n"
          + "  switchboard test [maven args]       run the test suite (./switchboard script only)\n"
          + "  switchboard help                    this text\n\n"
          + RunCommand.USAGE
          + "\n"
          + UsersCommand.COMMANDS
          + AppsCommand.COMMANDS
          + "options of users and apps:\n"
          + AdminClient.OPTIONS_USAGE
          + "\n"
          + DevMongoCommand.USAGE;

  private Switchboard() {}

  public static void main(String[] args) {
    int status = execute(args, System.getenv(), System.out, System.err);
    System.out.flush();
    System.err.flush();
    // run returns when the platform has stopped; leave the JVM to finish its shutdown hooks.
    boolean serverStopped = args.length > 0 && args[0].equals("run") && status == 0;
    if (!serverStopped) {
      System.exit(status);
    }
  }

  /** Runs one command line; returns the exit status (0 ok, 1 failure, 2 usage error). */
  static int execute(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    List<String> all = Arrays.asList(args);
    if (all.isEmpty()) {
      out.print(USAGE);
      return 0;
    }
    String command = all.get(0);
    List<String> rest = all.subList(1, all.size());
    try {
      return switch (command) {
        case "help", "--help", "-h" -> {
          out.print(USAGE);
          yield 0;
        }
        case "run" -> RunCommand.run(rest, out, err);
        case "users" -> UsersCommand.run(rest, env, out, err);
        case "apps" -> AppsCommand.run(rest, env, out, err);
        case "dev-mongo" -> DevMongoCommand.run(rest, out, err);
        case "test" -> {
          err.println(
              "switchboard: 'test' runs the build's tests; use the ./switchboard script from the"
                  + " repository");
          yield 2;
        }
        default -> throw new UsageException("unknown command: " + command);
      };
    } catch (UsageException e) {
      err.println("switchboard: " + e.getMessage());
      err.println();
      err.print(
          switch (command) {
            case "run" -> "usage: " + RunCommand.USAGE;
            case "users" -> "usage:\n" + UsersCommand.USAGE;
            case "apps" -> "usage:\n" + AppsCommand.USAGE;
            case "dev-mongo" -> "usage: " + DevMongoCommand.USAGE;
            default -> USAGE;
          });
      return 2;
    }
  }

  /** An exception's messages down its cause chain, without repeats, for one line of output. */
  static String describe(Throwable e) {
    Set<String> parts = new LinkedHashSet<>();
    for (Throwable t = e; t != null && parts.size() < 5; t = t.getCause()) {
      String m = t.getMessage();
      if (m == null || m.isBlank()) {
        m = t.getClass().getSimpleName();
      }
      m = m.strip();
      int nl = m.indexOf('\n');
      if (nl > 0) {
        m = m.substring(0, nl).strip();
      }
      parts.add(m);
      if (t.getCause() == t) {
        break;
      }
    }
    return String.join(": ", parts);
  }
}
