package pekkolb.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.Submit;
import pekkolb.protocol.SubmitBatch;
import pekkolb.protocol.ToClient;

/**
 * The requests one pump of the {@link BrokerPool} sends, gathered per broker: a broker given one
 * request gets a plain {@link Submit}, one given several gets them in {@link SubmitBatch}es of at
 * most {@link SubmitBatch#MAX_SIZE}, each under its wire id, answered to the pool.
 */
final class SubmitBatches {
  private record Entry(long wireId, Submit request) {}

  private final ActorRef<ToClient> replyTo;
  private final Map<ActorRef<BrokerMessage>, List<Entry>> byBroker = new LinkedHashMap<>();

  SubmitBatches(ActorRef<ToClient> replyTo) {
    this.replyTo = replyTo;
  }

  void add(ActorRef<BrokerMessage> broker, long wireId, Submit request) {
    byBroker.computeIfAbsent(broker, b -> new ArrayList<>()).add(new Entry(wireId, request));
  }

  void send() {
    byBroker.forEach((broker, entries) -> {
      if (entries.size() == 1) {
        Submit c = entries.get(0).request();
        broker.tell(new Submit(entries.get(0).wireId(), c.appType(), c.approach(), c.sizeMillis(), replyTo.narrow()));
        return;
      }
      for (int from = 0; from < entries.size(); from += SubmitBatch.MAX_SIZE) {
        int n = Math.min(SubmitBatch.MAX_SIZE, entries.size() - from);
        long[] ids = new long[n];
        String[] types = new String[n];
        String[] approaches = new String[n];
        long[] sizes = new long[n];
        for (int i = 0; i < n; i++) {
          Entry e = entries.get(from + i);
          ids[i] = e.wireId();
          types[i] = e.request().appType();
          approaches[i] = e.request().approach();
          sizes[i] = e.request().sizeMillis();
        }
        broker.tell(new SubmitBatch(ids, types, approaches, sizes, replyTo));
      }
    });
  }
}
