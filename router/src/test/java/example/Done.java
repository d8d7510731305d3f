package example;

/** A user's own reply: who did the work, or why nobody did ({@code by} is null then). */
public record Done(String payload, String by, String failure) {
  public static Done by(String payload, String routee) {
    return new Done(payload, routee, null);
  }
}
