package pekkolb.protocol;

import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/** The Receptionist keys brokers and workers register under: how everything finds them, locally or in a cluster. */
public final class ServiceKeys {
  private ServiceKeys() {}

  public static final ServiceKey<BrokerMessage> BROKER = ServiceKey.create(BrokerMessage.class, "pekko-lb-broker");

  public static final ServiceKey<WorkerMessage> WORKER = ServiceKey.create(WorkerMessage.class, "pekko-lb-worker");
}
