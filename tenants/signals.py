"""Drop cached host lookups whenever a network or one of its domains changes."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from .hosts import forget_hosts
from .models import Domain, Network


def _forget_now_and_on_commit(*hostnames):
    # Now, for this transaction's own reads; on commit, so a concurrent request that
    # re-cached the old answer before we committed does not keep it.
    forget_hosts(*hostnames)
    transaction.on_commit(lambda: forget_hosts(*hostnames))


@receiver(pre_save, sender=Domain)
def remember_old_domain(sender, instance, **kwargs):
    if instance.pk:
        instance._old_domain = (
            Domain.objects.filter(pk=instance.pk).values_list("domain", flat=True).first()
        )


@receiver(post_save, sender=Domain)
@receiver(post_delete, sender=Domain)
def domain_changed(sender, instance, **kwargs):
    _forget_now_and_on_commit(instance.domain, getattr(instance, "_old_domain", None))


@receiver(post_save, sender=Network)
@receiver(post_delete, sender=Network)
def network_changed(sender, instance, **kwargs):
    hostnames = list(Domain.objects.filter(tenant_id=instance.pk).values_list("domain", flat=True))
    if hostnames:
        _forget_now_and_on_commit(*hostnames)
