package pekkolb.protocol;

/** A request the broker could not serve, and why. */
public record Rejected(long requestId, String reason) implements Reply {
  @Override
  public String text() {
    return "ERROR " + reason;
  }
}
