package pekkolb.router;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Carries the library's own messages across JVMs ({@link LoadReport}, {@link UsageReport}), bound in the library's
 * reference.conf, so that users need neither Java serialization nor a binding of their own.
 */
public final class RouterSerializer extends SerializerWithStringManifest {
  private static final String LOAD_REPORT = "L";
  private static final String USAGE_REPORT = "U";

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
    if (o instanceof UsageReport) return USAGE_REPORT;
    throw new IllegalArgumentException("cannot serialize " + o.getClass().getName());
  }

  @Override
  public byte[] toBinary(Object o) {
    if (o instanceof UsageReport report) {
      byte[] ref = resolver.toSerializationFormat(report.routee()).getBytes(StandardCharsets.UTF_8);
      Usage u = report.usage();
      return ByteBuffer.allocate(24 + ref.length).putDouble(u.utilization()).putDouble(u.qps()).putDouble(u.errorsPerSecond())
          .put(ref).array();
    }
    if (!(o instanceof LoadReport report)) throw new IllegalArgumentException("cannot serialize " + o.getClass().getName());
    byte[] ref = resolver.toSerializationFormat(report.routee()).getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(4 + ref.length).putInt(report.load()).put(ref).array();
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) {
    if (USAGE_REPORT.equals(manifest)) {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      Usage u = new Usage(buf.getDouble(), buf.getDouble(), buf.getDouble());
      return new UsageReport(resolver.resolveActorRef(new String(bytes, 24, bytes.length - 24, StandardCharsets.UTF_8)), u);
    }
    if (!LOAD_REPORT.equals(manifest)) throw new IllegalArgumentException("unknown manifest '" + manifest + "'");
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    int load = buf.getInt();
    String ref = new String(bytes, 4, bytes.length - 4, StandardCharsets.UTF_8);
    return new LoadReport(resolver.resolveActorRef(ref), load);
  }
}
