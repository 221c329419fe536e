package org.bourse.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * CPU time the hypervisor stole from this virtual machine, from the {@code cpu} line of Linux's
 * {@code /proc/stat}: its eighth value ({@code steal}), and the sum of the first eight (user, nice,
 * system, idle, iowait, irq, softirq, steal: all the time of all vCPUs; guest time is already in
 * user and nice) to give it as a share. Both are cumulative, in USER_HZ jiffies, so a window is the
 * difference of two readings ({@link #since}). Where {@code /proc/stat} cannot be read (not Linux,
 * a sandbox) the reading is {@link #UNAVAILABLE} and says so in reports.
 *
 * @param available whether {@code /proc/stat} could be read and parsed
 * @param stealJiffies steal time, summed over all vCPUs
 * @param totalJiffies all time, summed over all vCPUs
 */
record CpuSteal(boolean available, long stealJiffies, long totalJiffies) {
  /**
   * The unit of {@code /proc/stat}: sysconf(_SC_CLK_TCK), which Java cannot ask without native
   * code. It is 100 on every mainstream Linux architecture (it is part of the user-space ABI, apart
   * from the kernel's tick rate); the share ({@link #percent}) does not depend on it.
   */
  static final int USER_HZ = 100;

  static final CpuSteal UNAVAILABLE = new CpuSteal(false, 0, 0);

  private static final Path PROC_STAT = Path.of("/proc/stat");

  /** The cumulative counts now, or {@link #UNAVAILABLE}. */
  static CpuSteal read() {
    try (BufferedReader reader = Files.newBufferedReader(PROC_STAT)) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.startsWith("cpu ")) {
          return parse(line);
        }
      }
      return UNAVAILABLE;
    } catch (IOException | SecurityException e) {
      return UNAVAILABLE;
    }
  }

  /** Parses the aggregate {@code cpu} line of {@code /proc/stat}. */
  static CpuSteal parse(String cpuLine) {
    String[] fields = cpuLine.trim().split("\\s+");
    if (fields.length < 9 || !fields[0].equals("cpu")) {
      return UNAVAILABLE;
    }
    try {
      long total = 0;
      for (int k = 1; k <= 8; k++) {
        total += Long.parseLong(fields[k]);
      }
      return new CpuSteal(true, Long.parseLong(fields[8]), total);
    } catch (NumberFormatException e) {
      return UNAVAILABLE;
    }
  }

  /** The window from {@code before} to this reading; unavailable if either reading is. */
  CpuSteal since(CpuSteal before) {
    if (!available || !before.available) {
      return UNAVAILABLE;
    }
    return new CpuSteal(
        true, stealJiffies - before.stealJiffies, totalJiffies - before.totalJiffies);
  }

  /** Steal in milliseconds, summed over all vCPUs, assuming {@link #USER_HZ}. */
  double millis() {
    return stealJiffies * 1_000.0 / USER_HZ;
  }

  /** Steal as a percentage of all vCPUs' time in the window. */
  double percent() {
    return totalJiffies <= 0 ? 0 : 100.0 * stealJiffies / totalJiffies;
  }

  /** For reports: "120 ms (1.2% of CPU time)", or "unavailable". */
  String describe() {
    if (!available) {
      return "unavailable";
    }
    return String.format(Locale.ROOT, "%,.0f ms (%.1f%% of CPU time)", millis(), percent());
  }
}
