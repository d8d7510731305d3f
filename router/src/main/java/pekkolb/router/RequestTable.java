package pekkolb.router;

import java.util.Arrays;

/**
 * Every request a balancer holds, waiting or in flight, as one row of numbers and one payload
 * reference, found by its id in one array read. An id is a slot number and the slot's generation:
 * a slot is used again once its request is gone, and an answer that names an older generation (a
 * late reply to a request answered, failed or sent again since) finds nothing.
 *
 * <p>A burst may hold a million requests: rows are not objects but places in pages of numbers, each
 * page a single array large enough that the collector puts it among the old objects (half a G1
 * region or more) and neither copies nor scans it while it is young; pages are made as the slots in
 * use reach them, and kept. Owned by one actor; not thread-safe.
 */
final class RequestTable<P> {
  static final int PAGE_BITS = 15;
  static final int PAGE = 1 << PAGE_BITS;

  // The numbers of one row, in this order.
  private static final int TAG = 0;
  private static final int SUBMITTED = 1;
  private static final int DISPATCHED = 2;
  private static final int DEADLINE = 3;
  private static final int EXPECTED = 4;
  private static final int SEQUENCE = 5;
  private static final int TWIN = 6;
  private static final int STATE = 7; // generation << 32 | routee number << 16 | attempt << 10 | lane << 6 | flags
  private static final int LONGS = 8;

  /** The row holds a request. */
  static final int BUSY = 1;
  /** The request is on its routee now (else it waits). */
  static final int IN_FLIGHT = 2;
  /** Sent again after its routee's own failure (at most once). */
  static final int RETRIED = 4;
  /** Holds a token of the budget for re-dispatches past a deadline. */
  static final int OVERDUE_TOKEN = 8;
  /** The second copy of a hedged request. */
  static final int COPY = 16;
  /** The most dispatches a row counts. */
  static final int MAX_ATTEMPTS = 63;
  /** The most lanes a row tells apart. */
  static final int MAX_LANES = 16;

  private long[][] pages = new long[0][];
  private Object[][] payloads = new Object[0][];
  private int[] free = new int[64];
  private int freeCount;
  private int used; // slots ever used: the next new one
  private int size;

  /** Takes a free slot for a request; returns its id, whose low 32 bits are the slot. It waits (attempt 0) until {@link #dispatched}. */
  long add(P payload, long tag, int lane, long expectedNanos, long submittedNanos, long sequence) {
    int slot = freeCount > 0 ? free[--freeCount] : newSlot();
    long[] page = pages[slot >>> PAGE_BITS];
    int at = (slot & (PAGE - 1)) * LONGS;
    long generation = (page[at + STATE] >>> 32) + 1;
    page[at + TAG] = tag;
    page[at + SUBMITTED] = submittedNanos;
    page[at + DISPATCHED] = 0;
    page[at + DEADLINE] = 0;
    page[at + EXPECTED] = expectedNanos;
    page[at + SEQUENCE] = sequence;
    page[at + TWIN] = 0;
    page[at + STATE] = generation << 32 | (long) lane << 6 | BUSY;
    payloads[slot >>> PAGE_BITS][slot & (PAGE - 1)] = payload;
    size++;
    return generation << 32 | slot;
  }

  private int newSlot() {
    int slot = used++;
    int page = slot >>> PAGE_BITS;
    if (page == pages.length) {
      pages = Arrays.copyOf(pages, page + 1);
      payloads = Arrays.copyOf(payloads, page + 1);
      pages[page] = new long[PAGE * LONGS];
      payloads[page] = new Object[PAGE];
    }
    return slot;
  }

  /** The slot of request {@code id} if the table holds it, else -1 (an id of another generation, or unknown). */
  int slotOf(long id) {
    int slot = (int) id;
    if (slot < 0 || slot >= used) return -1;
    long state = row(slot)[at(slot) + STATE];
    return (state & BUSY) != 0 && (state >>> 32) == (id >>> 32) ? slot : -1;
  }

  /** The id of the request in {@code slot}. */
  long id(int slot) {
    return (row(slot)[at(slot) + STATE] >>> 32) << 32 | slot;
  }

  /** Frees {@code slot}: its id finds nothing from now on. */
  void remove(int slot) {
    long[] page = row(slot);
    int at = at(slot);
    page[at + STATE] &= 0xFFFF_FFFF_0000_0000L; // the generation stays, to tell the next one apart
    payloads[slot >>> PAGE_BITS][slot & (PAGE - 1)] = null;
    if (freeCount == free.length) free = Arrays.copyOf(free, freeCount * 2);
    free[freeCount++] = slot;
    size--;
  }

  /** Requests held. */
  int size() {
    return size;
  }

  /** One past the highest slot ever used: walk slots below it and skip those not {@link #busy}. */
  int slots() {
    return used;
  }

  boolean busy(int slot) {
    return (row(slot)[at(slot) + STATE] & BUSY) != 0;
  }

  /** Records that the request in {@code slot} went to routee {@code routee} (its number) as a new attempt. */
  void dispatched(int slot, int routee, long nowNanos, long deadlineNanos) {
    long[] page = row(slot);
    int at = at(slot);
    long state = page[at + STATE];
    int attempt = Math.min((int) (state >>> 10 & MAX_ATTEMPTS) + 1, MAX_ATTEMPTS);
    page[at + STATE] = state & 0xFFFF_FFFF_0000_03FFL | (long) routee << 16 | (long) attempt << 10 | IN_FLIGHT;
    page[at + DISPATCHED] = nowNanos;
    page[at + DEADLINE] = deadlineNanos;
  }

  /** The request in {@code slot} is off its routee and waits again; its attempts and {@link #routee} stay. */
  void undispatched(int slot) {
    row(slot)[at(slot) + STATE] &= ~IN_FLIGHT;
  }

  /** Sets the routee a waiting request should avoid (a hedge's copy: the routee of its first). */
  void routee(int slot, int routee) {
    long[] page = row(slot);
    int at = at(slot);
    page[at + STATE] = page[at + STATE] & ~(0xFFFFL << 16) | (long) routee << 16;
  }

  @SuppressWarnings("unchecked")
  P payload(int slot) {
    return (P) payloads[slot >>> PAGE_BITS][slot & (PAGE - 1)];
  }

  long tag(int slot) {
    return row(slot)[at(slot) + TAG];
  }

  long submittedNanos(int slot) {
    return row(slot)[at(slot) + SUBMITTED];
  }

  long dispatchedNanos(int slot) {
    return row(slot)[at(slot) + DISPATCHED];
  }

  long deadlineNanos(int slot) {
    return row(slot)[at(slot) + DEADLINE];
  }

  long expectedNanos(int slot) {
    return row(slot)[at(slot) + EXPECTED];
  }

  /** The order in which the balancer took the requests on: 1, 2, 3, ... (a hedge's copy gets its own). */
  long sequence(int slot) {
    return row(slot)[at(slot) + SEQUENCE];
  }

  /** The id of the other copy of a hedged request; 0 if it is not hedged. */
  long twin(int slot) {
    return row(slot)[at(slot) + TWIN];
  }

  void twin(int slot, long twinId) {
    row(slot)[at(slot) + TWIN] = twinId;
  }

  /** The number of the routee it is in flight on, or was last sent to; 0 if none. */
  int routee(int slot) {
    return (int) (row(slot)[at(slot) + STATE] >>> 16 & 0xFFFF);
  }

  /** Dispatches so far: 0 before the first. */
  int attempt(int slot) {
    return (int) (row(slot)[at(slot) + STATE] >>> 10 & MAX_ATTEMPTS);
  }

  int lane(int slot) {
    return (int) (row(slot)[at(slot) + STATE] >>> 6 & (MAX_LANES - 1));
  }

  boolean has(int slot, int flag) {
    return (row(slot)[at(slot) + STATE] & flag) != 0;
  }

  void set(int slot, int flag, boolean on) {
    long[] page = row(slot);
    int at = at(slot);
    page[at + STATE] = on ? page[at + STATE] | flag : page[at + STATE] & ~flag;
  }

  private long[] row(int slot) {
    return pages[slot >>> PAGE_BITS];
  }

  private static int at(int slot) {
    return (slot & (PAGE - 1)) * LONGS;
  }
}
