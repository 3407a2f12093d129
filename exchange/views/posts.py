from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from exchange.access import acting_for, member_required
from frontend.forms import copy_errors
from frontend.paging import paginate

from .. import selectors
from ..forms import InterestForm, ModerationForm, NewPostForm, PostFilterForm, PostForm, ReportForm
from ..models import Connection, Post
from ..services import connections, moderation, posts


@member_required
def post_list(request):
    form = PostFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    results = selectors.browse_posts(
        theme=filters.get("theme").pk if filters.get("theme") else None,
        kind=filters.get("kind") or None,
        status=filters.get("status") or None,
        q=(filters.get("q") or "").strip() or None,
    )
    page = paginate(request, results)
    querystring = request.GET.copy()
    querystring.pop("page", None)
    return render(
        request,
        "exchange/post_list.html",
        {"form": form, "page": page, "querystring": querystring.urlencode()},
    )


def _fields(form: PostForm) -> dict:
    return {name: form.cleaned_data.get(name) for name in PostForm.base_fields}


@member_required
def post_create(request):
    """A new post, for the user or (their sponsor writing) for a neighbour they accompany:
    `?pour=<id>` (the link on the neighbour's page) picks them, the "Pour" choice changes it.
    Anyone else's id answers 404 and nothing is written."""
    me = request.member
    # On POST only the form's choice counts (not the ?pour= the page was opened with).
    pour = request.POST.get("pour") if request.method == "POST" else request.GET.get("pour")
    author = acting_for(request, pour)
    sponsored = list(me.sponsored.filter(anonymised_at__isnull=True))
    form = NewPostForm(
        request.POST or None,
        request.FILES or None,
        initial={"kind": "offer", "pour": author.pk},
        me=me,
        sponsored=sponsored,
    )
    if request.method == "POST" and form.is_valid():
        try:
            post = posts.create_post(actor=me, author=author, **_fields(form))
        except ValidationError as exc:
            copy_errors(form, exc)
        else:
            if post.acted_by:
                done = _("The post is published for %(name)s. Matching neighbours are told.")
                messages.success(request, done % {"name": author.display_name})
            else:
                messages.success(
                    request, _("Your post is published. Matching neighbours are told.")
                )
            return redirect("exchange:post_detail", pk=post.pk)
    return render(request, "exchange/post_form.html", {"form": form, "author": author})


def _visible_post(request, pk) -> Post:
    post = get_object_or_404(Post.objects.select_related("theme", "author", "acted_by"), pk=pk)
    try:
        posts.check_visible(post, request.member)
    except PermissionDenied as exc:
        raise Http404 from exc
    return post


@member_required
def post_detail(request, pk):
    post = _visible_post(request, pk)
    mine = post.author_id == request.member.pk or post.author.sponsor_id == request.member.pk
    my_connection = Connection.objects.filter(post=post, requester=request.member).first()
    return render(
        request,
        "exchange/post_detail.html",
        {
            "post": post,
            "mine": mine,
            "can_edit": mine or request.member.is_animator,
            "my_connection": my_connection,
            "interest_form": InterestForm(),
            "report_form": ReportForm(),
            "moderation_form": ModerationForm(),
            "statuses": [
                (v, label)
                for v, label in Post.Status.choices
                if v in posts.ALLOWED_STATUS.get(post.status, ())
            ],
            "sponsored": list(request.member.sponsored.all()),
        },
    )


@member_required
def post_edit(request, pk):
    post = _visible_post(request, pk)
    form = PostForm(
        request.POST or None,
        request.FILES or None,
        initial={
            "kind": post.kind,
            "title": post.title,
            "theme": post.theme,
            "description": post.description,
            "availability": post.availability,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            posts.update_post(actor=request.member, post=post, **_fields(form))
        except PermissionDenied:
            raise
        except ValidationError as exc:
            copy_errors(form, exc)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect("exchange:post_detail", pk=post.pk)
    return render(
        request, "exchange/post_form.html", {"form": form, "post": post, "author": post.author}
    )


@require_POST
@member_required
def post_status(request, pk):
    post = _visible_post(request, pk)
    try:
        posts.set_post_status(
            actor=request.member, post=post, status=request.POST.get("status", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Status changed: %(status)s.") % {"status": post.get_status_display()}
        )
    return redirect("exchange:post_detail", pk=post.pk)


@require_POST
@member_required
def post_interest(request, pk):
    post = _visible_post(request, pk)
    member = acting_for(request, request.POST.get("pour"))
    form = InterestForm(request.POST)
    form.is_valid()
    try:
        connection = connections.express_interest(
            actor=request.member,
            member=member,
            post=post,
            message=form.cleaned_data.get("message", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("exchange:post_detail", pk=post.pk)
    messages.success(request, _("Your neighbour is told. Carry on the conversation here."))
    return redirect("exchange:connection_detail", pk=connection.pk)


@require_POST
@member_required
def post_report(request, pk):
    post = _visible_post(request, pk)
    form = ReportForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({"reason": [_("Say briefly why you are reporting this.")]})
        moderation.report_content(
            actor=request.member, post=post, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Thank you. The Groupe d'Animation will look at it."))
    return redirect("exchange:post_detail", pk=post.pk)
