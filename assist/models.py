"""What the assistant keeps: a fingerprint per statement and the clusters of similar concern.
Both are derived from the statement's text and go with it (CASCADE); nothing else is stored."""

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    import numpy as np


class Fingerprint(models.Model):
    """The statement's MinHash signature, so a new statement is compared with the others
    without reading their texts again."""

    statement = models.OneToOneField(
        "cms.Statement",
        on_delete=models.CASCADE,
        related_name="fingerprint",
        verbose_name=_("statement"),
    )
    signature = models.BinaryField(_("signature"))
    # Short texts need a closer match (assist/engine.py, SHORT_TEXT).
    word_pairs = models.PositiveIntegerField(_("word pairs"), default=0)

    class Meta:
        verbose_name = _("fingerprint")
        verbose_name_plural = _("fingerprints")

    def __str__(self) -> str:
        return str(self.statement)

    @staticmethod
    def pack(signature: "np.ndarray") -> bytes:
        return signature.astype("<u4").tobytes()

    @staticmethod
    def unpack(data: bytes) -> "np.ndarray":
        # Imported here, as assist.engine: NumPy costs every process of the portal 70 ms at start.
        import numpy as np

        return np.frombuffer(bytes(data), dtype="<u4")

    def fits(self) -> bool:
        from assist import engine

        return len(bytes(self.signature)) == engine.NUM_PERM * 4


class Concern(models.Model):
    """Statements of one procedure that raise a similar concern in different words: a
    suggestion for the planner, recomputed as a whole by ``group_statements`` and by the
    hourly schedule when the procedure's statements change (``ConcernRun``)."""

    procedure = models.ForeignKey(
        "cms.ProcedurePage",
        on_delete=models.CASCADE,
        related_name="concerns",
        verbose_name=_("procedure"),
    )
    terms = models.CharField(
        _("characteristic words"), max_length=200, blank=True, help_text=_("Word stems.")
    )
    method = models.CharField(_("method"), max_length=20, default="lsa")
    statements = models.ManyToManyField(
        "cms.Statement",
        through="ConcernMembership",
        related_name="concerns",
        verbose_name=_("statements"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["procedure", "id"]
        verbose_name = _("similar concern")
        verbose_name_plural = _("similar concerns")

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"A-{self.pk}"


class ConcernMembership(models.Model):
    """A statement in a concern cluster; a statement may share concerns with several."""

    concern = models.ForeignKey(
        Concern, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("concern")
    )
    statement = models.ForeignKey(
        "cms.Statement",
        on_delete=models.CASCADE,
        related_name="concern_memberships",
        verbose_name=_("statement"),
    )

    class Meta:
        verbose_name = _("membership in a similar concern")
        verbose_name_plural = _("memberships in similar concerns")
        constraints = [
            models.UniqueConstraint(
                fields=["concern", "statement"], name="assist_concern_member_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.concern} · {self.statement}"


class ConcernRun(models.Model):
    """When a procedure's concerns were last computed and from how many statements, so the
    schedule recomputes only procedures whose statements changed since."""

    procedure = models.OneToOneField(
        "cms.ProcedurePage",
        on_delete=models.CASCADE,
        related_name="concern_run",
        verbose_name=_("procedure"),
    )
    statements = models.PositiveIntegerField(_("statements"), default=0)
    finished_at = models.DateTimeField(_("finished"))

    class Meta:
        verbose_name = _("computation of similar concerns")
        verbose_name_plural = _("computations of similar concerns")

    def __str__(self) -> str:
        return f"{self.procedure_id}: {self.statements}"
