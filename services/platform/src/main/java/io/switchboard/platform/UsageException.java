package io.switchboard.platform;

/** A command line that cannot be run as given: exit status 2 with the usage text. */
final class UsageException extends Exception {

  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
