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
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param entries at most {@link #MAX_ENTRIES} addresses or ranges
 */
public record IpAllowList(List<String> entries) {

  /** The most entries one list may hold. */
  public static final int MAX_ENTRIES = 32;

  /** A list that allows every address. */
  public static final IpAllowList ANY = new IpAllowList(List.of());

  public IpAllowList {
    Objects.requireNonNull(entries, "ipAllowList");
    if (entries.size() > MAX_ENTRIES) {
      throw new IllegalArgumentException(
          "ipAllowList must have at most " + MAX_ENTRIES + " entries, had " + entries.size());
    }
    List<String> canonical = new ArrayList<>();
    for (String entry : entries) {
      String normal = canonical(entry);
      if (!canonical.contains(normal)) {
        canonical.add(normal);
      }
    }
    entries = List.copyOf(canonical);
  }

  /** Whether {@code address} is in one of the ranges (always, for an empty list). */
  public boolean allows(InetAddress address) {
    if (entries.isEmpty()) {
      return true;
    }
    byte[] candidate = address.getAddress();
    for (String entry : entries) {
      int slash = entry.indexOf('/');
      byte[] network = literal(entry.substring(0, slash), entry);
      int prefixBits = Integer.parseInt(entry.substring(slash + 1));
      if (network.length == candidate.length && samePrefix(network, candidate, prefixBits)) {
        return true;
      }
    }
    return false;
  }

  private static String canonical(String entry) {
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
            "ipAllowList entry '" + text + "' must have a prefix length from 0 to " + maxBits);
      }
      prefixBits = Integer.parseInt(suffix);
    }
    byte[] network = address.clone();
    for (int bit = prefixBits; bit < maxBits; bit++) {
      network[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    try {
      return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixBits;
    } catch (UnknownHostException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  /**
   * The bytes of an IPv4 dotted quad or an IPv6 literal. IPv4 is parsed here because the JDK also
   * accepts shorthands such as {@code 10.1}; IPv6 goes to the JDK only when it contains a colon and
   * nothing but hex digits, colons and dots, which the JDK parses without a DNS look-up.
   */
  private static byte[] literal(String host, String entry) {
    if (host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
      String[] parts = host.split("\\.");
      byte[] bytes = new byte[4];
      for (int i = 0; i < 4; i++) {
        int octet = Integer.parseInt(parts[i]);
        if (octet > 255) {
          throw notAnAddress(entry);
        }
        bytes[i] = (byte) octet;
      }
      return bytes;
    }
    if (host.contains(":") && host.matches("[0-9A-Fa-f:.]+")) {
      try {
        byte[] bytes = InetAddress.getByName(host).getAddress();
        if (bytes.length == 16) {
          return bytes;
        }
      } catch (UnknownHostException invalid) {
        throw notAnAddress(entry);
      }
    }
    throw notAnAddress(entry);
  }

  private static IllegalArgumentException notAnAddress(String entry) {
    return new IllegalArgumentException(
        "ipAllowList entry '"
            + entry
            + "' must be an IPv4 or IPv6 address or CIDR range such as 203.0.113.0/24");
  }

  private static boolean samePrefix(byte[] network, byte[] candidate, int prefixBits) {
    for (int bit = 0; bit < prefixBits; bit++) {
      int mask = 0x80 >>> (bit % 8);
      if ((network[bit / 8] & mask) != (candidate[bit / 8] & mask)) {
        return false;
      }
    }
    return true;
  }
}
