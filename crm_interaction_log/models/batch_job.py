"""The loop of the scheduled jobs that work through many entries: batches of
a domain, oldest first, each committed (outside tests) with its progress
reported to the scheduler, so an interrupted run loses nothing and the next
run goes on with what is left."""

from .compat import cron_progress, running_tests


def process_in_batches(records, domain, batch_size, process):
    """Call ``process(batch)`` on the records of ``domain`` (searched on
    ``records``' model and environment), ``batch_size`` at a time, until none
    is left; ``process`` must take each batch out of ``domain``.

    :return: how many records were processed
    """
    env = records.env
    remaining = records.search_count(domain)
    done = 0
    auto_commit = not running_tests()
    while remaining:
        batch = records.search(domain, limit=batch_size, order="id")
        if not batch:
            break
        process(batch)
        done += len(batch)
        remaining = max(remaining - len(batch), 0)
        cron_progress(env, len(batch), done, remaining, commit=auto_commit)
        env.invalidate_all()
    return done
