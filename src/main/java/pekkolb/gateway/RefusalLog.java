package pekkolb.gateway;

import java.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pekkolb.logging.LogBudget;

/** Logs connections refused past lb.gateway.max-connections, a few a second at most: a flood costs a few lines. */
final class RefusalLog {
  private static final Logger log = LoggerFactory.getLogger(Gateway.class);
  private final LogBudget budget = new LogBudget(5, System::nanoTime);

  /** Called from any of the gateway's event loops. */
  synchronized void refused(SocketAddress client, int maxConnections) {
    String note = budget.admit();
    if (note != null) {
      log.warn("refused {}: {} connections open (lb.gateway.max-connections){}", client, maxConnections, note);
    }
  }
}
