"""Comments on any page, with supports, flags, moderation and follows; the dialogue page.

Counters (replies, supports, flags) are stored on the comment and recomputed in the
same transaction as the write that changes them, so a thread of thousands of comments
is listed without counting anything at read time.
"""

import datetime

from django.conf import settings
from django.db import models, transaction
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.template.defaultfilters import linebreaksbr, urlize
from django.utils import formats, timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from beteiligung.api_serializers import OrganisationSerializer
from cms.models import CommentPolicy, OrganisationPage

COMMENT_MAX_LENGTH = 2000
# Replies are shown up to this depth; a reply to a comment at this depth becomes its sibling.
MAX_DEPTH = 3


def one_year_from_today() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=365)


def two_years_from_today() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=730)


class ModerationMode(models.TextChoices):
    POST = "post", _("Post-moderation: comments appear at once")
    PRE = "pre", _("Pre-moderation: comments appear after approval")


def policy_for(page: Page) -> CommentPolicy:
    specific = page.specific
    method = getattr(specific, "comment_policy", None)
    return method() if method else CommentPolicy()


class DialoguePage(OrganisationPage):
    question = models.CharField(_("question"), max_length=300)
    introduction = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"]
    )
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(
        _("closes at"),
        null=True,
        blank=True,
        help_text=_("After this moment the dialogue can still be read but not commented on."),
    )
    moderation = models.CharField(
        _("moderation"), max_length=8, choices=ModerationMode.choices, default=ModerationMode.POST
    )
    edit_window_minutes = models.PositiveSmallIntegerField(
        _("edit window (minutes)"),
        default=15,
        help_text=_("How long authors may edit their own comment after posting it."),
    )
    flag_threshold = models.PositiveSmallIntegerField(
        _("reports before hiding"),
        default=3,
        help_text=_("A comment reported this many times is hidden until a moderator reviews it."),
    )

    parent_page_types = ["cms.HomePage", "cms.ProcedurePage"]
    subpage_types: list[str] = []

    content_panels = Page.content_panels + [
        FieldPanel("organisation"),
        FieldPanel("question"),
        FieldPanel("introduction"),
        MultiFieldPanel(
            [FieldPanel("opens_at"), FieldPanel("closes_at")], heading=_("Participation period")
        ),
        MultiFieldPanel(
            [
                FieldPanel("moderation"),
                FieldPanel("edit_window_minutes"),
                FieldPanel("flag_threshold"),
            ],
            heading=_("Moderation"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("question"),
        index.SearchField("introduction"),
        index.FilterField("organisation"),
    ]
    api_fields = [
        APIField("question"),
        APIField("introduction"),
        APIField("organisation", serializer=OrganisationSerializer(read_only=True)),
        APIField("opens_at"),
        APIField("closes_at"),
        APIField("moderation"),
    ]

    class Meta:
        verbose_name = _("dialogue")
        verbose_name_plural = _("dialogues")

    def is_open(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        if self.opens_at and now < self.opens_at:
            return False
        return not (self.closes_at and now >= self.closes_at)

    def not_yet_open(self, now: datetime.datetime | None = None) -> bool:
        return bool(self.opens_at and (now or timezone.now()) < self.opens_at)

    def comment_policy(self) -> CommentPolicy:
        if self.not_yet_open():
            message = _("This dialogue has not opened yet. You can comment from %(date)s.") % {
                "date": formats.date_format(timezone.localtime(self.opens_at), "DATETIME_FORMAT")
            }
        else:
            message = _("This dialogue is closed. You can still read every comment.")
        return CommentPolicy(
            open=self.is_open(),
            closed_message=str(message),
            premoderated=self.moderation == ModerationMode.PRE,
            edit_window_minutes=self.edit_window_minutes,
            flag_threshold=self.flag_threshold or 3,
        )

    def get_context(self, request, *args, **kwargs) -> dict:
        from dialogues.thread import thread_context

        context = super().get_context(request, *args, **kwargs)
        context.update(thread_context(request, self))
        return context


class CommentStatus(models.TextChoices):
    PUBLISHED = "published", _("published")
    PENDING = "pending", _("waiting for approval")
    HIDDEN = "hidden", _("hidden")
    DELETED = "deleted", _("deleted")


# Statuses that keep a place in the thread for everybody (hidden and deleted as placeholders).
THREAD_STATUSES = [CommentStatus.PUBLISHED, CommentStatus.HIDDEN, CommentStatus.DELETED]
# Replies counted on their parent.
COUNTED_STATUSES = [CommentStatus.PUBLISHED, CommentStatus.DELETED]
# Written only by Comment.place_in_thread() and number_threads().
NUMBERING_FIELDS = ("thread_position", "thread_replies")


class Comment(models.Model):
    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="dialogue_comments",
        verbose_name=_("page"),
    )
    # Copied from the page so the moderation queue and permission checks need no page join.
    organisation = models.ForeignKey(
        "beteiligung.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("reply to"),
    )
    # The top-level comment of the thread: one query fetches every reply of a page of threads.
    root = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("thread"),
    )
    in_reply_to = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("in reply to"),
    )
    depth = models.PositiveSmallIntegerField(_("depth"), default=1)
    # Kept on account deletion: public debate is anonymised, not erased.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dialogue_comments",
        verbose_name=_("author"),
    )
    text = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH)
    # The text as the thread shows it (escaped, links, line breaks), rendered when saved:
    # urlize on every comment of every request cost a tenth of a dialogue's time.
    text_html = models.TextField(_("comment as HTML"), blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=16, choices=CommentStatus.choices, default=CommentStatus.PUBLISHED
    )
    official = models.BooleanField(_("official answer"), default=False)
    created_at = models.DateTimeField(_("posted"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    reply_count = models.PositiveIntegerField(_("replies"), default=0)
    support_count = models.PositiveIntegerField(_("supports"), default=0)
    flag_count = models.PositiveIntegerField(_("reports"), default=0)
    needs_review = models.BooleanField(_("needs review"), default=False)
    contact_consent = models.BooleanField(_("may be contacted about the procedure"), default=False)
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)
    # A reply's place among the replies of its thread that everybody sees (THREAD_STATUSES),
    # in the order they were written; None for first comments and replies waiting for
    # approval. The dialogue page shows each thread's first replies: one indexed filter
    # instead of numbering every reply of the threads on each request (a window query).
    thread_position = models.PositiveIntegerField(
        _("place in the thread"), null=True, blank=True, editable=False
    )
    # On a thread's first comment: how many of its replies have a place.
    thread_replies = models.PositiveIntegerField(
        _("replies in the thread"), default=0, editable=False
    )

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["page", "parent", "status", "created_at"]),
            models.Index(fields=["root", "created_at"]),
            models.Index(fields=["root", "thread_position"]),
            # The dialogue's first page in its default order (official answers, then the
            # newest) read from the index and cut after 20, not sorted from every thread.
            models.Index(fields=["page", "parent", "official", "created_at"]),
            models.Index(fields=["organisation", "needs_review"]),
        ]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.text[:60] or str(_("(deleted)"))

    def save(self, *args, **kwargs) -> None:
        self.text_html = self.render_text(self.text)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "text" in update_fields:
            kwargs["update_fields"] = {*update_fields, "text_html"}
        with transaction.atomic():
            before = None
            if not self._state.adding:
                before = (
                    Comment.objects.filter(pk=self.pk)
                    .values("root_id", "created_at", "thread_position")
                    .first()
                )
                if update_fields is None:
                    # The numbering is written by place_in_thread() alone: a copy read
                    # before another reply moved it must not put back its old numbers.
                    kwargs["update_fields"] = [
                        field.name
                        for field in self._meta.concrete_fields
                        if not field.primary_key and field.name not in NUMBERING_FIELDS
                    ]
            super().save(*args, **kwargs)
            self.place_in_thread(before)

    def place_in_thread(self, before: dict | None) -> None:
        """Keep ``thread_position`` and the thread's ``thread_replies`` exact after this
        reply was written, hidden, deleted, approved or moved to another thread; ``before``
        is its stored root, time and place before the change."""
        had_place = before is not None and before["thread_position"] is not None
        has_place = self.root_id is not None and self.status in THREAD_STATUSES
        if (
            had_place
            and has_place
            and (before["root_id"], before["created_at"]) == (self.root_id, self.created_at)
        ):
            self.thread_position = before["thread_position"]
            return
        if had_place:
            Comment.leave_thread(before["root_id"], before["thread_position"], pk=self.pk)
        self.thread_position = self.enter_thread() if has_place else None
        if had_place and not has_place:
            Comment.objects.filter(pk=self.pk).update(thread_position=None)

    @staticmethod
    def leave_thread(root_id: int, position: int, pk: int | None = None) -> None:
        # The update of the first comment comes first: it locks the thread until the
        # transaction ends, so that two writers do not number the same place.
        Comment.objects.filter(pk=root_id).update(thread_replies=F("thread_replies") - 1)
        if pk is not None:
            # Read again under the lock: another writer may have moved the reply since.
            stored = Comment.objects.filter(pk=pk).values_list("thread_position", flat=True)
            position = stored.first() or position
        Comment.objects.filter(root_id=root_id, thread_position__gt=position).update(
            thread_position=F("thread_position") - 1
        )

    def enter_thread(self) -> int:
        Comment.objects.filter(pk=self.root_id).update(thread_replies=F("thread_replies") + 1)
        numbered = Comment.objects.filter(root_id=self.root_id, thread_position__isnull=False)
        earlier = (
            numbered.filter(
                Q(created_at__lt=self.created_at) | Q(created_at=self.created_at, pk__lt=self.pk)
            )
            .exclude(pk=self.pk)
            .count()
        )
        numbered.filter(thread_position__gt=earlier).exclude(pk=self.pk).update(
            thread_position=F("thread_position") + 1
        )
        Comment.objects.filter(pk=self.pk).update(thread_position=earlier + 1)
        return earlier + 1

    @staticmethod
    def render_text(text: str) -> SafeString:
        """Plain text to safe HTML: everything escaped, web addresses as nofollow links."""
        return linebreaksbr(urlize(text, autoescape=True), autoescape=True)

    def html(self) -> SafeString:
        # Rows written with bulk_create() or update() skip save(); render those on the fly.
        if self.text and not self.text_html:
            return self.render_text(self.text)
        return mark_safe(self.text_html)  # noqa: S308 - escaped by render_text()

    # Reading --------------------------------------------------------------------------

    def is_visible(self) -> bool:
        return self.status == CommentStatus.PUBLISHED

    def can_edit(self, user, policy: CommentPolicy, now: datetime.datetime | None = None) -> bool:
        if not user.is_authenticated or self.author_id != user.pk:
            return False
        if self.status not in (CommentStatus.PUBLISHED, CommentStatus.PENDING) or not policy.open:
            return False
        deadline = self.created_at + datetime.timedelta(minutes=policy.edit_window_minutes)
        return (now or timezone.now()) < deadline

    def can_delete(self, user) -> bool:
        return (
            user.is_authenticated
            and self.author_id == user.pk
            and self.status != CommentStatus.DELETED
        )

    def anchor(self) -> str:
        return f"kommentar-{self.pk}"

    # Writing --------------------------------------------------------------------------

    def edit(self, text: str) -> None:
        self.text = text
        self.edited_at = timezone.now()
        self.save(update_fields=["text", "edited_at"])

    @transaction.atomic
    def delete_by_author(self) -> None:
        """Leave a placeholder so replies keep their context; the words themselves go."""
        self.text = ""
        self.status = CommentStatus.DELETED
        self.official = False
        self.needs_review = False
        self.save(update_fields=["text", "status", "official", "needs_review"])
        self.recount_parent()

    def recount_parent(self) -> None:
        if self.parent_id:
            Comment.recount_replies(self.parent_id)

    @staticmethod
    def recount_replies(comment_id: int) -> None:
        replies = (
            Comment.objects.filter(parent=OuterRef("pk"), status__in=COUNTED_STATUSES)
            .order_by()
            .values("parent")
            .annotate(n=Count("pk"))
            .values("n")
        )
        Comment.objects.filter(pk=comment_id).update(reply_count=Coalesce(Subquery(replies), 0))

    @transaction.atomic
    def toggle_support(self, user) -> bool:
        """Support the comment, or take the support back; True when it is now supported."""
        deleted, _ = Support.objects.filter(user=user, comment=self).delete()
        if not deleted:
            Support.objects.create(user=user, comment=self)
        supports = (
            Support.objects.filter(comment=OuterRef("pk"))
            .order_by()
            .values("comment")
            .annotate(n=Count("pk"))
            .values("n")
        )
        Comment.objects.filter(pk=self.pk).update(support_count=Coalesce(Subquery(supports), 0))
        self.refresh_from_db(fields=["support_count"])
        return not deleted

    @transaction.atomic
    def flag(self, user, reason: str, explanation: str = "", threshold: int = 3) -> bool:
        """Record a report; True when this report made the comment cross the threshold."""
        _flag, created = Flag.objects.get_or_create(
            user=user, comment=self, defaults={"reason": reason, "explanation": explanation}
        )
        if not created:
            return False
        Comment.objects.filter(pk=self.pk).update(
            flag_count=models.F("flag_count") + 1, needs_review=True
        )
        self.refresh_from_db(fields=["flag_count", "needs_review", "status"])
        if self.flag_count >= threshold and self.status == CommentStatus.PUBLISHED:
            self.status = CommentStatus.HIDDEN
            self.hidden_reason = ""
            self.save(update_fields=["status", "hidden_reason"])
            self.recount_parent()
            ModerationLog.objects.create(
                comment=self,
                action=ModerationAction.AUTO_HIDE,
                reason=str(_("Reported %(count)d times") % {"count": self.flag_count}),
            )
            return True
        return False

    @transaction.atomic
    def moderate(self, moderator, action: str, reason: str = "") -> bool:
        """Approve, hide or restore; returns True when a pending comment got published."""
        was_pending = self.status == CommentStatus.PENDING
        if self.status == CommentStatus.DELETED:
            return False
        if action == ModerationAction.HIDE:
            self.status = CommentStatus.HIDDEN
            self.hidden_reason = reason
        else:
            self.status = CommentStatus.PUBLISHED
            self.hidden_reason = ""
        self.needs_review = False
        self.save(update_fields=["status", "hidden_reason", "needs_review"])
        self.recount_parent()
        ModerationLog.objects.create(
            comment=self, moderator=moderator, action=action, reason=reason
        )
        return was_pending and self.status == CommentStatus.PUBLISHED


class Support(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="supports")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "comment"], name="dialogues_one_support_per_user"
            )
        ]
        verbose_name = _("support")
        verbose_name_plural = _("supports")

    def __str__(self) -> str:
        return f"{self.user_id} → {self.comment_id}"


class FlagReason(models.TextChoices):
    INSULT = "insult", _("Insult or harassment")
    DISCRIMINATION = "discrimination", _("Discrimination or hate")
    SPAM = "spam", _("Spam or advertising")
    PERSONAL_DATA = "personal_data", _("Personal data of others")
    OFF_TOPIC = "off_topic", _("Off topic")
    OTHER = "other", _("Other")


class Flag(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="flags")
    reason = models.CharField(_("reason"), max_length=32, choices=FlagReason.choices)
    explanation = models.TextField(_("explanation"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)
    delete_after = models.DateField(_("delete after"), default=one_year_from_today)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "comment"], name="dialogues_one_flag_per_user")
        ]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self) -> str:
        return f"{self.get_reason_display()} ({self.comment_id})"


class ModerationAction(models.TextChoices):
    APPROVE = "approve", _("approved")
    HIDE = "hide", _("hidden")
    RESTORE = "restore", _("restored")
    AUTO_HIDE = "auto_hide", _("hidden automatically after reports")


class ModerationLog(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="log")
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderator"),
    )
    action = models.CharField(_("action"), max_length=16, choices=ModerationAction.choices)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    delete_after = models.DateField(_("delete after"), default=two_years_from_today)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("moderation log entry")
        verbose_name_plural = _("moderation log")

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.comment_id})"


class FollowKind(models.TextChoices):
    ANSWERS = "answers", _("official answers in this dialogue")
    REPLIES = "replies", _("replies to my comments")


class Follow(models.Model):
    """What a user wants to hear about a page; a row with both switches off is removed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dialogue_follows"
    )
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    answers = models.BooleanField(_("official answers"), default=False)
    replies = models.BooleanField(_("replies to my comments"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "page"], name="dialogues_one_follow_per_page")
        ]
        verbose_name = _("follow")
        verbose_name_plural = _("follows")

    def __str__(self) -> str:
        return f"{self.user_id} → {self.page_id}"

    def switch_off(self, kind: str) -> None:
        setattr(self, kind, False)
        if not (self.answers or self.replies):
            self.delete()
        else:
            self.save(update_fields=[kind])


def visible_filter(user) -> Q:
    """Comments a visitor sees in a thread: public ones, placeholders, and their own."""
    condition = Q(status__in=THREAD_STATUSES)
    if user.is_authenticated:
        condition |= Q(author=user)
    return condition


def number_threads(comments: models.QuerySet) -> None:
    """Number the replies of the threads that ``comments`` start, from scratch: for rows
    written without ``save()`` (``bulk_create()``, imports, the migration that added the
    numbering)."""
    roots = list(comments.filter(root=None).values_list("pk", flat=True).order_by("pk"))
    for start in range(0, len(roots), 500):
        batch = roots[start : start + 500]
        replies = (
            Comment.objects.filter(root_id__in=batch)
            .order_by("root_id", "created_at", "pk")
            .values_list("pk", "root_id", "status", "thread_position")
        )
        changed, counts = [], dict.fromkeys(batch, 0)
        for pk, root_id, status, old in replies:
            position = None
            if status in THREAD_STATUSES:
                counts[root_id] += 1
                position = counts[root_id]
            if position != old:
                changed.append(Comment(pk=pk, thread_position=position))
        Comment.objects.bulk_update(changed, ["thread_position"], batch_size=500)
        Comment.objects.bulk_update(
            [Comment(pk=pk, thread_replies=count) for pk, count in counts.items()],
            ["thread_replies"],
            batch_size=500,
        )


def comment_deleted(sender, instance: Comment, **kwargs) -> None:
    """A reply removed from the table (not the author's placeholder): the later replies of
    its thread move up. When the whole thread goes, the updates find no rows."""
    if instance.root_id and instance.thread_position is not None:
        Comment.leave_thread(instance.root_id, instance.thread_position)
