package pekkolb.client;

import java.util.LinkedHashSet;
import java.util.Set;

/** What a client's pool knows of one broker: the window it granted and the sends it has not answered. */
final class BrokerSlot<B> {
  final B ref;
  int window; // 0 until the broker's Connected arrives
  boolean live = true;
  boolean draining; // it handed a request back: no new ones
  long unlistedSince = -1; // out of the listing (deregistered) since then: no new ones
  final Set<Long> outstanding = new LinkedHashSet<>();

  BrokerSlot(B ref) {
    this.ref = ref;
  }

  /** Connected, not draining, still listed: it may be sent new requests while its window has room. */
  boolean usable() {
    return window > 0 && !draining && unlistedSince < 0;
  }
}
