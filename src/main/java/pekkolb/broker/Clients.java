package pekkolb.broker;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import pekkolb.protocol.Reply;
import pekkolb.protocol.ToClient;

/**
 * The answers buffer of each client that submits, kept while it submits: a request from a known
 * client, alone or in a batch, costs no new buffer. Owned by the broker actor.
 */
final class Clients {
  private final Map<ActorRef<ToClient>, ClientAnswers> batching = new HashMap<>();
  private final Map<ActorRef<Reply>, ClientAnswers> lone = new HashMap<>();

  /** The buffer of a client that submits {@code SubmitBatch}es to be answered at {@code to}. */
  ClientAnswers batching(ActorRef<ToClient> to) {
    return submitted(batching.computeIfAbsent(to, ClientAnswers::batching));
  }

  /** The buffer of a client that submits lone {@code Submit}s to be answered at {@code to}. */
  ClientAnswers lone(ActorRef<Reply> to) {
    return submitted(to == null ? ClientAnswers.single(null) : lone.computeIfAbsent(to, ClientAnswers::single));
  }

  private static ClientAnswers submitted(ClientAnswers client) {
    client.recent = true;
    return client;
  }

  /** Forgets the clients that submitted nothing since the last call and have no answer buffered. */
  void forgetIdle() {
    forgetIdle(batching);
    forgetIdle(lone);
  }

  private static void forgetIdle(Map<?, ClientAnswers> clients) {
    for (Iterator<ClientAnswers> it = clients.values().iterator(); it.hasNext(); ) {
      ClientAnswers c = it.next();
      if (!c.recent && c.size() == 0) it.remove();
      c.recent = false;
    }
  }
}
