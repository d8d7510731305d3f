package pekkolb.protocol;

/**
 * A broker giving a request back unanswered (it is stopping): the client submits it to another
 * broker. Not an answer for the caller; a client with no other broker turns it into a rejection.
 */
public record HandBack(long requestId, String reason) implements Reply {
  @Override
  public String text() {
    return "ERROR " + reason;
  }
}
