package pekkolb.router;

import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Actor refs with exact names, for plain-Java tests that need routees to have an identity and a name:
 * nothing is ever sent to them. One actor system serves every test class of this package.
 */
final class Refs {
  private static final ActorTestKit KIT = ActorTestKit.create("refs");
  private static final Map<String, ActorRef<Object>> BY_NAME = new HashMap<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(KIT::shutdownTestKit));
  }

  private Refs() {}

  /** The ref named {@code name} (made on first use, then the same one). */
  static synchronized ActorRef<Object> named(String name) {
    return BY_NAME.computeIfAbsent(name, n -> KIT.spawn(Behaviors.empty(), n));
  }
}
