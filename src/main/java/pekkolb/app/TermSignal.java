package pekkolb.app;

import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import sun.misc.Signal;

/**
 * SIGTERM (what systemd, Kubernetes and `kill` send) as a request to stop, not a crash: it runs the
 * node's coordinated shutdown (drain, leave the cluster), after which the command returns its exit
 * code as usual, 0 for a clean stop. Left to the JVM, SIGTERM would run the same shutdown from a
 * shutdown hook but end the process with 143 whatever happened.
 */
final class TermSignal {
  private TermSignal() {}

  /** The reason the shutdown was run for, as CoordinatedShutdown reports it. */
  enum Reason implements CoordinatedShutdown.Reason { SIGTERM }

  static void stopGracefullyOn(ActorSystem<?> system) {
    try {
      Signal.handle(new Signal("TERM"), signal -> CoordinatedShutdown.get(system).run(Reason.SIGTERM));
    } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError notHere) {
      // A JVM without the signal (or the API): SIGTERM keeps the JVM's default, the shutdown hook.
    }
  }
}
