package pekkolb.simulation;

import pekkolb.protocol.Approach;

/** Hears how a run is going, about twice a second. Called from an actor: keep it quick. */
@FunctionalInterface
public interface SimulationListener {
  SimulationListener NONE = (approach, elapsedSeconds, durationSeconds, sent, answered) -> {};

  /** Times in unscaled seconds. */
  void progress(Approach approach, double elapsedSeconds, double durationSeconds, long sent, long answered);
}
