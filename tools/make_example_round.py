"""Regenerate the bundled example round (synthetic answers for Kota Pagar Alam's seven loci).

Run from the project root: ``python tools/make_example_round.py``. The output is
deterministic (fixed seed), so the committed file only changes when this script does.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

import kepatuhan as kp

OUT = Path(__file__).resolve().parents[1] / "src/kepatuhan/data/example-pagar-alam-2024.json"

ENTITY = kp.Entity(
    code="16.72", name="Pemerintah Kota Pagar Alam", kind="pemkot", province="Sumatera Selatan"
)
# (code, name, unit type, mean answer on the 0–3 scale): spread over the zones on purpose.
UNITS = [
    ("disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil", "opd", 2.75),
    ("dinsos", "Dinas Sosial", "opd", 2.0),
    ("dpmptsp", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "opd", 2.6),
    ("dinkes", "Dinas Kesehatan", "opd", 2.35),
    ("disdikbud", "Dinas Pendidikan dan Kebudayaan", "opd", 1.55),
    ("pkm-pengaringan", "Puskesmas Pengaringan", "puskesmas", 2.45),
    ("pkm-sidorejo", "Puskesmas Sidorejo", "puskesmas", 2.2),
]
RESPONDENTS = {
    kp.RespondentRole.PELAKSANA: [f"pelaksana-{i}" for i in range(1, 5)],
    kp.RespondentRole.PENGGUNA_LAYANAN: [f"pengguna-{i:02d}" for i in range(1, 31)],
    kp.RespondentRole.PENGELOLA_PENGADUAN: ["pengelola-1", "pengelola-2"],
}
# Special cases that show how the library reports them.
NOT_APPLICABLE = {("pkm-sidorejo", "pr11")}  # no integrated service at this Puskesmas
NOT_ASSESSED = {("dinsos", "pg02")}  # the complaint officers were not available


def main() -> None:
    rubric = kp.get_rubric("ombudsman-2024")
    rng = np.random.default_rng(20240917)
    responses: list[kp.Response] = []
    for code, _, _, level in UNITS:
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
        rubric="ombudsman-2024",
        title="Contoh: Kota Pagar Alam, penilaian 2024 (jawaban sintetis)",
        synthetic=True,
        note=(
            "Lokus nyata penilaian 2024 Kota Pagar Alam; seluruh jawaban SINTETIS, dibuat acak "
            "untuk contoh dan uji, bukan hasil resmi Ombudsman RI. Dinilai dengan rubrik "
            "ombudsman-2024."
        ),
        entities=[ENTITY],
        units=[
            kp.ServiceUnit(code=c, name=n, entity=ENTITY.code, unit_type=t) for c, n, t, _ in UNITS
        ],
        responses=responses,
    )
    OUT.write_text(round_.model_dump_json(exclude_defaults=True) + "\n", encoding="utf-8")
    print(f"wrote {len(responses)} responses to {OUT.name}")


if __name__ == "__main__":
    main()
