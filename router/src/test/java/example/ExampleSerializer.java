package example;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Carries the tests' own {@link Work} and {@link Done} between the two ActorSystems of a cluster
 * test, as a user would bind a serializer of their own; only the cluster test's config binds it.
 */
public final class ExampleSerializer extends SerializerWithStringManifest {
  private final ActorRefResolver resolver;

  public ExampleSerializer(ExtendedActorSystem system) {
    this.resolver = ActorRefResolver.get(Adapter.toTyped(system));
  }

  @Override
  public int identifier() {
    return 2_024_120_7;
  }

  @Override
  public String manifest(Object o) {
    if (o instanceof Work) return "W";
    if (o instanceof Done) return "D";
    throw new IllegalArgumentException("cannot serialize " + o.getClass().getName());
  }

  @Override
  public byte[] toBinary(Object o) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      if (o instanceof Work w) {
        out.writeUTF(w.payload());
        out.writeUTF(resolver.toSerializationFormat(w.replyTo()));
      } else if (o instanceof Done d) {
        out.writeUTF(d.payload());
        writeNullable(out, d.by());
        writeNullable(out, d.failure());
      } else {
        throw new IllegalArgumentException("cannot serialize " + o.getClass().getName());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) {
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
      return switch (manifest) {
        case "W" -> {
          String payload = in.readUTF();
          ActorRef<Done> replyTo = resolver.resolveActorRef(in.readUTF());
          yield new Work(payload, replyTo);
        }
        case "D" -> new Done(in.readUTF(), readNullable(in), readNullable(in));
        default -> throw new IllegalArgumentException("unknown manifest '" + manifest + "'");
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeNullable(DataOutputStream out, String s) throws IOException {
    out.writeBoolean(s != null);
    if (s != null) out.writeUTF(s);
  }

  private static String readNullable(DataInputStream in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }
}
