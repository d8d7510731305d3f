/** A load-aware router for Pekko typed. */
package pekkolb.router;
