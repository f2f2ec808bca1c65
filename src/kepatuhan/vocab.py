"""Fixed vocabularies: official Indonesian terms as enum values (see the glossary)."""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "Confidence",
    "EntityKind",
    "InputLevel",
    "OversightProductKind",
    "RespondentRole",
    "ResponseStatus",
    "UnitType",
    "Zone",
]


class EntityKind(StrEnum):
    """Kind of government body assessed (instansi)."""

    KEMENTERIAN = "kementerian"
    LEMBAGA = "lembaga"
    PEMPROV = "pemprov"
    PEMKAB = "pemkab"
    PEMKOT = "pemkot"


class UnitType(StrEnum):
    """Type of service unit (lokus) inside an entity."""

    OPD = "opd"
    UPT = "upt"
    PUSKESMAS = "puskesmas"
    RSUD = "rsud"
    KANTOR_VERTIKAL = "kantor_vertikal"


class RespondentRole(StrEnum):
    """Who answers an indicator."""

    PELAKSANA = "pelaksana"
    PENGGUNA_LAYANAN = "pengguna_layanan"
    PENGELOLA_PENGADUAN = "pengelola_pengaduan"
    OBSERVASI = "observasi"


class ResponseStatus(StrEnum):
    """Status of one response: answered, not applicable (tidak berlaku), not assessed."""

    ANSWERED = "answered"
    NOT_APPLICABLE = "tidak_berlaku"
    NOT_ASSESSED = "belum_dinilai"


class Zone(StrEnum):
    """Traffic-light zone of a score."""

    MERAH = "merah"
    KUNING = "kuning"
    HIJAU = "hijau"
    HITAM = "hitam"


class Confidence(StrEnum):
    """How sure we are of a number a rubric carries."""

    OFFICIAL = "official"
    REPORTED = "reported"
    ASSUMED = "assumed"


class InputLevel(StrEnum):
    """At which level a unit's data entered the round."""

    INDICATOR = "indicator"
    DIMENSION = "dimension"


class OversightProductKind(StrEnum):
    """Kind of Ombudsman oversight product issued to an entity (produk pengawasan)."""

    TINDAKAN_KOREKTIF = "tindakan_korektif"
    SARAN_PERBAIKAN = "saran_perbaikan"
    SARAN_PENYEMPURNAAN = "saran_penyempurnaan"
    REKOMENDASI = "rekomendasi"
