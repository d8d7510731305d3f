package pekkolb.protocol;

/**
 * What a broker sends the client that asked: one {@link Reply} per request, or several
 * {@link Response}s at once in a {@link ResponseBatch} to a client that submitted a {@link SubmitBatch}.
 */
public sealed interface ToClient extends CborSerializable permits Reply, ResponseBatch {}
