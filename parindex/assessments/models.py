"""The yearly internal assessment: rounds, each unit's assessment, its criterion entries, the
evidence behind them, and the published results.

Rows here are workflow objects: they change only through ``parindex.assessments.actions``,
which validate each transition and write the audit log in the same transaction. The scoped
querysets (``for_user``) are the one way pages, the API and exports list them.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from parindex.access.querysets import ScopedQuerySet
from parindex.access.scope import access_of
from parindex.core.models import TimeStampedMixin
from parindex.core.types import Viewer


class RoundStatus(models.TextChoices):
    """Where a round stands as a whole. Each unit moves through the phases on its own
    (``AssessmentState``); the round only opens, is finalised by the council and published."""

    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    FINALISED = "finalised", _("Finalised")
    PUBLISHED = "published", _("Published")


class Phase(models.TextChoices):
    """A phase with a deadline that closes it for each unit (unless the unit has an exception)."""

    SELF_ASSESSMENT = "self_assessment", _("Self-assessment")
    APPRAISAL = "appraisal", _("Appraisal")
    EXPLANATION = "explanation", _("Explanation")


class RoundQuerySet(ScopedQuerySet["AssessmentRound"]):
    scope_path = "province"

    def for_user(self, viewer: Viewer | None, permission: str | None = None) -> RoundQuerySet:
        """Rounds the user may see: those of a province in scope, or with a unit in scope (a
        unit's staff take part in their province's round without holding a role on it)."""
        access = access_of(viewer)
        ids = access.unit_ids_for(permission or self.default_permission)
        if not access.is_authenticated or not ids:
            return self.none()
        in_scope = Assessment.objects.filter(unit_id__in=ids).values("round_id")
        return self.filter(Q(province_id__in=ids) | Q(pk__in=in_scope))


class AssessmentRound(TimeStampedMixin):
    """One year's internal PAR assessment of the province's units (đợt đánh giá).

    The round fixes which framework applies to each kind of unit, which units are assessed
    (one ``Assessment`` each), and the deadline of each phase. A phase closes for a unit at the
    end of its deadline day (Asia/Ho_Chi_Minh) unless the unit has a ``DeadlineException``.
    Deadlines run in order: self-assessment ≤ explanation ≤ appraisal ≤ council.
    """

    year = models.PositiveSmallIntegerField(_("index year"))
    name = models.CharField(_("name"), max_length=200)
    province = models.ForeignKey(
        "units.Unit", verbose_name=_("province"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    self_assessment_deadline = models.DateField(_("self-assessment deadline"))
    explanation_deadline = models.DateField(_("explanation deadline"))
    appraisal_deadline = models.DateField(_("appraisal deadline"))
    council_deadline = models.DateField(_("council deadline"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    is_illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Synthetic data, e.g. the demo province.")
    )

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment round")
        verbose_name_plural = _("assessment rounds")
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["province", "year"], name="one_round_per_province_year")
        ]

    def __str__(self) -> str:
        return self.name

    def deadline(self, phase: str) -> Any:
        return {
            Phase.SELF_ASSESSMENT: self.self_assessment_deadline,
            Phase.APPRAISAL: self.appraisal_deadline,
            Phase.EXPLANATION: self.explanation_deadline,
        }[Phase(phase)]

    @property
    def is_published(self) -> bool:
        return self.status == RoundStatus.PUBLISHED


class RoundFramework(models.Model):
    """The framework a round applies to one kind of unit (departments, communes, …)."""

    round = models.ForeignKey(
        AssessmentRound,
        verbose_name=_("round"),
        on_delete=models.CASCADE,
        related_name="frameworks",
    )
    unit_kind = models.CharField(_("unit kind"), max_length=32)
    framework = models.ForeignKey(
        "frameworks.Framework",
        verbose_name=_("framework"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("round framework")
        verbose_name_plural = _("round frameworks")
        constraints = [
            models.UniqueConstraint(fields=["round", "unit_kind"], name="one_framework_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.unit_kind}"


class AssessmentState(models.TextChoices):
    """The workflow state of one unit's assessment (glossary §4, ``workflow_state``)."""

    DRAFT = "draft", _("Draft")
    SELF_ASSESSED = "self_assessed", _("Self-assessed (submitted)")
    APPRAISAL_1 = "appraisal_1", _("Appraisal, first round")
    RETURNED_FOR_EXPLANATION = "returned_for_explanation", _("Returned for explanation")
    EXPLAINED = "explained", _("Explained")
    APPRAISAL_2 = "appraisal_2", _("Appraisal, second round")
    COUNCIL_REVIEW = "council_review", _("Council review")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")


class AssessmentQuerySet(ScopedQuerySet["Assessment"]):
    """Assessments of units in the user's scope for a permission (``access.roles``)."""

    scope_path = "unit"


class Assessment(TimeStampedMixin):
    """One unit's assessment in a round: its entries move from self-score to final score."""

    round = models.ForeignKey(
        AssessmentRound,
        verbose_name=_("round"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="assessments"
    )
    framework = models.ForeignKey(
        "frameworks.Framework",
        verbose_name=_("framework"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = models.CharField(
        _("state"), max_length=32, choices=AssessmentState.choices, default=AssessmentState.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["round", "unit__kind", "unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="one_assessment_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.unit.name}"


class DeadlineException(TimeStampedMixin):
    """A later deadline for one unit and one phase (khóa / mở khóa: a lock exception)."""

    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("assessment"),
        on_delete=models.CASCADE,
        related_name="deadline_exceptions",
    )
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    until = models.DateField(_("until"), help_text=_("The phase closes at the end of this day."))
    reason = models.TextField(_("reason"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("deadline exception")
        verbose_name_plural = _("deadline exceptions")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "phase"], name="one_exception_per_phase")
        ]

    def __str__(self) -> str:
        return f"{self.assessment} · {self.phase} · {self.until:%d/%m/%Y}"


class AppraiserAssignment(TimeStampedMixin):
    """Who appraises which area in a round (e.g. the Department of Justice appraises
    institutional reform) — for every unit of the round."""

    round = models.ForeignKey(
        AssessmentRound,
        verbose_name=_("round"),
        on_delete=models.CASCADE,
        related_name="appraiser_assignments",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("appraiser"),
        on_delete=models.CASCADE,
        related_name="appraiser_assignments",
    )
    area_code = models.CharField(_("area code"), max_length=64)

    class Meta:
        verbose_name = _("appraiser assignment")
        verbose_name_plural = _("appraiser assignments")
        ordering = ["area_code", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "user", "area_code"], name="one_assignment_per_area"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.user} · {self.area_code}"


class AdjustmentReason(models.Model):
    """A reason code the PAR office maintains for appraisal adjustments (lý do điều chỉnh)."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("adjustment reason")
        verbose_name_plural = _("adjustment reasons")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name_vi}"


class AppraisalDecision(models.TextChoices):
    NONE = "", _("Not appraised")
    ACCEPTED = "accepted", _("Accepted")
    ADJUSTED = "adjusted", _("Adjusted")
    RETURNED = "returned", _("Returned for explanation")
    ENTERED = "entered", _("Points entered")


class EntryQuerySet(ScopedQuerySet["CriterionEntry"]):
    scope_path = "assessment__unit"


class CriterionEntry(models.Model):
    """One leaf criterion of one unit's assessment, from declared data to final points.

    The unit declares data (``numerator``/``denominator``, ``count``, ``is_met``,
    ``entered_points``) from which ``self_points`` is computed by the criterion's method;
    survey-scored and data-derived rows are not self-scored and receive their points from an
    import or an appraiser. A data-derived row whose criterion names a dossier indicator is
    *fed*: its value (and the self-score it earns) is filled from the dossier store, read-only
    for the unit, with its provenance in ``feed``. ``version`` rises with every saved change,
    so that a form saved over someone else's newer save is refused instead of silently
    overwriting it.
    """

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="entries"
    )
    criterion = models.ForeignKey(
        "frameworks.Criterion",
        verbose_name=_("criterion"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    area_code = models.CharField(
        _("area code"), max_length=64, help_text=_("Code of the area the criterion belongs to.")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    numerator = models.DecimalField(
        _("achieved"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    denominator = models.DecimalField(
        _("total"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    count = models.IntegerField(_("count"), null=True, blank=True)
    is_met = models.BooleanField(_("met"), null=True, blank=True)
    entered_points = models.DecimalField(
        _("entered points"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    not_applicable = models.BooleanField(_("not applicable"), default=False)
    self_points = models.DecimalField(
        _("self-assessed points"), max_digits=9, decimal_places=4, null=True, blank=True
    )
    explanation = models.TextField(
        _("explanation"),
        blank=True,
        help_text=_("Required where evidence is required and none is attached."),
    )
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    saved_at = models.DateTimeField(_("saved at"), null=True, blank=True)
    appraisal_decision = models.CharField(
        _("appraisal decision"),
        max_length=16,
        choices=AppraisalDecision.choices,
        blank=True,
        default="",
    )
    appraised_points = models.DecimalField(
        _("appraised points"), max_digits=9, decimal_places=4, null=True, blank=True
    )
    adjustment_reason = models.ForeignKey(
        AdjustmentReason,
        verbose_name=_("adjustment reason"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    appraisal_comment = models.TextField(_("appraisal comment"), blank=True)
    appraised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("appraised by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    appraised_at = models.DateTimeField(_("appraised at"), null=True, blank=True)
    returned_for_explanation = models.BooleanField(
        _("was returned"),
        default=False,
        help_text=_("Returned for explanation at least once (appraised again afterwards)."),
    )
    unit_response = models.TextField(_("unit's explanation"), blank=True)
    responded_at = models.DateTimeField(_("explained at"), null=True, blank=True)
    final_points = models.DecimalField(
        _("final points"), max_digits=9, decimal_places=4, null=True, blank=True
    )
    feed = models.JSONField(
        _("dossier figures"),
        null=True,
        blank=True,
        help_text=_(
            "Where the value of a criterion computed from dossier records comes from: the "
            "indicator, the period, the counts, when it was computed and a link to the dossiers."
        ),
    )
    fed_at = models.DateTimeField(
        _("filled from dossier figures at"),
        null=True,
        blank=True,
        help_text=_("When the dossier figures last changed the value of this criterion."),
    )
    version = models.PositiveIntegerField(_("version"), default=0)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("criterion entry")
        verbose_name_plural = _("criterion entries")
        ordering = ["assessment", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion"], name="one_entry_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment} · {self.criterion_id}"

    @property
    def is_awaiting_explanation(self) -> bool:
        return self.appraisal_decision == AppraisalDecision.RETURNED and self.responded_at is None

    @property
    def is_awaiting_review(self) -> bool:
        return (
            self.appraisal_decision == AppraisalDecision.RETURNED and self.responded_at is not None
        )


class EvidenceKind(models.TextChoices):
    EVIDENCE = "evidence", _("Evidence")
    EXPLANATION = "explanation", _("Explanation file")


class EvidenceQuerySet(ScopedQuerySet["Evidence"]):
    scope_path = "assessment__unit"


class Evidence(models.Model):
    """An evidence file (tài liệu kiểm chứng) or an explanation file of one unit's assessment.

    Stored under MEDIA_ROOT with its SHA-256; the content type is sniffed from the bytes, not
    taken from the name. One file may back several criteria (``EvidenceLink``); the same bytes
    uploaded twice to one assessment are stored once.
    """

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="files"
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=EvidenceKind.choices, default=EvidenceKind.EVIDENCE
    )
    file = models.FileField(_("file"), upload_to="evidence/", max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    original_name = models.CharField(_("original name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    content_type = models.CharField(_("content type"), max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    entries = models.ManyToManyField(
        CriterionEntry,
        verbose_name=_("criteria"),
        through="EvidenceLink",
        related_name="files",
    )

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["original_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "kind", "sha256"], name="one_file_per_content"
            )
        ]

    def __str__(self) -> str:
        return self.original_name


class EvidenceLink(models.Model):
    """A file backing one criterion entry."""

    evidence = models.ForeignKey(
        Evidence, verbose_name=_("evidence file"), on_delete=models.CASCADE, related_name="links"
    )
    entry = models.ForeignKey(
        CriterionEntry,
        verbose_name=_("criterion entry"),
        on_delete=models.CASCADE,
        related_name="evidence_links",
    )
    linked_at = models.DateTimeField(_("linked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence link")
        verbose_name_plural = _("evidence links")
        constraints = [
            models.UniqueConstraint(fields=["evidence", "entry"], name="one_link_per_pair")
        ]

    def __str__(self) -> str:
        return f"{self.evidence} → {self.entry}"


class PreviousSource(models.TextChoices):
    SAME_UNIT = "same_unit", _("the unit's own result")
    LINEAGE = "lineage", _("derived from predecessors (lineage-weighted)")
    NONE = "none", _("no comparable result")


class ResultQuerySet(ScopedQuerySet["UnitResult"]):
    scope_path = "unit"


class UnitResult(models.Model):
    """A unit's published result in a round: points, score, band and rank in its peer group.

    ``score_pct`` is the total as a share of the applicable maximum in % (0–100);
    ``component_index`` maps each area code to its component index (achieved ÷ max × 100, kept
    as text). Written once when the round is published, so later edits of frameworks or units
    cannot change what was announced. The previous year's score is the unit's own result, or a
    baseline derived through the lineage table from its predecessors' results (marked derived).
    The public API keeps its field names (``rate_pct``, ``component_rates``,
    ``previous_rate_pct``).
    """

    round = models.ForeignKey(
        AssessmentRound, verbose_name=_("round"), on_delete=models.PROTECT, related_name="results"
    )
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="results"
    )
    peer_group = models.CharField(_("peer group"), max_length=32)
    self_points = models.DecimalField(_("self-assessed points"), max_digits=9, decimal_places=4)
    total_points = models.DecimalField(_("points"), max_digits=9, decimal_places=4)
    max_points = models.DecimalField(_("maximum points"), max_digits=9, decimal_places=4)
    score_pct = models.DecimalField(_("rate (%)"), max_digits=9, decimal_places=4)
    band = models.CharField(_("band"), max_length=32, blank=True)
    band_name_vi = models.CharField(_("band (Vietnamese)"), max_length=64, blank=True)
    band_name_en = models.CharField(_("band (English)"), max_length=64, blank=True)
    rank = models.PositiveIntegerField(_("rank"))
    peer_count = models.PositiveIntegerField(_("units in the peer group"), default=0)
    component_index = models.JSONField(_("component rates (%)"), default=dict)
    previous_score_pct = models.DecimalField(
        _("previous year's rate (%)"), max_digits=9, decimal_places=4, null=True, blank=True
    )
    previous_source = models.CharField(
        _("previous year from"),
        max_length=16,
        choices=PreviousSource.choices,
        default=PreviousSource.NONE,
    )
    previous_note = models.TextField(_("previous year note"), blank=True)

    objects = ResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit result")
        verbose_name_plural = _("unit results")
        ordering = ["round", "peer_group", "rank", "unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="one_result_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.unit} · {self.score_pct}"

    @property
    def beat_previous(self) -> bool | None:
        if self.previous_score_pct is None:
            return None
        return self.score_pct > self.previous_score_pct

    @property
    def previous_is_derived(self) -> bool:
        return self.previous_source == PreviousSource.LINEAGE
