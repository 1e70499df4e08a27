"""Property-based tests from the OpenAPI spec (schemathesis), in-process against the ASGI app: every
operation, bounded examples. The service must never answer 5xx and must answer as its spec says."""
from __future__ import annotations

import gc
import shutil
import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import negative_data_rejection, positive_data_acceptance

from edgarsift.serve.api import create_app
from edgarsift.store import open_store

from .conftest import SEED_13DA, ingest

# schemathesis parametrizes at collection time, so the app (on its own temporary store) is built here.
_DIR = Path(tempfile.mkdtemp(prefix="edgarsift-schemathesis-"))
STORE = open_store(str(_DIR / "api.duckdb"))
ingest(STORE, SEED_13DA, "form_d/edgartools__D.1685REIT.xml")  # ids that exist, beside random ones
TOKEN = STORE.create_token("schemathesis")[1]
APP = create_app(STORE, public_read=False, extract_timeout_s=30)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module", autouse=True)
def _cleanup():
    global STORE
    yield
    APP.state.service.pool.close()
    STORE.close()
    # drop every reference to the store, so DuckDB's objects are freed now rather than at interpreter exit
    APP.state.service.store = STORE = None
    gc.collect()
    shutil.rmtree(_DIR, ignore_errors=True)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_spec(case):
    # The upload is one multipart file of any bytes: whether they are a readable filing is not something a
    # schema can say (random bytes are rightly 422), and a "file" mutated into a JSON object is still just
    # bytes on the wire. So the two data-acceptance checks do not apply to it; every other check does.
    upload = case.operation.method.upper() == "POST"
    excluded = [positive_data_acceptance, negative_data_rejection] if upload else []
    case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"}, excluded_checks=excluded)
