package org.bourse.core;

/**
 * A 64-bit streaming mix for state hashes and the ledger hash chain. Fast and well distributed
 * (xxHash-style rounds), not cryptographic: it detects accidental and careless edits of history; an
 * audit store that must resist a deliberate forger recomputes a cryptographic chain from the
 * entries off the hot path.
 */
final class Hasher {
  private static final long P1 = 0x9E3779B185EBCA87L;
  private static final long P2 = 0xC2B2AE3D27D4EB4FL;

  private long h;

  Hasher(long seed) {
    h = seed ^ P1;
  }

  static long mix(long h, long v) {
    return Long.rotateLeft(h ^ (v * P2), 31) * P1;
  }

  Hasher add(long v) {
    h = mix(h, v);
    return this;
  }

  Hasher add(String s) {
    if (s == null) {
      return add(-1L);
    }
    add(s.length());
    for (int i = 0; i < s.length(); i++) {
      add(s.charAt(i));
    }
    return this;
  }

  Hasher add(Enum<?> e) {
    return add(e == null ? -1L : e.ordinal());
  }

  long finish() {
    long x = h;
    x ^= x >>> 33;
    x *= P2;
    x ^= x >>> 29;
    return x;
  }
}
