package pekkolb.protocol;

/** A served request: which worker ran it, and how long it took from submission to answer. */
public record Response(long requestId, String worker, String appType, String approach, long elapsedMillis)
    implements Reply {
  @Override
  public String text() {
    return "Response from " + worker + " (" + appType + ", " + approach + ", " + elapsedMillis + " ms)";
  }
}
