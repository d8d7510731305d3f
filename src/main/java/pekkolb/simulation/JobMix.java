package pekkolb.simulation;

import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import pekkolb.protocol.AppType;

/**
 * What a request asks for: an app type and a job size, drawn from weighted classes. Two classes
 * with different sizes (Short 1 s, Long 5 s) make the bimodal Short/Long mix of the original system.
 */
public record JobMix(List<JobClass> classes) {

  /** One kind of request: its app type, its share of requests (relative weight) and its sizes. */
  public record JobClass(AppType type, double weight, SizeDistribution size) {
    public JobClass {
      if (!(weight > 0)) throw new IllegalArgumentException("weight must be > 0");
    }
  }

  /** A drawn request: app type and size in whole unscaled milliseconds. */
  public record Draw(AppType type, long sizeMillis) {}

  public JobMix {
    if (classes.isEmpty()) throw new IllegalArgumentException("a job mix needs at least one class");
    classes = List.copyOf(classes);
  }

  public static JobMix of(AppType type, SizeDistribution size) {
    return new JobMix(List.of(new JobClass(type, 1, size)));
  }

  /** Short and Long jobs, {@code longShare} of them Long. */
  public static JobMix shortLong(double longShare, SizeDistribution shortSize, SizeDistribution longSize) {
    return new JobMix(List.of(
        new JobClass(AppType.SHORT, 1 - longShare, shortSize), new JobClass(AppType.LONG, longShare, longSize)));
  }

  public Draw draw(RandomGenerator random) {
    double total = 0;
    for (JobClass c : classes) total += c.weight();
    double u = random.nextDouble() * total;
    JobClass chosen = classes.get(classes.size() - 1);
    for (JobClass c : classes) {
      if (u < c.weight()) {
        chosen = c;
        break;
      }
      u -= c.weight();
    }
    // Always draw the size, so a class's sizes do not depend on how the other classes were drawn.
    return new Draw(chosen.type(), Math.round(chosen.size().sample(random)));
  }

  public double meanMillis() {
    double total = 0;
    double sum = 0;
    for (JobClass c : classes) {
      total += c.weight();
      sum += c.weight() * c.size().mean();
    }
    return sum / total;
  }

  public String describe() {
    if (classes.size() == 1) return classes.get(0).size().describe();
    double total = classes.stream().mapToDouble(JobClass::weight).sum();
    return classes.stream()
        .map(c -> Fmt.num("%.0f%% %s %s", 100 * c.weight() / total, c.type().wireName(), c.size().describe()))
        .collect(Collectors.joining(" + "));
  }
}
