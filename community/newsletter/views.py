"""Newsletter pages. The group composes, previews, sends and prints (`animator_required`);
every member reads the archive; the unsubscribe link works without logging in."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from exchange.access import animator_required, member_required
from frontend.forms import copy_errors

from . import selectors, services
from .forms import NewsletterForm
from .models import Newsletter, NewsletterOptOut
from .sanitise import readable
from .tokens import member_for_token


@animator_required
def issue_list(request):
    return render(request, "newsletter/list.html", {"issues": selectors.all_issues()})


@animator_required
def compose(request):
    form = NewsletterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            newsletter = services.compose_newsletter(actor=request.member, **form.cleaned_data)
        except ValidationError as exc:
            copy_errors(form, exc)
        else:
            messages.success(request, _("The draft is saved. Read it again before sending."))
            return redirect("newsletter:preview", pk=newsletter.pk)
    return render(request, "newsletter/form.html", {"form": form, "title": _("Write a newsletter")})


@animator_required
def edit(request, pk):
    newsletter = get_object_or_404(Newsletter, pk=pk)
    if newsletter.status != Newsletter.Status.DRAFT:
        messages.error(request, _("This newsletter has already been sent: it cannot change."))
        return redirect("newsletter:preview", pk=pk)
    form = NewsletterForm(
        request.POST or None,
        initial={"subject": newsletter.subject, "body_html": readable(newsletter.body_html)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_newsletter(
                actor=request.member, newsletter=newsletter, **form.cleaned_data
            )
        except ValidationError as exc:
            copy_errors(form, exc)
        else:
            messages.success(request, _("The draft is saved."))
            return redirect("newsletter:preview", pk=pk)
    return render(
        request,
        "newsletter/form.html",
        {"form": form, "newsletter": newsletter, "title": _("Change the newsletter")},
    )


@animator_required
def preview(request, pk):
    newsletter = get_object_or_404(Newsletter, pk=pk)
    return render(
        request,
        "newsletter/preview.html",
        {
            "newsletter": newsletter,
            "preview": services.preview_newsletter(newsletter=newsletter),
            "email_count": selectors.email_recipients().count(),
            "paper_count": selectors.paper_recipients()["count"],
            "delivered": newsletter.deliveries.filter(sent_at__isnull=False).count(),
        },
    )


@require_POST
@animator_required
def send(request, pk):
    newsletter = get_object_or_404(Newsletter, pk=pk)
    try:
        n = services.send_newsletter(actor=request.member, newsletter=newsletter)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if not n:
            messages.success(request, _("The newsletter is in the archive. Nobody has an email."))
            return redirect("newsletter:preview", pk=pk)
        messages.success(
            request,
            ngettext(
                "The newsletter is on its way to %(n)d member.",
                "The newsletter is on its way to %(n)d members.",
                n,
            )
            % {"n": n},
        )
    return redirect("newsletter:preview", pk=pk)


@require_POST
@animator_required
def resume(request, pk):
    newsletter = get_object_or_404(Newsletter, pk=pk)
    try:
        services.resume_sending(actor=request.member, newsletter=newsletter)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The emails not sent yet are on their way again."))
    return redirect("newsletter:preview", pk=pk)


@animator_required
def print_edition(request, pk):
    newsletter = get_object_or_404(Newsletter, pk=pk)
    return render(
        request,
        "newsletter/print.html",
        {
            "newsletter": newsletter,
            "paper": selectors.paper_recipients(),
            "today": timezone.localdate(),
        },
    )


@member_required
def archive(request):
    return render(
        request,
        "newsletter/archive.html",
        {
            "issues": selectors.archive(),
            "opted_out": NewsletterOptOut.objects.filter(member=request.member).exists(),
        },
    )


@member_required
def archive_issue(request, pk):
    newsletter = get_object_or_404(selectors.archive(), pk=pk)
    return render(request, "newsletter/issue.html", {"newsletter": newsletter})


@require_POST
@member_required
def subscription(request):
    if request.POST.get("email") == "oui":
        services.resubscribe(member=request.member)
        messages.success(request, _("You will receive the newsletter by email again."))
    else:
        services.unsubscribe(member=request.member)
        messages.success(request, _("You will no longer receive the newsletter by email."))
    return redirect("newsletter:archive")


# No login (the link comes from an email) and no CSRF token: the signed token is the
# proof, and mail apps' one-click unsubscribe (RFC 8058) posts without one.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    member = member_for_token(token)
    if member is None:
        return render(request, "newsletter/unsubscribe_invalid.html", status=404)
    if request.method == "POST":
        services.unsubscribe(member=member)
        return render(request, "newsletter/unsubscribe.html", {"done": True})
    return render(request, "newsletter/unsubscribe.html", {"member": member, "done": False})
