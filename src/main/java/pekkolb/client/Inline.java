package pekkolb.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Pekko's Java API hands out Scala's CompletableFuture, which runs even {@code thenApply} and
 * {@code whenComplete} callbacks on the JDK's default async executor. With fewer than 3 CPUs that
 * executor is a new thread per callback (the common pool has parallelism 1): one thread start per
 * request. Callbacks on what {@link #of} returns run where the stage completes, like plain Java's.
 */
public final class Inline {
  private Inline() {}

  public static <T> CompletableFuture<T> of(CompletionStage<T> stage) {
    CompletableFuture<T> plain = new CompletableFuture<>();
    // The two-argument async form is the one Scala's future does not re-route; Runnable::run is "right here".
    stage.whenCompleteAsync((value, error) -> {
      if (error != null) plain.completeExceptionally(error);
      else plain.complete(value);
    }, Runnable::run);
    return plain;
  }
}
