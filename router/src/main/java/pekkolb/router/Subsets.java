package pekkolb.router;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which routees each of several balancers over the same routees routes to, when each is to have about
 * {@code size} of them (deterministic subsetting, as Finagle's aperture and gRPC's gRFC A68): every
 * balancer works it out alone from the same two lists, its peers and the routees, named alike by all.
 *
 * <p>Each routee is taken by the {@code c} balancers that rank highest for it by a hash of the pair
 * (rendezvous hashing, from the routee's side), where {@code c} is the mean number of balancers per
 * routee, {@code size x peers / routees}, rounded down or up routee by routee so that the total is
 * {@code size x peers}: every routee has a balancer, none has more than twice the mean, and each
 * balancer gets about {@code size}. A routee that joins or leaves moves only its own balancers and as
 * many others as keep the total; a balancer that joins takes over its share from the others,
 * routee by routee, and leaves the rest where they are.
 */
final class Subsets {
  private Subsets() {}

  /**
   * The routees {@code self} routes to, of {@code routees} ({@code self} counts as a peer even if not
   * among {@code peers}). Every routee while {@code size} is 0, there is one balancer, or {@code size}
   * covers them all.
   */
  static Set<String> of(int size, Collection<String> peers, String self, Collection<String> routees) {
    List<String> balancers = balancers(peers, self);
    int n = routees.size();
    int k = balancers.size();
    if (size <= 0 || k <= 1 || size >= n) return new HashSet<>(routees);
    long[] peerHash = new long[k];
    for (int b = 0; b < k; b++) peerHash[b] = hash(balancers.get(b));
    int mine = balancers.indexOf(self);
    String[] names = routees.toArray(String[]::new);
    long[] hashes = new long[n];
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      hashes[i] = hash(names[i]);
      order[i] = i;
    }
    // In hash order, so that which routees get one balancer more does not depend on the names' order.
    Arrays.sort(order, Comparator.<Integer>comparingLong(i -> hashes[i] ^ Long.MIN_VALUE).thenComparing(i -> names[i]));
    Set<String> subset = new HashSet<>();
    for (int rank = 0; rank < n; rank++) {
      int i = order[rank];
      long own = weight(hashes[i], peerHash[mine]);
      int above = 0;
      for (int b = 0; b < k; b++) if (b != mine && Long.compareUnsigned(weight(hashes[i], peerHash[b]), own) > 0) above++;
      if (above < share(size, k, n, rank)) subset.add(names[i]);
    }
    return subset;
  }

  /** The balancers of routee number {@code rank} (in hash order) of {@code n}, shared by {@code k} balancers of {@code size} each. */
  static int share(int size, int k, int n, int rank) {
    long total = Math.max((long) size * k, n); // at least one balancer per routee
    int base = (int) (total / n);
    long extra = total - (long) base * n; // routees that get one balancer more: the first in hash order
    return Math.min(k, rank < extra ? base + 1 : base);
  }

  /** Every balancer's subset, in the order of {@code peers}: for tests and for people. */
  static List<Set<String>> all(int size, List<String> peers, Collection<String> routees) {
    List<Set<String>> subsets = new ArrayList<>();
    for (String p : peers) subsets.add(of(size, peers, p, routees));
    return subsets;
  }

  private static List<String> balancers(Collection<String> peers, String self) {
    Set<String> all = new HashSet<>(peers);
    all.add(self);
    String[] sorted = all.toArray(String[]::new);
    Arrays.sort(sorted);
    return Arrays.asList(sorted);
  }

  /** How much balancer {@code peer} wants routee {@code routee}: a hash of the pair. */
  private static long weight(long routee, long peer) {
    return mix(routee ^ mix(peer + 0x9E3779B97F4A7C15L));
  }

  /** FNV-1a over the name's characters, then mixed: the same on every JVM. */
  static long hash(String name) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < name.length(); i++) {
      h ^= name.charAt(i);
      h *= 0x100000001b3L;
    }
    return mix(h);
  }

  /** MurmurHash3's 64-bit finalizer. */
  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9f53fe1a85bL;
    return z ^ (z >>> 33);
  }
}
