"""schemathesis against the app's own OpenAPI document (``/openapi.json``): every operation
of the JSON API, with generated requests, answers without a server error and as its schema
says (status code, content type, body). Bounded: 25 examples per operation, 100 when
``CI=true``."""

from __future__ import annotations

import os
import warnings
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from kepatuhan.web import ServeSettings, create_app

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=".*httpx2.*")
    import schemathesis
    from schemathesis import checks

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
]
EXAMPLES = 100 if os.environ.get("CI") == "true" else 25

# Small limits, so that generated rounds meet them too (413, 422) and each case stays quick.
app = create_app(ServeSettings(max_upload_bytes=200_000, max_rows=5_000, time_limit=20))
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.mark.filterwarnings("ignore:.*httpx2.*")
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    derandomize=True,
)
def test_api_conforms_to_its_schema(case: schemathesis.Case[Any]) -> None:
    # No 5xx, and every answer as the schema declares it. Not "schema-valid data is
    # accepted": a round can fit the schema and still not fit its rubric (a 422 with the
    # located problems is the right answer then).
    case.call_and_validate(checks=CHECKS)
