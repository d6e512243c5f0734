"""Second factor helpers (django-otp): TOTP keys and their QR code, recovery codes, and checking
a code with django-otp's throttling (each failure doubles the wait before the next try).

Pure helpers and reads; the writes (enable, disable, regenerate) are in ``services``.
"""

from __future__ import annotations

import re
import time
from base64 import b32encode
from binascii import unhexlify
from dataclasses import dataclass
from datetime import datetime

import django_otp
import segno
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "Application d'authentification"
RECOVERY_DEVICE_NAME = "Codes de secours"
# Session keys: the key being set up (before confirmation), codes or secrets shown once.
SETUP_KEY_SESSION = "comptes_totp_setup_key"
RECOVERY_CODES_SESSION = "comptes_recovery_codes"

_SEPARATORS = re.compile(r"[\s\-]+")


def new_key() -> str:
    """A new random TOTP key, hex-encoded (20 bytes, as django-otp stores it)."""
    return random_hex(20)


def config_url(user, key: str) -> str:
    """The otpauth:// URL an authenticator app reads from the QR code."""
    return TOTPDevice(user=user, key=key).config_url


def base32_secret(key: str) -> str:
    """The key as authenticator apps expect it for manual entry, in groups of four."""
    secret = b32encode(unhexlify(key)).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(data: str) -> str:
    """The QR code as inline SVG, rendered on the server (no script, no external request)."""
    qr = segno.make(data, error="m", micro=False)
    return qr.svg_inline(scale=5, border=2, dark="#000", light="#fff", svgclass="qr-code")


def match_new_key(key: str, code: str) -> int | None:
    """Check a code against a key not yet saved; return the matched time step, or None."""
    code = normalise_code(code)
    if not code.isdigit():
        return None
    totp = TOTP(unhexlify(key), step=30, t0=0, digits=6, drift=0)
    totp.time = time.time()
    if totp.verify(int(code), tolerance=1):
        return totp.t()
    return None


def normalise_code(code: str) -> str:
    """Codes are typed with spaces or dashes ("123 456", "abcd-efgh"); compare them bare."""
    return _SEPARATORS.sub("", code or "").lower()


def has_device(user) -> bool:
    return django_otp.user_has_device(user, confirmed=True)


def totp_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def new_recovery_codes() -> list[str]:
    codes: set[str] = set()
    while len(codes) < RECOVERY_CODE_COUNT:
        codes.add(StaticToken.random_token())
    return sorted(codes)


@dataclass
class CodeCheck:
    """The outcome of checking a code: the device that accepted it, or why it was refused."""

    device: Device | None = None
    recovery: bool = False
    locked_until: datetime | None = None
    failures: int = 0

    @property
    def ok(self) -> bool:
        return self.device is not None

    @property
    def message(self) -> str:
        if self.ok:
            return ""
        if self.locked_until is not None:
            when = formats.time_format(timezone.localtime(self.locked_until), "H:i:s")
            return _(
                "Trop de codes erronés : par sécurité, attendez %(when)s avant de réessayer. "
                "Chaque nouvelle erreur double ce délai."
            ) % {"when": when}
        if self.recovery:
            text = _("Ce code de secours est incorrect ou a déjà été utilisé.")
        else:
            text = _(
                "Code incorrect. Saisissez le code à 6 chiffres affiché actuellement par votre "
                "application (vérifiez que l'heure de votre téléphone est exacte)."
            )
        if self.failures >= 2:
            text += " " + _(
                "%(count)s erreurs de suite : le délai imposé avant un nouvel essai double à "
                "chaque erreur."
            ) % {"count": self.failures}
        return text


def check_code(user, code: str) -> CodeCheck:
    """Check a TOTP code (6 digits) or a recovery code for ``user``, honouring throttling.

    A recovery code is consumed when it matches. Nothing is journaled here (see services).
    """
    code = normalise_code(code)
    recovery = not (code.isdigit() and len(code) == 6)
    model = StaticDevice if recovery else TOTPDevice
    device = model.objects.devices_for_user(user, confirmed=True).first()
    if device is None or not code:
        return CodeCheck(recovery=recovery)
    allowed, info = device.verify_is_allowed()
    if not allowed:
        return CodeCheck(recovery=recovery, locked_until=(info or {}).get("locked_until"),
                         failures=device.throttling_failure_count)
    matched = django_otp.verify_token(user, device.persistent_id, code)
    if matched is not None:
        return CodeCheck(device=matched, recovery=recovery)
    device.refresh_from_db()
    return CodeCheck(recovery=recovery, failures=device.throttling_failure_count)
