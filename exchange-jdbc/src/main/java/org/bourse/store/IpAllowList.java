package org.bourse.store;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The addresses an API key may be used from: IPv4 or IPv6 addresses and CIDR ranges, kept in
 * canonical form ({@code 10.0.0.0/8}, {@code 2001:db8:0:0:0:0:0:0/32}). An empty list allows every
 * address. Entries are parsed as literals only; no name is ever looked up in DNS.
 *
 * <p>IPv4 octets with leading zeros ({@code 010.0.0.1}) are refused, since some parsers read them
 * as octal. So are IPv4-mapped and IPv4-compatible IPv6 forms ({@code ::ffff:10.0.0.1}): the JDK
 * hands a mapped client address to {@link #allows} as plain IPv4, so such an entry would never
 * match; the IPv4 address or range itself is to be written instead.
 *
 * <p>The ranges are parsed once, when the list is made, so {@link #allows} (run on every request)
 * only compares bytes.
 *
 * <p><b>Thread-safety:</b> immutable.
 */
public final class IpAllowList {

  /** The most entries one list may hold. */
  public static final int MAX_ENTRIES = 32;

  /** A list that allows every address. */
  public static final IpAllowList ANY = new IpAllowList(List.of());

  private static final String DOTTED_QUAD = "[0-9]{1,3}(\\.[0-9]{1,3}){3}";

  private final List<String> entries;
  private final List<Range> ranges;

  /**
   * @param entries at most {@link #MAX_ENTRIES} addresses or ranges; duplicates (after
   *     canonicalisation) are dropped
   * @throws IllegalArgumentException naming the first bad entry and the rule
   */
  public IpAllowList(List<String> entries) {
    Objects.requireNonNull(entries, "ipAllowList");
    if (entries.size() > MAX_ENTRIES) {
      throw new IllegalArgumentException(
          "ipAllowList must have at most " + MAX_ENTRIES + " entries, had " + entries.size());
    }
    List<String> canonical = new ArrayList<>();
    List<Range> parsed = new ArrayList<>();
    for (String entry : entries) {
      Range range = Range.parse(entry);
      String normal = range.toString();
      if (!canonical.contains(normal)) {
        canonical.add(normal);
        parsed.add(range);
      }
    }
    this.entries = List.copyOf(canonical);
    this.ranges = List.copyOf(parsed);
  }

  /** The entries in canonical form, in the order given. */
  public List<String> entries() {
    return entries;
  }

  /** Whether {@code address} is in one of the ranges (always, for an empty list). */
  public boolean allows(InetAddress address) {
    if (ranges.isEmpty()) {
      return true;
    }
    byte[] candidate = address.getAddress();
    for (Range range : ranges) {
      if (range.contains(candidate)) {
        return true;
      }
    }
    return false;
  }

  /** Equal if the canonical entries are equal, in order. */
  @Override
  public boolean equals(Object other) {
    return other instanceof IpAllowList that && entries.equals(that.entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  @Override
  public String toString() {
    return "IpAllowList" + entries;
  }

  /** A network address with its low bits cleared, and the prefix length. */
  private record Range(byte[] network, int prefixBits) {

    static Range parse(String entry) {
      Objects.requireNonNull(entry, "ipAllowList entry");
      String text = entry.strip();
      int slash = text.indexOf('/');
      String host = slash < 0 ? text : text.substring(0, slash);
      byte[] address = literal(host, text);
      int maxBits = address.length * 8;
      int prefixBits = maxBits;
      if (slash >= 0) {
        String suffix = text.substring(slash + 1);
        if (!suffix.matches("[0-9]{1,3}") || Integer.parseInt(suffix) > maxBits) {
          throw new IllegalArgumentException(
              "ipAllowList entry "
                  + Fields.quoted(text)
                  + " must have a prefix length from 0 to "
                  + maxBits);
        }
        prefixBits = Integer.parseInt(suffix);
      }
      byte[] network = address.clone();
      for (int bit = prefixBits; bit < maxBits; bit++) {
        network[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
      }
      return new Range(network, prefixBits);
    }

    boolean contains(byte[] candidate) {
      if (candidate.length != network.length) {
        return false;
      }
      int wholeBytes = prefixBits / 8;
      for (int i = 0; i < wholeBytes; i++) {
        if (candidate[i] != network[i]) {
          return false;
        }
      }
      int restBits = prefixBits % 8;
      if (restBits == 0) {
        return true;
      }
      int mask = (0xff << (8 - restBits)) & 0xff;
      return (candidate[wholeBytes] & mask) == (network[wholeBytes] & mask);
    }

    /** The canonical entry. */
    @Override
    public String toString() {
      try {
        return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixBits;
      } catch (UnknownHostException impossible) {
        throw new IllegalStateException(impossible);
      }
    }
  }

  /**
   * The bytes of an IPv4 dotted quad or an IPv6 literal. IPv4 is parsed here because the JDK also
   * accepts shorthands such as {@code 10.1}; IPv6 goes to the JDK only when it contains a colon and
   * nothing but hex digits and colons, which the JDK parses without a DNS look-up.
   */
  private static byte[] literal(String host, String entry) {
    if (host.matches(DOTTED_QUAD)) {
      String[] parts = host.split("\\.");
      byte[] bytes = new byte[4];
      for (int i = 0; i < 4; i++) {
        int octet = Integer.parseInt(parts[i]);
        if (octet > 255 || (parts[i].length() > 1 && parts[i].charAt(0) == '0')) {
          throw new IllegalArgumentException(
              "ipAllowList entry "
                  + Fields.quoted(entry)
                  + " must be an IPv4 address of four decimal octets 0 to 255 without leading"
                  + " zeros, such as 203.0.113.7");
        }
        bytes[i] = (byte) octet;
      }
      return bytes;
    }
    if (host.contains(":") && host.matches("[0-9A-Fa-f:.]+")) {
      int lastColon = host.lastIndexOf(':');
      String tail = host.substring(lastColon + 1);
      if (tail.contains(".")) {
        // A dotted tail is the IPv4-compatible or IPv4-mapped form.
        if (tail.matches(DOTTED_QUAD) && ipv6(host.substring(0, lastColon + 1) + "0:0") != null) {
          throw embeddedIpv4(entry);
        }
        throw notAnAddress(entry);
      }
      byte[] bytes = ipv6(host);
      if (bytes == null) {
        throw notAnAddress(entry);
      }
      // The JDK turns a mapped address written in hex (::ffff:a00:1) into 4 bytes.
      if (bytes.length == 4) {
        throw embeddedIpv4(entry);
      }
      return bytes;
    }
    throw notAnAddress(entry);
  }

  /** The JDK's reading of an IPv6 literal of hex digits and colons, or null if it is none. */
  private static byte[] ipv6(String literal) {
    try {
      return InetAddress.getByName(literal).getAddress();
    } catch (UnknownHostException invalid) {
      return null;
    }
  }

  private static IllegalArgumentException embeddedIpv4(String entry) {
    return new IllegalArgumentException(
        "ipAllowList entry "
            + Fields.quoted(entry)
            + " is an IPv4-mapped or IPv4-compatible IPv6 address; write the IPv4 address or"
            + " range itself, such as 203.0.113.0/24");
  }

  private static IllegalArgumentException notAnAddress(String entry) {
    return new IllegalArgumentException(
        "ipAllowList entry "
            + Fields.quoted(entry)
            + " must be an IPv4 or IPv6 address or CIDR range such as 203.0.113.0/24");
  }
}
