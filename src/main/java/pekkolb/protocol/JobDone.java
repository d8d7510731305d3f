package pekkolb.protocol;

/** A worker's answer to one dispatch of a {@link Job}. */
public record JobDone(long jobId, int attempt, String worker) implements BrokerMessage, CborSerializable {}
