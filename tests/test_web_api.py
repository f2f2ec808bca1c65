"""The JSON API of ``kepatuhan serve`` (kepatuhan.web) through TestClient: each endpoint
gives what the library gives, errors are structured (code, location, message in id and
en) and never a traceback, and the limits, the token and the security headers hold."""

from __future__ import annotations

import importlib
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest
from hypothesis import HealthCheck, given, settings

import kepatuhan as kp
from kepatuhan.errors import MESSAGES
from kepatuhan.io import FileFormat, write_round
from kepatuhan.testing.strategies import rounds
from kepatuhan.web import ServeSettings, create_app
from kepatuhan.web.inputs import decode_round, encode_round
from test_hostile_csv_json import ACCEPTED, REFUSED
from web_client import TestClient, client, example_json

CORPUS = Path(__file__).parent / "corpus" / "csv_json"
RUBRIC = "ombudsman-2024"


@pytest.fixture(scope="module")
def api() -> TestClient:
    return client()


@pytest.fixture(scope="module")
def body() -> bytes:
    return example_json()


@pytest.fixture(scope="module")
def expected() -> kp.RoundResult:
    return kp.score(kp.example_round())


def assert_errors(response: Any, status: int, *codes: str) -> list[dict[str, Any]]:
    """The response is the structured error with ``status`` and exactly these codes, each
    message in both languages and rendered (no placeholder left), no traceback."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert "Traceback" not in response.text
    errors: list[dict[str, Any]] = response.json()["errors"]
    assert [e["code"] for e in errors] == list(codes)
    for e in errors:
        assert set(e) == {"code", "location", "message"}
        assert set(e["message"]) == {"id", "en"}
        assert e["message"]["id"] and e["message"]["en"]
        assert "{" not in e["message"]["en"].replace("{}", "")
    return errors


# Rubrics and classify -----------------------------------------------------------------------


def test_rubrics_list_is_the_registry(api: TestClient) -> None:
    response = api.get("/api/rubrics")
    assert response.status_code == 200
    assert [r["id"] for r in response.json()] == [i.id for i in kp.list_rubrics()]
    assert response.json()[0] == json.loads(kp.list_rubrics()[0].model_dump_json())


def test_rubric_detail_is_the_rubric(api: TestClient) -> None:
    response = api.get(f"/api/rubrics/{RUBRIC}")
    assert response.status_code == 200
    assert response.json() == json.loads(kp.get_rubric(RUBRIC).model_dump_json())


def test_unknown_rubric_is_404_with_the_known_ids(api: TestClient) -> None:
    (error,) = assert_errors(api.get("/api/rubrics/ombudsman-1999"), 404, "unknown_rubric")
    assert RUBRIC in error["message"]["en"] and RUBRIC in error["message"]["id"]


@pytest.mark.parametrize("score", ["88.27", "87.995", "0", "100", "74.1"])
def test_classify_is_the_rubrics_classification(api: TestClient, score: str) -> None:
    response = api.get("/api/classify", params={"rubric": RUBRIC, "score": score})
    assert response.status_code == 200
    assert response.json() == json.loads(kp.get_rubric(RUBRIC).classify(score).model_dump_json())


def test_classify_problems_are_located(api: TestClient) -> None:
    (error,) = assert_errors(
        api.get("/api/classify", params={"rubric": RUBRIC, "score": "188"}), 422, "score_range"
    )
    assert error["location"] == "score"
    (error,) = assert_errors(api.get("/api/classify", params={"rubric": RUBRIC}), 422,
                             "field_required")  # fmt: skip
    assert error["location"] == "query.score"
    assert_errors(api.get("/api/classify", params={"rubric": "x", "score": "1"}), 422,
                  "unknown_rubric")  # fmt: skip


# Score, validate, import ----------------------------------------------------------------------


def test_score_is_the_results_json(api: TestClient, body: bytes, expected: kp.RoundResult) -> None:
    response = api.post("/api/score", content=body)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.content == expected.to_json().encode()
    assert kp.RoundResult.from_json(response.content) == expected


def test_score_missing_policy_is_passed_on(api: TestClient, body: bytes) -> None:
    response = api.post("/api/score", params={"missing": "zero"}, content=body)
    assert response.content == kp.score(kp.example_round(), missing="zero").to_json().encode()
    with pytest.raises(kp.IncompleteDataError) as info:
        kp.score(kp.example_round(), missing="strict")
    response = api.post("/api/score", params={"missing": "strict"}, content=body)
    errors = assert_errors(response, 422, *[p.code for p in info.value.problems])
    assert [e["location"] for e in errors] == [p.location for p in info.value.problems]


def test_score_with_another_rubric_is_refused_at_the_field(api: TestClient, body: bytes) -> None:
    (error,) = assert_errors(
        api.post("/api/score", params={"rubric": "ombudsman-2023"}, content=body),
        422,
        "rubric_mismatch",
    )
    assert error["location"] == "rubric"


@pytest.mark.parametrize("name", [n for n in REFUSED if n.endswith(".json")])
def test_hostile_json_gives_the_readers_located_problems(api: TestClient, name: str) -> None:
    data = (CORPUS / name).read_bytes()
    errors = assert_errors(api.post("/api/score", content=data), 422,
                           *[code for _, code in REFUSED[name]])  # fmt: skip
    # A problem at the whole file is located at the request body instead of the file name.
    wanted = [loc if loc != name else "body" for loc, _ in REFUSED[name]]
    assert [e["location"] for e in errors] == wanted
    validated = api.post("/api/validate", content=data).json()
    assert validated["valid"] is False
    assert [(p["location"], p["code"]) for p in validated["problems"]] == [
        (loc, code) for loc, (_, code) in zip(wanted, REFUSED[name], strict=True)
    ]


def test_validate_a_good_round_lists_what_is_unanswered(api: TestClient, body: bytes) -> None:
    response = api.post("/api/validate", content=body)
    assert response.status_code == 200
    found = response.json()
    assert found["valid"] is True and found["problems"] == []
    with pytest.raises(kp.IncompleteDataError) as info:
        kp.validate(kp.example_round(), missing="strict")
    assert [(p["location"], p["code"]) for p in found["incomplete"]] == [
        (p.location, p.code) for p in info.value.problems
    ]


@pytest.mark.parametrize("kind", ["xlsx", "csv", "json"])
def test_import_reads_each_format_as_the_library_does(api: TestClient, kind: str) -> None:
    # CSV carries neither the round's title and note nor the synthetic flag.
    round_ = kp.example_round().model_copy(update={"title": None, "note": None, "synthetic": False})
    data = write_round(round_, format=cast(FileFormat, kind))
    params = {"name": f"penilaian.{kind}", **({"rubric": RUBRIC} if kind == "csv" else {})}
    response = api.post("/api/import", params=params, content=data)
    assert response.status_code == 200
    found = response.json()
    assert found["problems"] == []
    expected = kp.io.read_round(data, rubric=RUBRIC, name=params["name"])
    assert json.dumps(found["round"], separators=(",", ":")).encode() == write_round(
        expected, format="json"
    )


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_import_of_the_bad_input_corpus_gives_located_problems(api: TestClient, name: str) -> None:
    params = {"name": name, **({"rubric": RUBRIC} if name.endswith(".csv") else {})}
    response = api.post("/api/import", params=params, content=(CORPUS / name).read_bytes())
    assert response.status_code == 200, response.text
    found = response.json()
    assert found["round"] is None
    assert [(p["location"], p["code"]) for p in found["problems"]] == REFUSED[name]
    assert all(p["message"]["id"] != p["message"]["en"] for p in found["problems"]
               if p["code"] in MESSAGES and "{" not in MESSAGES[p["code"]].en)  # fmt: skip


@pytest.mark.parametrize("name", ACCEPTED)
def test_import_of_the_accepted_corpus_reads(api: TestClient, name: str) -> None:
    params = {"name": name, **({"rubric": RUBRIC} if name.endswith(".csv") else {})}
    response = api.post("/api/import", params=params, content=(CORPUS / name).read_bytes())
    assert response.json()["problems"] == []
    assert response.json()["round"]["rubric"] == RUBRIC


def test_import_of_a_csv_without_rubric_says_so(api: TestClient) -> None:
    data = (CORPUS / "good.csv").read_bytes()
    found = api.post("/api/import", params={"name": "good.csv"}, content=data).json()
    assert [(p["location"], p["code"]) for p in found["problems"]] == [
        ("good.csv", "rubric_required")
    ]


def test_import_of_garbage_bytes(api: TestClient) -> None:
    for data in (b"", b"PK\x03\x04 not a zip", bytes(range(256))):
        found = api.post("/api/import", content=data).json()
        assert found["round"] is None and found["problems"], data[:10]


# Rapor and plan -------------------------------------------------------------------------------


def test_plan_is_the_librarys_plan(api: TestClient, body: bytes) -> None:
    response = api.post("/api/plan", params={"target": "hijau"}, content=body)
    assert response.status_code == 200
    assert response.json() == json.loads(
        kp.plan(kp.example_round(), target="hijau").model_dump_json()
    )
    (error,) = assert_errors(api.post("/api/plan", params={"target": "ungu"}, content=body), 422,
                             "plan_unknown_target")  # fmt: skip
    assert error["location"] == "target"


def test_rapor_html_and_pdf(api: TestClient, body: bytes, expected: kp.RoundResult) -> None:
    entity = expected.entities[0]
    html = api.post("/api/rapor", params={"entity": entity.code}, content=body)
    assert html.status_code == 200
    assert html.headers["content-type"].startswith("text/html")
    assert html.headers["content-disposition"] == 'attachment; filename="rapor-16.72.html"'
    assert entity.name in html.text
    pdf = api.post("/api/rapor", params={"entity": entity.code, "format": "pdf", "target": "hijau"},
                   content=body)  # fmt: skip
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content[:5] == b"%PDF-"
    import pypdf

    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    assert entity.name in text
    assert_errors(api.post("/api/rapor", params={"entity": "99.99"}, content=body), 422,
                  "rapor_unknown_entity")  # fmt: skip


# Errors of HTTP itself ------------------------------------------------------------------------


def test_404_405_and_bad_parameters_are_structured(api: TestClient) -> None:
    (error,) = assert_errors(api.get("/api/nothing"), 404, "not_found")
    assert error["location"] == "/api/nothing"
    response = api.delete("/api/score")
    assert_errors(response, 405, "method_not_allowed")
    assert response.headers["allow"] == "POST"
    (error,) = assert_errors(api.post("/api/score", params={"missing": "kadang"}, content=b"{}"),
                             422, "invalid_choice")  # fmt: skip
    assert error["location"] == "query.missing"


def test_an_unexpected_error_is_a_500_without_internals(
    monkeypatch: pytest.MonkeyPatch, body: bytes
) -> None:
    import kepatuhan.scoring

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals /etc/passwd")

    monkeypatch.setattr(kepatuhan.scoring, "score", broken)
    response = client(raise_server_exceptions=False).post("/api/score", content=body)
    assert_errors(response, 500, "internal_error")
    assert "secret" not in response.text and "RuntimeError" not in response.text
    assert "default-src 'none'" in response.headers["content-security-policy"]


# Limits ---------------------------------------------------------------------------------------


def test_a_body_over_the_size_limit_is_413(body: bytes) -> None:
    small = client(max_upload_bytes=1000)
    (error,) = assert_errors(small.post("/api/score", content=body), 413, "upload_too_large")
    assert "1000" in error["message"]["id"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        for k in range(0, len(body), 500):
            yield body[k : k + 500]

    assert_errors(small.post("/api/score", content=chunks()), 413, "upload_too_large")
    assert small.post("/api/classify").status_code == 405  # a small request still passes


def test_too_many_answers_is_422(body: bytes) -> None:
    (error,) = assert_errors(client(max_rows=10).post("/api/score", content=body), 422,
                             "too_many_rows")  # fmt: skip
    assert error["message"]["en"] == "1636 answers, more than the limit of 10"


def test_a_request_over_the_time_limit_is_503(body: bytes) -> None:
    response = client(time_limit=1e-6).post("/api/score", content=body)
    assert_errors(response, 503, "request_timeout")


# Token ----------------------------------------------------------------------------------------


def test_a_host_that_is_not_loopback_needs_a_token() -> None:
    for host in ("0.0.0.0", "192.168.1.10", "kantor.example", "::"):
        with pytest.raises(kp.InvalidInputError) as info:
            ServeSettings(host=host)
        assert [(p.location, p.code) for p in info.value.problems] == [("host", "serve_host_token")]
    for host in ("127.0.0.1", "localhost", "::1", "127.0.0.2"):
        assert ServeSettings(host=host).token is None
    assert "rahasia" not in repr(ServeSettings(host="0.0.0.0", token="rahasia"))


def test_with_a_token_every_request_needs_it() -> None:
    guarded = client(host="0.0.0.0", token="rahasia")
    response = guarded.get("/api/rubrics")
    assert_errors(response, 401, "token_required")
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert_errors(guarded.get("/api/rubrics", headers={"Authorization": "Bearer salah"}), 401,
                  "token_required")  # fmt: skip
    assert_errors(guarded.get("/openapi.json"), 401, "token_required")
    ok = guarded.get("/api/rubrics", headers={"Authorization": "Bearer rahasia"})
    assert ok.status_code == 200
    # The body is not read before the token is checked: a large body is still a 401.
    assert guarded.post("/api/score", content=b"x" * 10**6).status_code == 401


def test_a_browser_opens_the_app_once_with_the_token() -> None:
    guarded = client(token="rahasia")  # a token on loopback is enforced too
    assert guarded.get("/").status_code == 401
    first = guarded.get("/?token=rahasia&lang=en", follow_redirects=False)
    assert first.status_code == 303
    assert first.headers["location"] == "/?lang=en"  # the token leaves the address bar
    cookie = first.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert guarded.get("/").status_code == 200  # the cookie carries it from now on
    assert guarded.post("/results", data={"example": "1"}).status_code == 200
    assert client(token="rahasia").get("/?token=salah").status_code == 401


# Headers and the OpenAPI document -------------------------------------------------------------


def test_security_headers_on_every_response(api: TestClient) -> None:
    for response in (api.get("/"), api.get("/api/rubrics"), api.get("/api/nothing")):
        assert "default-src 'none'" in response.headers["content-security-policy"]
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["cache-control"] == "no-store"


def test_openapi_document_describes_every_endpoint(api: TestClient) -> None:
    document = api.get("/openapi.json").json()
    paths = document["paths"]
    assert set(paths) == {
        "/api/rubrics", "/api/rubrics/{rubric_id}", "/api/classify", "/api/validate",
        "/api/score", "/api/import", "/api/rapor", "/api/plan",
    }  # fmt: skip
    schemas = document["components"]["schemas"]
    assert schemas["Round"]["title"] == "Round"
    assert {"Entity", "ServiceUnit", "ErrorResponse", "RoundResultModel", "Plan"} <= set(schemas)
    round_body = paths["/api/score"]["post"]["requestBody"]["content"]["application/json"]
    assert round_body["schema"] == {"$ref": "#/components/schemas/Round"}


# Without the extra ----------------------------------------------------------------------------


def test_importing_without_the_serve_extra_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "fastapi", None)  # as if it were not installed
    monkeypatch.delitem(sys.modules, "kepatuhan.web")
    with pytest.raises(ImportError) as info:
        importlib.import_module("kepatuhan.web")
    assert isinstance(info.value, kp.KepatuhanError)
    assert 'pip install "kepatuhan[serve]"' in str(info.value)
    assert "fastapi" in str(info.value)


def test_the_app_is_made_again_for_each_settings() -> None:
    one, two = create_app(), create_app(ServeSettings(max_files=1))
    assert one is not two
    assert one.state.settings == ServeSettings()


def test_the_api_page_documents_every_endpoint_and_error_code(api: TestClient) -> None:
    page = (Path(__file__).parent.parent / "docs" / "api.md").read_text(encoding="utf-8")
    for path, operations in api.get("/openapi.json").json()["paths"].items():
        for method in operations:
            assert f"`{method.upper()} {path}`" in page, (method, path)
    for code in ("token_required", "upload_too_large", "too_many_rows", "request_timeout",
                 "internal_error", "not_found", "method_not_allowed"):  # fmt: skip
        assert f"`{code}`" in page, code


# Properties -----------------------------------------------------------------------------------

_PROPERTY_CLIENT = client()


@given(round_=rounds(kp.get_rubric(RUBRIC), max_units=3, max_respondents=2))
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_valid_round_scores_over_http_as_in_the_library(round_: kp.Round) -> None:
    """The API adds nothing and loses nothing: its result is the library's, byte for byte,
    and the round a page carries comes back as the round sent."""
    data = write_round(round_, format="json")
    response = _PROPERTY_CLIENT.post("/api/score", content=data)
    assert response.status_code == 200, response.text[:500]
    sent = kp.io.read_round(data)
    assert response.content == kp.score(sent).to_json().encode()
    assert decode_round(encode_round(sent), ServeSettings()) == sent
