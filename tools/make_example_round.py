"""Regenerate the bundled example rounds (synthetic answers for Kota Pagar Alam's seven loci).

Two years: 2024 (the main example) and 2023 (the year before, for comparisons).

Run from the project root: ``python tools/make_example_round.py``. The output is
deterministic (fixed seed), so the committed file only changes when this script does.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

import kepatuhan as kp

DATA = Path(__file__).resolve().parents[1] / "src/kepatuhan/data"

ENTITY = kp.Entity(
    code="16.72", name="Pemerintah Kota Pagar Alam", kind="pemkot", province="Sumatera Selatan"
)
# (code, name, unit type, mean answer on the 0–3 scale in 2024): spread over the zones.
UNITS = [
    ("disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil", "opd", 2.75),
    ("dinsos", "Dinas Sosial", "opd", 2.0),
    ("dpmptsp", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "opd", 2.6),
    ("dinkes", "Dinas Kesehatan", "opd", 2.35),
    ("disdikbud", "Dinas Pendidikan dan Kebudayaan", "opd", 1.55),
    ("pkm-pengaringan", "Puskesmas Pengaringan", "puskesmas", 2.45),
    ("pkm-sidorejo", "Puskesmas Sidorejo", "puskesmas", 2.2),
]
# Per year: the random seed and each unit's mean answer (2023 a little weaker, one unit better).
YEARS = {
    2024: (20240917, [level for *_, level in UNITS]),
    2023: (20230917, [2.55, 2.1, 2.4, 2.2, 1.35, 2.3, 1.95]),
}
RESPONDENTS = {
    kp.RespondentRole.PELAKSANA: [f"pelaksana-{i}" for i in range(1, 5)],
    kp.RespondentRole.PENGGUNA_LAYANAN: [f"pengguna-{i:02d}" for i in range(1, 31)],
    kp.RespondentRole.PENGELOLA_PENGADUAN: ["pengelola-1", "pengelola-2"],
}
# Special cases that show how the library reports them.
NOT_APPLICABLE = {("pkm-sidorejo", "pr11")}  # no integrated service at this Puskesmas
NOT_ASSESSED = {("dinsos", "pg02")}  # the complaint officers were not available


def main() -> None:
    for year in YEARS:
        write(year)


def write(year: int) -> None:
    seed, levels = YEARS[year]
    rubric = kp.get_rubric(f"ombudsman-{year}")
    rng = np.random.default_rng(seed)
    responses: list[kp.Response] = []
    for (code, *_), level in zip(UNITS, levels, strict=True):
        for ind in rubric.indicators():
            if ind.role is kp.RespondentRole.OBSERVASI:
                who = [f"produk-{i}" for i in range(1, (ind.respondents or 1) + 1)]
            else:
                who = RESPONDENTS[ind.role]
            if (code, ind.id) in NOT_APPLICABLE | NOT_ASSESSED:
                status = (
                    kp.ResponseStatus.NOT_APPLICABLE
                    if (code, ind.id) in NOT_APPLICABLE
                    else kp.ResponseStatus.NOT_ASSESSED
                )
                responses.append(
                    kp.Response(unit=code, indicator=ind.id, role=ind.role, status=status)
                )
                continue
            shift = rng.normal(0.0, 0.35)  # some indicators are weaker than others
            for respondent in who:
                value = int(np.clip(np.rint(rng.normal(level + shift, 0.6)), 0, 3))
                responses.append(
                    kp.Response(
                        unit=code,
                        indicator=ind.id,
                        respondent=respondent,
                        role=ind.role,
                        value=value,
                    )
                )
    round_ = kp.Round(
        rubric=rubric.id,
        title=f"Contoh: Kota Pagar Alam, penilaian {year} (jawaban sintetis)",
        synthetic=True,
        note=(
            f"Lokus nyata penilaian {year} Kota Pagar Alam; seluruh jawaban SINTETIS, dibuat acak "
            "untuk contoh dan uji, bukan hasil resmi Ombudsman RI. Dinilai dengan rubrik "
            f"{rubric.id}."
        ),
        entities=[ENTITY],
        units=[
            kp.ServiceUnit(code=c, name=n, entity=ENTITY.code, unit_type=t) for c, n, t, _ in UNITS
        ],
        responses=responses,
    )
    out = DATA / f"example-pagar-alam-{year}.json"
    out.write_text(round_.model_dump_json(exclude_defaults=True) + "\n", encoding="utf-8")
    print(f"wrote {len(responses)} responses to {out.name}")


if __name__ == "__main__":
    main()
