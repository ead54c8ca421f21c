"""allauth's texts in formal German ("Sie"): message ids for our own catalogue.

django-allauth ships a German catalogue that addresses users informally ("du", "dein",
"Bitte gib ... ein"); this platform addresses them formally. Rather than fork allauth's
templates, the message ids it shows on this site (sign-up, login, e-mail confirmation,
password reset and change, e-mail management, flash messages and its e-mails) are
listed here with ``gettext_noop``, so that ``make messages`` keeps them in
quartiersnetz/locale. Translations in LOCALE_PATHS take precedence over app catalogues,
so the formal German in quartiersnetz/locale/de wins over allauth's own; the English
catalogue leaves these entries empty, which falls back to allauth's English.

The ids are copied byte for byte from allauth's locale/de/LC_MESSAGES/django.po (the
tests check that allauth still uses every one of them: after an allauth upgrade, copy
changed ids again). Nothing imports this module at run time.

Only texts whose allauth German is informal are listed, plus a few that read oddly next
to them (spelling "Email", e-mail greeting and signature, clumsy phrasing). Parts of
allauth this site does not install (socialaccount, mfa, idp, usersessions) are left out.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

ALLAUTH_MESSAGES: tuple[str, ...] = (
    # allauth/account/adapter.py, forms.py (form errors and messages)
    gettext_noop("You cannot remove your primary email address."),
    gettext_noop("Please type your current password."),
    gettext_noop("You cannot add more than %d email addresses."),
    gettext_noop("Too many failed login attempts. Try again later."),
    gettext_noop("Your primary email address must be verified."),
    gettext_noop("Username can not be used. Please use other username."),
    gettext_noop("Please select only one."),
    gettext_noop("The new value must be different from the current one."),
    gettext_noop("Be patient, you are sending too many requests."),
    gettext_noop("You must type the same password each time."),
    gettext_noop("You must type the same email each time."),
    # templates/account/*.html
    gettext_noop("Email Address"),
    gettext_noop("Change Email"),
    gettext_noop("Re-send Verification"),
    gettext_noop("Do you really want to remove the selected email address?"),
    gettext_noop("Your email address is still pending verification."),
    gettext_noop("Your phone number is still pending verification."),
    gettext_noop(
        'Please confirm that <a href="mailto:%(email)s">%(email)s</a> is an email address '
        "for user %(user_display)s."
    ),
    gettext_noop(
        "Unable to confirm %(email)s because it is already confirmed by a different account."
    ),
    gettext_noop(
        "This email confirmation link expired or is invalid. Please <a "
        'href="%(email_url)s">issue a new email confirmation request</a>.'
    ),
    gettext_noop(
        "If you have not created an account yet, then please %(link)ssign up%(end_link)s first."
    ),
    gettext_noop("Already have an account? Then please %(link)ssign in%(end_link)s."),
    gettext_noop("Are you sure you want to sign out?"),
    gettext_noop(
        "Forgotten your password? Enter your email address below, and we'll send you an "
        "email allowing you to reset it."
    ),
    gettext_noop("Please contact us if you have any trouble resetting your password."),
    gettext_noop(
        "We have sent you an email. If you have not received it please check your spam "
        "folder. Otherwise contact us if you do not receive it in a few minutes."
    ),
    gettext_noop(
        "The password reset link was invalid, possibly because it has already been used.  "
        'Please request a <a href="%(passwd_reset_url)s">new password reset</a>.'
    ),
    gettext_noop("Your password is now changed."),
    gettext_noop("Note"),
    gettext_noop("You are already logged in as %(user_display)s."),
    gettext_noop(
        "You currently do not have any email address set up. You should really add an email "
        "address so you can receive notifications, reset your password, etc."
    ),
    gettext_noop("Verify Your Email Address"),
    gettext_noop(
        "We have sent an email to you for verification. Follow the link provided to "
        "finalize the signup process. If you do not see the verification email in your main "
        "inbox, check your spam folder. Please contact us if you do not receive the "
        "verification email within a few minutes."
    ),
    gettext_noop(
        "This part of the site requires us to verify that\n"
        "you are who you claim to be. For this purpose, we require that you\n"
        "verify ownership of your email address. "
    ),
    gettext_noop(
        "We have sent an email to you for\n"
        "verification. Please click on the link inside that email. If you do not see the "
        "verification email in your main inbox, check your spam folder. Otherwise\n"
        "contact us if you do not receive it within a few minutes."
    ),
    gettext_noop(
        '<strong>Note:</strong> you can still <a href="%(email_url)s">change your email '
        "address</a>."
    ),
    # templates/account/messages/*.txt (flash messages)
    gettext_noop("You cannot remove your primary email address (%(email)s)."),
    gettext_noop("You have confirmed %(email)s."),
    gettext_noop("Removed email address %(email)s."),
    gettext_noop("You have signed out."),
    gettext_noop("Primary email address set."),
    # templates/account/email/*.txt (e-mails)
    # Translators: greeting and closing of all allauth e-mails. Without django.contrib.sites
    # the "site name" is the host name, so the German ("Guten Tag," and "Ihr
    # Quartiersnetz-Team") leaves it out; no-python-format lets msgfmt accept that (an unused
    # name is harmless when Django fills in the placeholders).
    # xgettext:no-python-format
    gettext_noop("Hello from %(site_name)s!"),
    # Translators: see the greeting above.
    # xgettext:no-python-format
    gettext_noop("Thank you for using %(site_name)s!\n%(site_domain)s"),
    gettext_noop(
        "If you do not recognize this change then please take proper security precautions "
        "immediately. The change to your account originates from:\n"
        "\n"
        "- IP address: %(ip)s\n"
        "- Browser: %(user_agent)s\n"
        "- Date: %(timestamp)s"
    ),
    gettext_noop(
        "You are receiving this email because you or someone else tried to signup for an\n"
        "account using email address:\n"
        "\n"
        "%(email)s\n"
        "\n"
        "However, an account using that email address already exists.  In case you have\n"
        "forgotten about this, please use the password forgotten procedure to recover\n"
        "your account:\n"
        "\n"
        "%(password_reset_url)s"
    ),
    gettext_noop(
        "You're receiving this email because user %(user_display)s has given your email "
        "address to register an account on %(site_domain)s."
    ),
    gettext_noop("To confirm this is correct, go to %(activate_url)s"),
    gettext_noop("Please Confirm Your Email Address"),
    gettext_noop("Your password has been changed."),
    gettext_noop(
        "You're receiving this email because you or someone else has requested a password "
        "reset for your user account.\n"
        "It can be safely ignored if you did not request a password reset. Click the link "
        "below to reset your password."
    ),
    gettext_noop("In case you forgot, your username is %(username)s."),
    gettext_noop(
        "You are receiving this email because you, or someone else, tried to access an "
        "account with email %(email)s. However, we do not have any record of such an "
        "account in our database."
    ),
    gettext_noop("If it was you, you can sign up for an account using the link below."),
)
