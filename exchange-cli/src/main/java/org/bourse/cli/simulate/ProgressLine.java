package org.bourse.cli.simulate;

import java.io.Console;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress display, redrawn in place with a carriage return at most four times a second
 * (more would cost time and flicker without telling anyone more), and erased when the run ends.
 */
final class ProgressLine implements Simulator.Progress {
  private static final long REDRAW_NANOS = 250_000_000L;

  private final PrintWriter err;
  private long lastDrawNanos = System.nanoTime();
  private int drawnWidth;

  ProgressLine(PrintWriter err) {
    this.err = err;
  }

  /** Whether the console is a terminal, where an in-place display makes sense. */
  static boolean consoleIsTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    // From Java 22 on, System.console() exists even when the output is redirected, and only
    // Console.isTerminal() (which Java 17 lacks) tells the two apart.
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException beforeJava22) {
      return true;
    }
  }

  @Override
  public void update(long applied, long total, long engineNanos) {
    long now = System.nanoTime();
    if (now - lastDrawNanos < REDRAW_NANOS && applied < total) {
      return;
    }
    lastDrawNanos = now;
    String line =
        String.format(
            Locale.ROOT,
            "simulate: %3d%%  %,d of %,d commands  %,.0f commands/s",
            applied * 100 / total,
            applied,
            total,
            Report.perSecond(applied, engineNanos));
    err.print('\r' + line + " ".repeat(Math.max(0, drawnWidth - line.length())));
    err.flush();
    drawnWidth = line.length();
  }

  /** Erases the line, so that the report starts on a clean one. */
  void erase() {
    if (drawnWidth > 0) {
      err.print('\r' + " ".repeat(drawnWidth) + '\r');
      err.flush();
    }
  }
}
