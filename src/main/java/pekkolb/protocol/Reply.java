package pekkolb.protocol;

/** The one answer to a {@link Submit}. */
public sealed interface Reply extends ToClient permits Response, Rejected, HandBack {
  long requestId();

  /** One line for people: what the client prints and the gateway sends. */
  String text();
}
