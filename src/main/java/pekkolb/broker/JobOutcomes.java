package pekkolb.broker;

import org.slf4j.Logger;
import pekkolb.protocol.JobDone;
import pekkolb.protocol.JobsDone;

/**
 * What a broker makes of a worker's answers, one ({@link JobDone}) or many ({@link JobsDone}) at a
 * time: each completes the attempt it names and answers its request, once; an answer to an earlier
 * attempt (the job was re-dispatched or failed since) or to a job already answered is ignored.
 */
final class JobOutcomes {
  private final Jobs jobs;
  private final RedispatchBudget budget;
  private final Answers answers;
  private final Resilience resilience;
  private final AnswerRuns runs;
  private final Logger log;

  /** @param runs takes what it can of a batch of answers; the rest is answered here one by one */
  JobOutcomes(Jobs jobs, RedispatchBudget budget, Answers answers, Resilience resilience, AnswerRuns runs, Logger log) {
    this.jobs = jobs;
    this.budget = budget;
    this.answers = answers;
    this.resilience = resilience;
    this.runs = runs;
    this.log = log;
  }

  void of(JobDone done) {
    long now = System.nanoTime();
    answer(jobs.done(done, now), done.jobId(), done.attempt(), done.worker(), done.failure(), done.workerFault(), now);
  }

  void of(JobsDone done) {
    long[] ids = done.jobIds();
    int[] attempts = done.attempts();
    long now = System.nanoTime(); // one clock reading for the batch: its entries ended together
    for (int i = runs.take(done, 0, now); i < ids.length; i = runs.take(done, i + 1, now)) {
      String failure = done.failure(i);
      // A worker's fault always comes alone, as a JobDone: a batch's failures are never the worker's.
      answer(jobs.doneInBatch(ids[i], attempts[i], done.load(), failure != null, now), ids[i], attempts[i], done.worker(), failure, false, now);
    }
  }

  private void answer(AcceptedRequest r, long jobId, int attempt, String worker, String failure, boolean workerFault, long now) {
    if (r == null) {
      // A late answer for a job that was already re-dispatched or failed: it was answered once already.
      log.debug("ignored a late answer for job {} attempt {} from {}", jobId, attempt, worker);
      return;
    }
    budget.released(r);
    // A failure the worker did not cause is rejected (no other worker would run it); a worker's fault
    // may be retried elsewhere, and a hedge's losing copy is not answered at all.
    if (!resilience.answered(r, failure != null, workerFault, now)) return;
    if (failure != null) answers.reject(r.replyTo, r.requestId, failure);
    else answers.respond(r, r.worker, now);
  }
}
