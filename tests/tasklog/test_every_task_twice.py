"""Every task of ours is retried (test_failed_tasks) and safe to run twice: each has a
test that runs it twice, directly, in the same schema with the same arguments, and finds
one effect. A new task without such a test fails here: add one and list it below."""

from pathlib import Path

from coopere.celery import app

TESTS = Path(__file__).resolve().parents[1]

RUN_TWICE = {
    "billing.lapse_subscriptions": (
        "billing/test_subscriptions.py::test_lapse_task_marks_manual_subscriptions_past_their_end"
    ),
    "billing.dispatch_chorus_refreshes": (
        "billing/test_chorus.py::test_the_daily_refresh_asks_only_about_deposits_in_progress"
    ),
    "billing.refresh_chorus_deposit": (
        "billing/test_chorus.py::test_the_daily_refresh_asks_only_about_deposits_in_progress"
    ),
    "billing.dispatch_invoice_reminders": (
        "billing/test_invoice_sending.py::"
        "test_reminders_go_at_15_and_30_days_once_each_with_the_charges"
    ),
    "billing.send_credit_note_email": (
        "billing/test_invoice_sending.py::"
        "test_an_operator_sends_the_credit_note_with_its_own_facturx_pdf"
    ),
    "billing.send_invoice_email": (
        "billing/test_invoice_sending.py::"
        "test_an_operator_sends_the_invoice_to_billing_contacts_with_its_facturx_pdf"
    ),
    "billing.send_invoice_reminder": (
        "billing/test_invoice_sending.py::test_the_reminder_task_twice_sends_one_email"
    ),
    "cafes.dispatch_cafe_reminders": (
        "cafes/test_tasks_twice.py::test_the_reminder_beat_twice_reminds_each_member_once"
    ),
    "cafes.send_cafe_change_emails": (
        "cafes/test_changes.py::test_a_new_time_and_place_reach_everyone_who_answered_once"
    ),
    "cafes.send_cafe_reminders": (
        "cafes/test_reminders.py::test_reminders_go_once_to_the_right_members"
    ),
    "coaching.check_network_health": (
        "coaching/test_health.py::test_running_twice_gives_the_same_alerts"
    ),
    "coaching.dispatch_health_checks": (
        "coaching/test_tasks_twice.py::test_the_health_beat_twice_gives_the_same_alerts"
    ),
    "coaching.dispatch_weekly_digests": (
        "coaching/test_digest.py::test_each_coach_gets_one_digest_per_week"
    ),
    "coaching.send_coach_digest": (
        "coaching/test_digest.py::test_each_coach_gets_one_digest_per_week"
    ),
    "coaching.send_training_invitation": (
        "coaching/test_tasks_twice.py::test_a_training_invitation_task_twice_sends_one_email"
    ),
    "exchange.dispatch_daily_digests": (
        "exchange/test_tasks_twice.py::test_the_daily_digest_beat_twice_sends_one_digest"
    ),
    "exchange.notify_matches": (
        "exchange/test_matching.py::test_matching_twice_tells_nobody_twice"
    ),
    "exchange.send_account_notice": (
        "exchange/test_tasks_twice.py::test_an_account_notice_is_emailed_once"
    ),
    "exchange.send_activation_email": (
        "exchange/test_tasks_twice.py::test_the_activation_email_is_sent_once"
    ),
    "exchange.send_daily_digests": (
        "exchange/test_matching.py::test_the_digest_task_covers_every_member_due_one"
    ),
    "exchange.send_immediate_emails": (
        "exchange/test_tasks_twice.py::test_immediate_emails_are_sent_once"
    ),
    "impact.dispatch_snapshots": (
        "impact/test_tasks_twice.py::test_the_nightly_beat_twice_keeps_one_row_per_network"
    ),
    "impact.write_snapshot": (
        "impact/test_tasks_twice.py::test_writing_a_snapshot_twice_keeps_one_row"
    ),
    "newsletter.send_newsletter_batch": (
        "newsletter/test_sending.py::test_each_member_gets_exactly_one_email_when_batches_run_twice"
    ),
    "tenants.dispatch_member_recounts": (
        "test_tasks_twice.py::test_the_recount_beat_twice_gives_the_same_counts"
    ),
    "tenants.recount_members": "test_tasks_twice.py::test_recounting_twice_gives_the_same_count",
    "tenants.refill_network_pool": (
        "test_tasks_twice.py::test_refilling_the_pool_twice_keeps_its_size"
    ),
}


def test_every_task_has_a_run_twice_test():
    app.autodiscover_tasks(force=True)
    ours = {name for name in app.tasks if not name.startswith("celery.")}
    assert ours == set(RUN_TWICE), (
        f"without a run-twice test: {sorted(ours - set(RUN_TWICE))}; "
        f"gone: {sorted(set(RUN_TWICE) - ours)}"
    )
    for name, node in RUN_TWICE.items():
        path, function = node.split("::")
        assert f"def {function}(" in (TESTS / path).read_text(), (name, node)
