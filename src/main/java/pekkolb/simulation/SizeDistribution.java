package pekkolb.simulation;

import java.util.random.RandomGenerator;

/**
 * How long jobs take, in unscaled milliseconds. Every sample comes from a generator the caller
 * seeds, so the same seed gives the same sizes. Samples are never negative.
 */
public sealed interface SizeDistribution {

  /** One job size in milliseconds (>= 0). */
  double sample(RandomGenerator random);

  /** The distribution's mean in milliseconds. */
  double mean();

  /** A short description for tables and the README, e.g. "normal(167 ms, sd 5 ms)". */
  String describe();

  /** Every job the same size. */
  record Fixed(double millis) implements SizeDistribution {
    public Fixed {
      if (!(millis >= 0)) throw new IllegalArgumentException("size must be >= 0, got " + millis);
    }

    @Override
    public double sample(RandomGenerator random) {
      return millis;
    }

    @Override
    public double mean() {
      return millis;
    }

    @Override
    public String describe() {
      return "fixed " + Fmt.ms(millis);
    }
  }

  /** Normal, cut at 0 (a negative draw becomes 0; negligible when mean is several sd above 0). */
  record Normal(double mean, double sd) implements SizeDistribution {
    public Normal {
      if (!(mean >= 0) || !(sd >= 0)) throw new IllegalArgumentException("normal needs mean >= 0 and sd >= 0");
    }

    @Override
    public double sample(RandomGenerator random) {
      return Math.max(0, random.nextGaussian(mean, sd));
    }

    @Override
    public String describe() {
      return "normal(" + Fmt.ms(mean) + ", sd " + Fmt.ms(sd) + ")";
    }
  }

  /** Log-normal: exp of a normal(mu, sigma). Use {@link #ofMeanSd} to set it by its own mean and sd. */
  record LogNormal(double mu, double sigma) implements SizeDistribution {
    public LogNormal {
      if (!(sigma >= 0)) throw new IllegalArgumentException("lognormal needs sigma >= 0");
    }

    public static LogNormal ofMeanSd(double mean, double sd) {
      if (!(mean > 0) || !(sd >= 0)) throw new IllegalArgumentException("lognormal needs mean > 0 and sd >= 0");
      double sigma2 = Math.log(1 + (sd * sd) / (mean * mean));
      return new LogNormal(Math.log(mean) - sigma2 / 2, Math.sqrt(sigma2));
    }

    @Override
    public double sample(RandomGenerator random) {
      return Math.exp(mu + sigma * random.nextGaussian());
    }

    @Override
    public double mean() {
      return Math.exp(mu + sigma * sigma / 2);
    }

    public double sd() {
      return mean() * Math.sqrt(Math.expm1(sigma * sigma));
    }

    @Override
    public String describe() {
      return "lognormal(mean " + Fmt.ms(mean()) + ", sd " + Fmt.ms(sd()) + ")";
    }
  }

  /**
   * Pareto with shape {@code alpha}, cut to [low, high]: most jobs near {@code low}, a few up to
   * {@code high}. Heavy-tailed for alpha near 1 (the classic model of job sizes in a server).
   */
  record BoundedPareto(double alpha, double low, double high) implements SizeDistribution {
    public BoundedPareto {
      if (!(alpha > 0) || !(low > 0) || !(high > low)) {
        throw new IllegalArgumentException("bounded Pareto needs alpha > 0 and 0 < low < high");
      }
    }

    @Override
    public double sample(RandomGenerator random) {
      // Inverse of the CDF F(x) = (1 - (low/x)^a) / (1 - (low/high)^a).
      double u = random.nextDouble();
      double x = low / Math.pow(1 - u * (1 - Math.pow(low / high, alpha)), 1 / alpha);
      return Math.min(high, x);
    }

    @Override
    public double mean() {
      double tail = 1 - Math.pow(low / high, alpha);
      if (Math.abs(alpha - 1) < 1e-9) return low * Math.log(high / low) / tail;
      return Math.pow(low, alpha) / tail * alpha / (alpha - 1)
          * (Math.pow(low, 1 - alpha) - Math.pow(high, 1 - alpha));
    }

    @Override
    public String describe() {
      return "bounded Pareto(alpha " + alpha + ", " + Fmt.ms(low) + " .. " + Fmt.ms(high) + ", mean " + Fmt.ms(mean()) + ")";
    }
  }
}
