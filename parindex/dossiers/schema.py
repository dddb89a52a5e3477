"""The canonical dossier schema (docs/dossiers-import.md; domain note dossiers-766 §9).

One table, :data:`FIELDS`: the canonical (English) column of the dossier store, the national sync
name a file uses for it (``MaHoSo`` …), other names accepted without a mapping file, its type and
whether it is required. The import, the store and the docs read this table; nothing else lists
the columns.
"""

from __future__ import annotations

from dataclasses import dataclass

TEXT = "text"
TIMESTAMP = "timestamp"
INTEGER = "integer"
FLAG = "flag"  # 0/1
NUMBER = "number"
TIME = "time"  # HH:MM[:SS]
UNIT = "unit"  # time-limit unit (Ngày làm việc …)

DUCKDB_TYPES = {
    TEXT: "VARCHAR",
    TIMESTAMP: "TIMESTAMP",
    INTEGER: "INTEGER",
    FLAG: "TINYINT",
    NUMBER: "DOUBLE",
    TIME: "VARCHAR",
    UNIT: "VARCHAR",
}


@dataclass(frozen=True)
class Field:
    """One column of the canonical schema."""

    name: str
    source: str
    kind: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    allowed: tuple[int, ...] = ()
    doc: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return (self.source, self.name, *self.aliases)


STATUS_CODES = tuple(range(1, 11))
CHANNEL_CODES = (1, 2, 3)
PAYMENT_CODES = (0, 1, 2)

FIELDS: tuple[Field, ...] = (
    Field("dossier_code", "MaHoSo", TEXT, True, doc="Dossier code; the key of the store."),
    Field("procedure_code", "MaTTHC", TEXT, True, doc="National procedure code."),
    Field("procedure_name", "TenTTHC", TEXT, doc="Procedure name (display)."),
    Field(
        "agency_code",
        "MaDonVi",
        TEXT,
        True,
        aliases=("DonViXuLy", "MaCoQuan"),
        doc="Code of the unit handling the dossier: a ParIndex unit code, or SYSTEM:CODE.",
    ),
    Field("receiving_place", "NoiNopHoSo", TEXT, doc="Where the dossier was submitted."),
    Field("applicant_type", "LoaiDoiTuong", INTEGER, doc="1 citizen, 2 business."),
    Field(
        "channel",
        "KenhThucHien",
        INTEGER,
        allowed=CHANNEL_CODES,
        doc="1 in person, 2 online, 3 public postal service; empty stays empty.",
    ),
    Field("submitted_at", "NgayNopHoSo", TIMESTAMP, doc="Submission time."),
    Field(
        "received_at",
        "NgayTiepNhan",
        TIMESTAMP,
        doc="Acceptance at the one-stop desk; required unless the status is 1 or 3.",
    ),
    Field("due_at", "NgayHenTra", TIMESTAMP, doc="Appointment date as synced."),
    Field("finished_at", "NgayKetThucXuLy", TIMESTAMP, doc="End of processing."),
    Field("returned_at", "NgayTra", TIMESTAMP, doc="Result delivered."),
    Field("refused_at", "NgayTuChoi", TIMESTAMP, doc="Refusal after acceptance."),
    Field(
        "status",
        "TrangThaiHoSo",
        INTEGER,
        True,
        allowed=STATUS_CODES,
        doc="Dossier status 1–10 (§3.1).",
    ),
    Field(
        "legal_time_limit",
        "ThoiHanGiaiQuyet",
        NUMBER,
        doc="Legal time limit of the procedure, used when NgayHenTra is missing.",
    ),
    Field(
        "time_limit_unit",
        "DonViThoiHan",
        UNIT,
        doc="Unit of the time limit: Ngày làm việc, Giờ, Ngày, Tháng.",
    ),
    Field("cutoff_time", "GioChotTiepNhan", TIME, doc="Procedure cut-off time (e.g. 15:00)."),
    Field(
        "supplement_count",
        "SoLanBoSung",
        INTEGER,
        doc="Number of supplement requests (0 when empty and no request date).",
    ),
    Field(
        "supplement_requested_at",
        "NgayBoSung",
        TIMESTAMP,
        aliases=("NgayYeuCauBoSung",),
        doc="Time of the (first) supplement request.",
    ),
    Field(
        "supplement_completed_at",
        "NgayTiepNhanBoSung",
        TIMESTAMP,
        doc="Time the supplemented dossier was received back.",
    ),
    Field("apology_issued", "CoVanBanXinLoi", FLAG, doc="An apology letter was issued (0/1)."),
    Field("apology_at", "NgayXinLoi", TIMESTAMP, doc="When the apology letter was issued."),
    Field(
        "postal_return",
        "TraKetQuaQuaBuuChinh",
        FLAG,
        doc="The result was returned through the public postal service (0/1).",
    ),
    Field("fee_amount", "TongPhiLePhi", NUMBER, doc="Total fees and charges (empty: no fee)."),
    Field(
        "online_payment",
        "DuocThanhToanTrucTuyen",
        INTEGER,
        allowed=PAYMENT_CODES,
        doc="0 not paid online, 1 paid on DVCQG, 2 paid on the ministry's or province's portal.",
    ),
    Field(
        "has_digitised_component",
        "HoSoCoThanhPhanSoHoa",
        FLAG,
        doc="At least one component is reused digitised data (4.3).",
    ),
    Field(
        "components_digitised",
        "ThanhPhanDaSoHoa",
        FLAG,
        doc="Files are attached to the dossier components (4.2).",
    ),
    Field(
        "from_personal_store",
        "DuocLayTuKhoDMQG",
        FLAG,
        doc="A component comes from the personal data store on DVCQG (4.4).",
    ),
    Field(
        "vneid_verified",
        "TaiKhoanDuocXacThucVoiVNeID",
        FLAG,
        doc="The applicant account is verified with VNeID (4.5).",
    ),
    Field("source_db_code", "MaCSDL", TEXT, doc="Database the data was taken from (4.5)."),
    Field(
        "electronic_result",
        "KetQuaDienTu",
        FLAG,
        aliases=("CoKetQuaDienTu",),
        doc="The result has an electronic file (DuongDanTepTinKetQua) (4.1).",
    ),
    Field(
        "requires_paper_result",
        "YeuCauKetQuaBanGiay",
        FLAG,
        doc="The procedure returns a paper result (4.1 denominator); empty counts as yes.",
    ),
    Field(
        "rating",
        "DanhGiaHaiLong",
        INTEGER,
        allowed=(0, 1),
        doc="The applicant's rating: 1 satisfied (like), 0 dissatisfied (dislike), empty none.",
    ),
    Field(
        "has_petition",
        "CoPhanAnhKienNghi",
        FLAG,
        doc="A petition (PAKN) refers to the dossier (5.4).",
    ),
)

BY_NAME = {f.name: f for f in FIELDS}


def find_field(column: str) -> Field | None:
    """The field a file column means (national name, canonical name or alias; any case)."""
    key = column.strip().lower()
    for field in FIELDS:
        if key in (n.lower() for n in field.names):
            return field
    return None
