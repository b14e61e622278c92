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
