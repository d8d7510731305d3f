package pekkolb.routing;

import java.util.random.RandomGenerator;

/**
 * "Power of two choices": draw two distinct workers at random and take the one with the lower load,
 * as Finagle's and Envoy's least-request balancers do. Nearly as good as least connections, without a full scan and without every broker herding onto the same idle worker.
 */
public final class PowerOfTwoChoices extends TwoRandomChoices {

  public PowerOfTwoChoices(RandomGenerator random) {
    super(random);
  }

  @Override
  boolean isBetter(WorkerLoad candidate, WorkerLoad other) {
    return candidate.load() < other.load();
  }
}
