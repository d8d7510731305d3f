package pekkolb.router;

import org.apache.pekko.actor.ActorPath;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorRefProvider;
import org.apache.pekko.actor.InternalActorRef;
import org.apache.pekko.actor.LocalRef;
import org.apache.pekko.actor.Nobody$;
import org.apache.pekko.dispatch.sysmsg.SystemMessage;
import scala.collection.Iterator;

/**
 * The reply address a {@link LoadBalancer} puts into one dispatch of a request, as Pekko's ask does:
 * whatever is told to it goes to the balancer's {@link ReplyInbox}, tagged with the request and its
 * attempt, so replies are matched to requests whatever their type. Locally it is one small object.
 * Like the ask's own reply address, it gets a path (under /temp) only when something asks for one,
 * which serializing it for a routee on another node does; the path then resolves to it until
 * {@link #release}. Built on Pekko's internal actor-ref classes, as its ask is: the public API has no
 * cheaper way to make an address per request. It is a {@link LocalRef}, as the ask's is: remoting
 * delivers a message from another node only to a local ref so marked, and drops it otherwise.
 */
final class ReplyAddress extends InternalActorRef implements LocalRef {
  private final ActorRefProvider provider;
  private final ReplyInbox inbox;
  private final Pending<?> request;
  private final long id;
  private final int attempt;
  private ActorPath path; // made, and registered, on first use
  private boolean released;

  ReplyAddress(ActorRefProvider provider, ReplyInbox inbox, Pending<?> request, long id, int attempt) {
    this.provider = provider;
    this.inbox = inbox;
    this.request = request;
    this.id = id;
    this.attempt = attempt;
  }

  Pending<?> request() {
    return request;
  }

  long id() {
    return id;
  }

  int attempt() {
    return attempt;
  }

  @Override
  public void $bang(Object message, ActorRef sender) {
    if (message == null) throw new IllegalArgumentException("message is null");
    inbox.arrived(this, message);
  }

  @Override
  public synchronized ActorPath path() {
    if (path == null) {
      path = provider.tempPath("lb");
      inbox.pathMade(); // before the check below: a balancer that answers from now on releases paths
      if (!released && !request.claimed()) provider.registerTempActor(this, path);
    }
    return path;
  }

  /** The request no longer waits for this reply: its path, if it was given one, resolves no more. */
  synchronized void release() {
    if (released) return;
    released = true;
    if (path != null) provider.unregisterTempActor(path);
  }

  @Override
  public boolean isTerminated() {
    return false;
  }

  @Override
  public void start() {}

  @Override
  public void resume(Throwable causedByFailure) {}

  @Override
  public void suspend() {}

  @Override
  public void restart(Throwable cause) {}

  @Override
  public void stop() {
    release();
  }

  @Override
  public void sendSystemMessage(SystemMessage message) {}

  @Override
  public ActorRefProvider provider() {
    return provider;
  }

  @Override
  public InternalActorRef getParent() {
    return provider.tempContainer();
  }

  @Override
  public InternalActorRef getChild(Iterator<String> names) {
    return names.isEmpty() ? this : Nobody$.MODULE$;
  }

  @Override
  public boolean isLocal() {
    return true;
  }
}
