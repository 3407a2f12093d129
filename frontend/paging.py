"""One way to page a list, for every app's views (`?page=` in the query string)."""

from django.core.paginator import Page, Paginator


def paginate(request, queryset, per_page=20) -> Page:
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
