"""Thin tasks: ids in, a service call, safe to run twice. Each runs in the schema that
queued it (tenant-schemas-celery)."""

from coopere.celery import RETRY_POLICY, app

from . import delivery


# A mail server that is down: try again later; emails already sent are never sent again.
@app.task(name="newsletter.send_newsletter_batch", **RETRY_POLICY)
def send_newsletter_batch(newsletter_id: int, member_ids: list[int]) -> int:
    return delivery.send_batch(newsletter_id=newsletter_id, member_ids=member_ids)
