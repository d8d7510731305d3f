package pekkolb.router;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Carries the library's own messages across JVMs ({@link LoadReport}), bound in the library's
 * reference.conf, so that users need neither Java serialization nor a binding of their own.
 */
public final class RouterSerializer extends SerializerWithStringManifest {
  private static final String LOAD_REPORT = "L";

  private final ActorRefResolver resolver;

  /** Made by Pekko's serialization, once per actor system. */
  public RouterSerializer(ExtendedActorSystem system) {
    this.resolver = ActorRefResolver.get(Adapter.toTyped(system));
  }

  @Override
  public int identifier() {
    return 751_213_401;
  }

  @Override
  public String manifest(Object o) {
    if (o instanceof LoadReport) return LOAD_REPORT;
    throw new IllegalArgumentException("cannot serialize " + o.getClass().getName());
  }

  @Override
  public byte[] toBinary(Object o) {
    if (!(o instanceof LoadReport report)) throw new IllegalArgumentException("cannot serialize " + o.getClass().getName());
    byte[] ref = resolver.toSerializationFormat(report.routee()).getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(4 + ref.length).putInt(report.load()).put(ref).array();
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) {
    if (!LOAD_REPORT.equals(manifest)) throw new IllegalArgumentException("unknown manifest '" + manifest + "'");
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    int load = buf.getInt();
    String ref = new String(bytes, 4, bytes.length - 4, StandardCharsets.UTF_8);
    return new LoadReport(resolver.resolveActorRef(ref), load);
  }
}
