package pekkolb.protocol;

/**
 * Marker for every message that crosses JVMs in cluster mode. application.conf binds it to
 * Jackson CBOR, so Java serialization can stay off.
 */
public interface CborSerializable {}
