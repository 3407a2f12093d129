"""Every exchange task run twice (a retry, a duplicated delivery), directly, in the same
schema with the same arguments: one effect."""

from exchange import tasks
from exchange.models import ActivationCode, Member, Notification
from exchange.services import matching
from tests.inline_tasks import run_inline

from .factories import MemberFactory


def test_the_activation_email_is_sent_once(in_a, as_tenant, network_a, mailoutbox):
    rose = MemberFactory(user__email="rose@exemple.test")
    with as_tenant(network_a):
        assert tasks.send_activation_email(rose.pk) is True
        assert tasks.send_activation_email(rose.pk) is False
    assert [m.to for m in mailoutbox] == [["rose@exemple.test"]]
    codes = ActivationCode.objects.filter(member=rose, channel=ActivationCode.Channel.EMAIL)
    # One live code: the emailed one still opens the account.
    assert codes.count() == 1 and codes.get().used_at is None


def test_an_account_notice_is_emailed_once(rose, as_tenant, network_a, mailoutbox):
    notice = Notification.objects.create(
        member=rose,
        kind=Notification.Kind.ACTIVATION,
        text="Votre carte a été réimprimée.",
        dedupe_key="test:notice",
    )
    with as_tenant(network_a):
        assert tasks.send_account_notice(notice.pk) is True
        assert tasks.send_account_notice(notice.pk) is False
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [rose.user.email]


def _notify(member, n):
    for i in range(n):
        matching.notify(
            member, kind=Notification.Kind.MESSAGE, text=f"Nouvelle {i}", dedupe_key=f"t:{i}"
        )


def test_immediate_emails_are_sent_once(paul, as_tenant, network_a, mailoutbox):
    paul.notification_mode = Member.Digest.IMMEDIATE
    paul.save()
    _notify(paul, 2)
    with as_tenant(network_a):
        assert tasks.send_immediate_emails(paul.pk) == 2
        assert tasks.send_immediate_emails(paul.pk) == 0
    assert len(mailoutbox) == 1


def test_the_daily_digest_beat_twice_sends_one_digest(
    paul, zoe, as_tenant, network_a, monkeypatch, mailoutbox
):
    _notify(paul, 2)
    _notify(zoe, 1)
    ran = run_inline(monkeypatch, tasks.send_daily_digests)
    tasks.dispatch_daily_digests()
    tasks.dispatch_daily_digests()
    assert ran.count(network_a.schema_name) == 2
    assert sorted(m.to[0] for m in mailoutbox) == sorted([paul.user.email, zoe.user.email])
    assert "http://reseau-a." in mailoutbox[0].body
