from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .forms import LoginForm
from .models import User


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        # Partner staff land on their portal rather than on the public landing page.
        if self.request.user.kind == User.Kind.PARTNER:
            return "/partenaires/"
        return super().get_default_redirect_url()


class LogoutView(auth_views.LogoutView):
    template_name = "accounts/logged_out.html"


@login_required
def my_account(request):
    return render(request, "accounts/my_account.html")
