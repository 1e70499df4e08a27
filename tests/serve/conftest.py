"""Fixtures for the service tests: a real DuckDB store in a temporary directory, tokens, apps, a live server."""
from __future__ import annotations

import dataclasses
import socket
import threading
import time
from typing import Iterator

import pytest
import uvicorn
from fastapi.testclient import TestClient

from edgarsift.config import load_settings
from edgarsift.pipeline import extract_document
from edgarsift.read import read
from edgarsift.serve.api import create_app
from edgarsift.store import open_store

from ..conftest import corpus_file

SEED_13DA = "seeds/004_e3cac7b6d7988945.txt"


@pytest.fixture
def store(tmp_path):
    s = open_store(str(tmp_path / "api.duckdb"))
    yield s
    s.close()
    s.con = None  # apps built in a test may outlive it; let DuckDB's connection object go now, not at exit


@pytest.fixture
def token(store) -> str:
    return store.create_token("tests")[1]


def ingest(store, *rels: str) -> list[int]:
    """Store corpus filings directly (no HTTP) and return their ids, in order."""
    ids = []
    for rel in rels:
        doc = read(corpus_file(rel))
        record = extract_document(doc)
        store.put_records([(record, doc.raw)])
        _cols, rows = store.query("SELECT id FROM filings WHERE sha256 = ?", [record.source.sha256])
        ids.append(int(rows[0][0]))
    return ids


def make_client(store, **kwargs) -> TestClient:
    settings = kwargs.pop("settings", None) or load_settings()
    overrides = {k: kwargs.pop(k) for k in ("max_upload_bytes",) if k in kwargs}
    return TestClient(create_app(store, settings=dataclasses.replace(settings, **overrides), **kwargs))


@pytest.fixture
def client(store) -> Iterator[TestClient]:
    """Reads need a token (the default policy)."""
    with make_client(store) as c:
        yield c


@pytest.fixture
def public_client(store) -> Iterator[TestClient]:
    with make_client(store, public_read=True) as c:
        yield c


class LiveServer:
    """The app served by uvicorn on a free loopback port, in a background thread."""

    def __init__(self, app):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self) -> "LiveServer":
        self.thread.start()
        for _ in range(500):  # wait for start-up (bounded: a server that never starts fails the test)
            if self.server.started:
                return self
            time.sleep(0.02)
        raise RuntimeError("uvicorn did not start")

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.sock.close()
