package pekkolb.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import org.apache.pekko.actor.AbstractActorWithTimers;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.Props;
import org.apache.pekko.io.Tcp;
import org.apache.pekko.io.TcpMessage;
import org.apache.pekko.util.ByteString;
import pekkolb.LbSettings;
import pekkolb.client.LbClient;

/**
 * One client connection: bytes in, requests asked of the brokers, answers out in request order, then
 * closed after a bare request or an unrecoverable error. At most lb.gateway.parallelism requests are
 * owed at once; past that it stops reading (the client's writes back up in TCP), and it has at most
 * one write in the kernel at a time (the rest waits for its ack, so a client that does not read
 * cannot make the gateway buffer without bound).
 */
final class Connection extends AbstractActorWithTimers {
  private static final class WriteAck implements Tcp.Event {}
  private static final WriteAck ACK = new WriteAck();
  private enum IdleCheck { INSTANCE }

  /** A frame and, once known, the text of its answer; answers leave in the order frames arrived. */
  private static final class Slot {
    final RequestFramer.Frame frame;
    String answer;

    Slot(RequestFramer.Frame frame) {
      this.frame = frame;
    }
  }

  private record Answered(Slot slot, String text) {}

  static Props props(Gateway gateway, ActorRef connection) {
    return Props.create(Connection.class, () -> new Connection(gateway, connection));
  }

  private final Gateway gateway;
  private final ActorRef connection;
  private final LbSettings settings;
  private final LbSettings.Gateway g;
  private final RequestFramer framer;
  private final ConnectionState state;
  private final ArrayDeque<Slot> owed = new ArrayDeque<>();
  /** Requests framed but not yet asked: at most lb.gateway.parallelism are at the brokers at once. */
  private final ArrayDeque<Slot> notAsked = new ArrayDeque<>();
  private int asked;
  private boolean writing; // a write awaits its ack
  private boolean reading = true;
  private boolean inputDone; // the client shut down its sending side
  private boolean closing;

  private Connection(Gateway gateway, ActorRef connection) {
    this.gateway = gateway;
    this.connection = connection;
    this.settings = gateway.settings();
    this.g = settings.gateway();
    this.framer = new RequestFramer(g.maxLineLength());
    this.state = gateway.newConnectionState();
  }

  @Override
  public void preStart() {
    // Silence is checked a few times per idle timeout; a silent connection owed no answer gets an error.
    getTimers().startTimerWithFixedDelay(IdleCheck.INSTANCE, IdleCheck.INSTANCE, g.idleTimeout().dividedBy(4));
  }

  @Override
  public void postStop() {
    gateway.connectionEnded(state.closed());
  }

  @Override
  public Receive createReceive() {
    return receiveBuilder()
        .match(Tcp.Received.class, r -> {
          if (closing) return;
          state.received();
          take(framer.accept(r.data().toArray()));
        })
        .match(Answered.class, a -> {
          a.slot().answer = a.text();
          asked--;
          askWhatFits();
          flush();
        })
        .match(WriteAck.class, a -> {
          writing = false;
          flush();
        })
        .match(IdleCheck.class, i -> {
          if (!closing && state.idleFor(g.idleTimeout())) take(framer.idle(g.idleTimeout()));
        })
        .match(Tcp.ConnectionClosed.class, Tcp.ConnectionClosed::isPeerClosed, p -> {
          inputDone = true;
          take(framer.finish());
        })
        .match(Tcp.ConnectionClosed.class, c -> getContext().stop(getSelf()))
        .match(Tcp.CommandFailed.class, f -> {
          connection.tell(TcpMessage.abort(), getSelf());
          getContext().stop(getSelf());
        })
        .build();
  }

  private void take(List<RequestFramer.Frame> frames) {
    state.framed(frames);
    for (RequestFramer.Frame frame : frames) {
      Slot slot = new Slot(frame);
      owed.add(slot);
      if (frame instanceof RequestFramer.Failure f) {
        slot.answer = "ERROR " + f.reason();
      } else {
        notAsked.add(slot);
      }
    }
    askWhatFits();
    flush();
  }

  private void askWhatFits() {
    ActorRef self = getSelf();
    while (asked < g.parallelism() && !notAsked.isEmpty()) {
      Slot slot = notAsked.poll();
      RequestFramer.Request r = (RequestFramer.Request) slot.frame;
      asked++;
      LbClient.viaPool(gateway.broker(), gateway.system().scheduler(), r.appType(), r.approach(), settings)
          .whenComplete((reply, error) -> self.tell(
              new Answered(slot, reply != null ? reply.text() : "ERROR failed: " + error), ActorRef.noSender()));
    }
  }

  /** Writes the answers ready at the head of the line, in one write; closes when the last is out. */
  private void flush() {
    if (closing) return;
    if (!writing) {
      StringBuilder out = new StringBuilder();
      boolean closeAfter = false;
      while (!owed.isEmpty() && owed.peek().answer != null) {
        Slot s = owed.poll();
        out.append(s.answer);
        if (s.frame.newline()) out.append('\n');
        if (s.frame instanceof RequestFramer.Request && state.answered() == 0) gateway.checkDrained();
        if (s.frame.closes()) {
          closeAfter = true;
          break;
        }
      }
      if (out.length() > 0) {
        connection.tell(TcpMessage.write(ByteString.fromString(out.toString(), StandardCharsets.UTF_8), ACK), getSelf());
        writing = true;
      }
      if (closeAfter || (inputDone && owed.isEmpty())) {
        closing = true; // what else is owed is never answered: the client said it was done, or must be cut off
        connection.tell(TcpMessage.close(), getSelf()); // after the write in the kernel's queue
        return;
      }
    }
    boolean read = owed.size() < g.parallelism();
    if (read != reading) {
      reading = read;
      connection.tell(read ? TcpMessage.resumeReading() : TcpMessage.suspendReading(), getSelf());
    }
  }
}
