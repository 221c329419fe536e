package org.bourse.core.flow;

import java.util.ArrayList;
import java.util.List;

/**
 * A line diff of a flow file against what the engine produced, in hunks that name the file, the
 * line and the command whose output differs.
 */
final class FlowDiff {
  private static final int CONTEXT = 2;

  private FlowDiff() {}

  /** The differences as readable text, or {@code null} when the two are equal. */
  static String describe(String fileName, List<String> expected, List<String> actual) {
    if (expected.equals(actual)) {
      return null;
    }
    List<Edit> edits = edits(expected, actual);
    StringBuilder b = new StringBuilder();
    int i = 0;
    while (i < edits.size()) {
      if (edits.get(i).kind == ' ') {
        i++;
        continue;
      }
      int start = Math.max(0, i - CONTEXT);
      int end = i;
      // Hunks closer than two contexts apart are shown as one.
      for (int k = i; k < edits.size() && k - end <= 2 * CONTEXT; k++) {
        if (edits.get(k).kind != ' ') {
          end = k;
        }
      }
      int stop = Math.min(edits.size(), end + CONTEXT + 1);
      int firstLine = edits.get(i).expectedLine;
      b.append(fileName).append(':').append(firstLine + 1);
      String owner = owner(expected, firstLine);
      if (owner != null) {
        b.append(" (output of: ").append(owner).append(')');
      }
      b.append('\n');
      for (int k = start; k < stop; k++) {
        Edit e = edits.get(k);
        b.append(
            e.kind == '-' ? "- expected | " : e.kind == '+' ? "+ actual   | " : "           | ");
        b.append(e.text).append('\n');
      }
      i = stop;
    }
    return b.toString();
  }

  /** The command line (with its number) whose output contains line {@code index}, if any. */
  private static String owner(List<String> lines, int index) {
    for (int k = Math.min(index, lines.size() - 1); k >= 0; k--) {
      String line = lines.get(k);
      if (line.startsWith("==")) {
        return "line " + (k + 1) + " " + line;
      }
      if (!line.isBlank() && !Character.isWhitespace(line.charAt(0)) && !line.startsWith("#")) {
        return k == index ? null : "line " + (k + 1) + " " + line;
      }
    }
    return null;
  }

  private static final class Edit {
    final char kind;
    final String text;
    final int expectedLine;

    Edit(char kind, String text, int expectedLine) {
      this.kind = kind;
      this.text = text;
      this.expectedLine = expectedLine;
    }
  }

  /** A shortest edit script by longest common subsequence (flow files are small). */
  private static List<Edit> edits(List<String> a, List<String> b) {
    int n = a.size();
    int m = b.size();
    int[][] lcs = new int[n + 1][m + 1];
    for (int i = n - 1; i >= 0; i--) {
      for (int j = m - 1; j >= 0; j--) {
        lcs[i][j] =
            a.get(i).equals(b.get(j))
                ? lcs[i + 1][j + 1] + 1
                : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    List<Edit> edits = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a.get(i).equals(b.get(j))) {
        edits.add(new Edit(' ', a.get(i), i));
        i++;
        j++;
      } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
        edits.add(new Edit('-', a.get(i), i));
        i++;
      } else {
        edits.add(new Edit('+', b.get(j), i));
        j++;
      }
    }
    return edits;
  }
}
