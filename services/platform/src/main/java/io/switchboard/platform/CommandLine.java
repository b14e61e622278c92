package io.switchboard.platform;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed command line: positional words, {@code --name value} (or {@code --name=value}) options
 * and {@code --flag} switches. {@code --} ends the options. Unknown or repeated options are usage
 * errors.
 */
final class CommandLine {

  private final List<String> positionals;
  private final Map<String, String> options;
  private final Set<String> flags;

  private CommandLine(List<String> positionals, Map<String, String> options, Set<String> flags) {
    this.positionals = List.copyOf(positionals);
    this.options = Map.copyOf(options);
    this.flags = Set.copyOf(flags);
  }

  /**
   * Parses {@code args}.
   *
   * @param valued the names (without dashes) of options that take a value
   * @param switches the names (without dashes) of options that take none
   */
  static CommandLine parse(List<String> args, Set<String> valued, Set<String> switches)
      throws UsageException {
    List<String> positionals = new ArrayList<>();
    Map<String, String> options = new LinkedHashMap<>();
    Set<String> flags = new HashSet<>();
    boolean onlyPositionals = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (onlyPositionals || !arg.startsWith("--")) {
        positionals.add(arg);
        continue;
      }
      if (arg.equals("--")) {
        onlyPositionals = true;
        continue;
      }
      String name = arg.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (switches.contains(name)) {
        if (value != null) {
          throw new UsageException("--" + name + " takes no value");
        }
        if (!flags.add(name)) {
          throw new UsageException("--" + name + " is given twice");
        }
      } else if (valued.contains(name)) {
        if (value == null) {
          if (i + 1 >= args.size()) {
            throw new UsageException("--" + name + " needs a value");
          }
          value = args.get(++i);
        }
        if (value.isBlank()) {
          throw new UsageException("--" + name + " needs a non-empty value");
        }
        if (options.putIfAbsent(name, value) != null) {
          throw new UsageException("--" + name + " is given twice");
        }
      } else {
        throw new UsageException("unknown option --" + name);
      }
    }
    return new CommandLine(positionals, options, flags);
  }

  List<String> positionals() {
    return positionals;
  }

  /**
   * The positionals as a subcommand of {@code command} and its arguments, checked against {@code
   * forms}: each is a verb and its arguments' names, {@code [BRACKETED]} when optional, such as
   * {@code "add NAME [PASSWORD]"}. Returns the verb, then its arguments.
   */
  List<String> subcommand(String command, String... forms) throws UsageException {
    List<String> verbs = new ArrayList<>();
    for (String form : forms) {
      verbs.add(form.split(" ", 2)[0]);
    }
    if (positionals.isEmpty()) {
      String last = verbs.remove(verbs.size() - 1);
      throw new UsageException(
          command
              + " needs a command: "
              + (verbs.isEmpty() ? "" : String.join(", ", verbs) + " or ")
              + last);
    }
    String verb = positionals.get(0);
    int given = positionals.size() - 1;
    for (String form : forms) {
      String[] words = form.split(" ");
      if (!words[0].equals(verb)) {
        continue;
      }
      int optional = 0;
      for (String word : words) {
        if (word.startsWith("[")) {
          optional++;
        }
      }
      int required = words.length - 1 - optional;
      if (given < required || given > required + optional) {
        throw new UsageException("usage: switchboard " + command + " " + form);
      }
      return positionals;
    }
    throw new UsageException("unknown " + command + " command: " + verb);
  }

  /** The option's value, or null. */
  String option(String name) {
    return options.get(name);
  }

  String option(String name, String fallback) {
    return options.getOrDefault(name, fallback);
  }

  boolean has(String name) {
    return options.containsKey(name);
  }

  boolean flag(String name) {
    return flags.contains(name);
  }

  /** The option as a TCP port (0 for any free port), or null when absent. */
  Integer port(String name) throws UsageException {
    String value = options.get(name);
    if (value == null) {
      return null;
    }
    try {
      int port = Integer.parseInt(value.strip());
      if (port < 0 || port > 65535) {
        throw new UsageException("--" + name + " must be a port number 0-65535, not " + value);
      }
      return port;
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " must be a port number 0-65535, not " + value);
    }
  }
}
