"""Thin tasks: ids in, a service call, safe to run twice. Each runs in the schema that
queued it (tenant-schemas-celery)."""

from coopere.celery import app

from . import delivery


# A mail server that is down: try again later; emails already sent are never sent again.
@app.task(
    name="newsletter.send_newsletter_batch",
    autoretry_for=(OSError,),
    retry_backoff=60,
    max_retries=5,
)
def send_newsletter_batch(newsletter_id: int, member_ids: list[int]) -> int:
    return delivery.send_batch(newsletter_id=newsletter_id, member_ids=member_ids)
