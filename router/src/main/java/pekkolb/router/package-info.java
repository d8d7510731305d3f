/**
 * A load-aware router for Pekko typed. Start at {@link pekkolb.router.LoadBalancer}: a balancer over
 * the routees registered under a Receptionist key ({@code group}) or spawned by it ({@code pool}), which
 * puts its own reply address into each request, so it counts every request in flight exactly until the
 * reply passes back. {@link pekkolb.router.Policies} has the ways to pick a routee;
 * {@link pekkolb.router.BalancerCore} is the whole balancer but its actor, for an actor of your own.
 */
package pekkolb.router;
