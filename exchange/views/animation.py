"""The animation space: what the Groupe d'Animation does, on a phone at a café."""

import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coopere.http import redirect_back
from exchange.access import animator_required, member_required
from frontend.forms import copy_errors
from frontend.paging import paginate
from tenants.hosts import network_url

from .. import selectors
from ..forms import AnswerForm, ModerationForm, RegistrationForm, ThemeForm
from ..models import Member, Message, Post, QuestionnaireAnswer, Theme
from ..services import moderation, registration, themes


@animator_required
def home(request):
    return render(
        request,
        "exchange/animation/home.html",
        {
            "member_count": Member.objects.filter(anonymised_at__isnull=True).count(),
            "unfinished": Member.objects.filter(
                anonymised_at__isnull=True, questionnaire_done_at__isnull=True
            ).order_by("-registered_at")[:10],
            "report_count": selectors.pending_reports().count(),
        },
    )


@animator_required
def member_list(request):
    everyone = Member.objects.filter(anonymised_at__isnull=True).select_related("user", "sponsor")
    return render(
        request,
        "exchange/animation/members.html",
        {
            "page": paginate(request, everyone, 50),
            "inactive": list(selectors.inactive_members()[:100]),
            "inactive_months": settings.COOPERE_INACTIVE_MONTHS,
        },
    )


@animator_required
def register(request):
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = registration.register_member(actor=request.member, **form.cleaned_data)
        except ValidationError as exc:
            copy_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s is registered. Now let's go through the themes together.")
                % {"name": member.display_name},
            )
            return redirect("exchange:questionnaire", pk=member.pk)
    return render(request, "exchange/animation/register.html", {"form": form})


def _can_accompany(request, member: Member) -> bool:
    me = request.member
    return me.pk == member.pk or me.is_animator or member.sponsor_id == me.pk


@member_required
def questionnaire(request, pk):
    """One theme per step; stops and resumes where it was left (questionnaire_step)."""
    member = get_object_or_404(Member, pk=pk, anonymised_at__isnull=True)
    if not _can_accompany(request, member):
        raise Http404
    all_themes = registration.questionnaire_themes()
    if not all_themes:
        raise Http404
    try:
        step = int(request.GET.get("etape", member.questionnaire_step))
    except ValueError:
        step = 0
    if step >= len(all_themes):
        return redirect("exchange:questionnaire_done", pk=member.pk)
    theme = all_themes[max(step, 0)]
    answer = QuestionnaireAnswer.objects.filter(member=member, theme=theme).first()
    form = AnswerForm(
        request.POST or None,
        initial={
            "can_offer": answer.can_offer if answer else False,
            "would_need": answer.would_need if answer else False,
            "interested": answer.interested if answer else False,
            "note": answer.note if answer else "",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            registration.save_answer(member=member, theme=theme, **form.cleaned_data)
        except ValidationError as exc:
            copy_errors(form, exc)
        else:
            if step + 1 >= len(all_themes):
                # The last answer's POST makes the drafts; the page after it only reads.
                registration.finish_questionnaire(member=member)
                return redirect("exchange:questionnaire_done", pk=member.pk)
            return redirect(f"{request.path}?etape={step + 1}")
    return render(
        request,
        "exchange/animation/questionnaire.html",
        {
            "member": member,
            "theme": theme,
            "form": form,
            "step": step,
            "number": step + 1,
            "total": len(all_themes),
            "previous": step - 1 if step > 0 else None,
        },
    )


@member_required
def questionnaire_done(request, pk):
    member = get_object_or_404(Member, pk=pk, anonymised_at__isnull=True)
    if not _can_accompany(request, member):
        raise Http404
    return render(
        request,
        "exchange/animation/questionnaire_done.html",
        {"member": member, "drafts": selectors.drafts_of(member)},
    )


def _qr_svg(url: str) -> str:
    # A viewBox and no fixed size: the card's CSS scales the code rather than crops it.
    return segno.make(url, error="m").svg_inline(scale=4, dark="#000", light="#fff", omitsize=True)


@require_POST
@animator_required
def welcome_card(request, pk):
    """Print a welcome card: a fresh one-time code (the previous card's stops working)."""
    member = get_object_or_404(
        Member.objects.select_related("user"), pk=pk, anonymised_at__isnull=True
    )
    try:
        code = registration.issue_activation_code(
            member=member, actor=request.member, confirmed=request.POST.get("confirm") == "oui"
        )
    except ValidationError as exc:
        if request.member.group_role == Member.GroupRole.PILOTE:  # asks to confirm first
            return render(request, "exchange/animation/confirm_card.html", {"member": member})
        messages.error(request, " ".join(exc.messages))
        return redirect("exchange:animation_member", pk=member.pk)
    url = registration.activation_url(code)
    expires = timezone.now() + timezone.timedelta(days=settings.COOPERE_ACTIVATION_DAYS)
    return render(
        request,
        "exchange/animation/welcome_card.html",
        {
            "member": member,
            "code": code,
            "short_url": network_url("/activer/"),  # what one types; the QR carries the code
            "qr": _qr_svg(url),
            "expires": expires,
        },
    )


@member_required
def sponsor_sheet(request, pk):
    """A paper sheet for an accompanied member: what matches their interests."""
    member = get_object_or_404(Member, pk=pk, anonymised_at__isnull=True)
    if not (member.sponsor_id == request.member.pk or request.member.is_animator):
        raise Http404
    return render(
        request,
        "exchange/animation/sponsor_sheet.html",
        {"member": member, "sheet": selectors.sheet_for(member), "today": timezone.localdate()},
    )


@animator_required
def moderation_queue(request):
    return render(
        request,
        "exchange/animation/moderation.html",
        {
            "reports": selectors.pending_reports(),
            "form": ModerationForm(),
            "decisions": selectors.moderation_history()[:30],
        },
    )


@require_POST
@animator_required
def moderate(request, kind, pk, action):
    target = (
        {"post": get_object_or_404(Post, pk=pk)}
        if kind == "annonce"
        else {"message": get_object_or_404(Message, pk=pk)}
    )
    form = ModerationForm(request.POST)
    try:
        note = form.cleaned_data["note"] if form.is_valid() else ""
        decide = moderation.hide_content if action == "masquer" else moderation.restore_content
        decide(actor=request.member, note=note, **target)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Decision recorded; the author is told."))
    return redirect_back(request, "exchange:moderation")


@animator_required
def theme_list(request):
    form = ThemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            themes.add_theme(actor=request.member, **form.cleaned_data)
        except ValidationError as exc:
            copy_errors(form, exc)
        else:
            messages.success(request, _("Theme added."))
            return redirect("exchange:themes")
    return render(
        request, "exchange/animation/themes.html", {"themes": Theme.objects.all(), "form": form}
    )


@require_POST
@animator_required
def theme_action(request, pk, action):
    theme = get_object_or_404(Theme, pk=pk)
    try:
        if action == "retirer":
            themes.retire_theme(actor=request.member, theme=theme)
        elif action == "retablir":
            themes.restore_theme(actor=request.member, theme=theme)
        elif action == "renommer":
            themes.rename_theme(
                actor=request.member,
                theme=theme,
                name=request.POST.get("name", ""),
                description=request.POST.get("description"),
            )
        elif action in ("monter", "descendre"):
            ids = list(Theme.objects.values_list("pk", flat=True))
            i = ids.index(theme.pk)
            j = i - 1 if action == "monter" else i + 1
            if 0 <= j < len(ids):
                ids[i], ids[j] = ids[j], ids[i]
                themes.reorder_themes(actor=request.member, theme_ids=ids)
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("exchange:themes")


@require_POST
@animator_required
def member_settings(request, pk):
    """The members list's older form: the same confirmation and rules as the member's page."""
    from .roles import change_role, change_sponsor

    member = get_object_or_404(Member, pk=pk, anonymised_at__isnull=True)
    if "group_role" in request.POST:
        return change_role(request, member, request.POST["group_role"])
    if "sponsor" in request.POST:
        return change_sponsor(request, member, request.POST["sponsor"])
    return redirect("exchange:animation_member", pk=member.pk)
