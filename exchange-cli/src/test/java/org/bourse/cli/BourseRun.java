package org.bourse.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * What one run of the {@code bourse} tool left behind: its exit code and everything it printed. The
 * tool runs as the end-to-end tests need it, through {@code new CommandLine(new Bourse())} with its
 * output captured.
 */
record BourseRun(int exitCode, String out, String err) {

  static BourseRun bourse(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = new CommandLine(new Bourse());
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    int exitCode = commandLine.execute(args);
    return new BourseRun(exitCode, out.toString(), err.toString());
  }

  /** The first group of the pattern's first match in the text; fails the test if none. */
  static String find(Pattern pattern, String text) {
    Matcher matcher = pattern.matcher(text);
    assertTrue(matcher.find(), () -> "no match for " + pattern + " in:\n" + text);
    return matcher.group(1);
  }
}
