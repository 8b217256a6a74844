"""Settings come from the environment through typed readers that reject bad values."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from petrissage.database import database_from_url
from petrissage.env import env_bool, env_choice, env_int, env_list
from tests.conftest import REPO


@pytest.mark.parametrize(
    ("raw", "expected"), [("true", True), ("1", True), ("off", False), ("", False)]
)
def test_env_bool_reads_common_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("X_FLAG", raw)
    assert env_bool("X_FLAG", False) is expected


def test_env_bool_rejects_typos(monkeypatch):
    monkeypatch.setenv("X_FLAG", "ture")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        env_bool("X_FLAG", False)


def test_env_int_rejects_words_and_out_of_range(monkeypatch):
    monkeypatch.setenv("X_NUM", "ten")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env_int("X_NUM", 1)
    monkeypatch.setenv("X_NUM", "99")
    with pytest.raises(ImproperlyConfigured, match="maximum"):
        env_int("X_NUM", 1, maximum=30)


def test_env_list_and_choice(monkeypatch):
    monkeypatch.setenv("X_LIST", " a.example, b.example ,,")
    assert env_list("X_LIST") == ["a.example", "b.example"]
    monkeypatch.setenv("X_CHOICE", "staging")
    with pytest.raises(ImproperlyConfigured, match="one of"):
        env_choice("X_CHOICE", "development", ("development", "production"))


def test_database_url_selects_sqlite_file_with_durability_options(tmp_path):
    config = database_from_url(
        f"sqlite:///{tmp_path}/clinic.db", default_sqlite_path=tmp_path / "x"
    )
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == f"{tmp_path}/clinic.db"
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "synchronous=FULL" in config["OPTIONS"]["init_command"]
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]


def test_database_url_selects_postgres():
    config = database_from_url(
        "postgres://clinic@127.0.0.1:5432/petrissage", default_sqlite_path=REPO
    )
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["NAME"] == "petrissage"


def test_database_url_rejects_other_schemes():
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        database_from_url("mysql://x@y/z", default_sqlite_path=REPO)


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", PETRISSAGE_ENV="production", ALLOWED_HOSTS="clinic.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _manage("check", PETRISSAGE_ENV="production", SECRET_KEY="k" * 10 + "abcdefghij" * 5)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_passes_the_deployment_checklist(tmp_path):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        PETRISSAGE_ENV="production",
        ALLOWED_HOSTS="clinic.example.org",
        SECRET_KEY="Zq8r!" + "x7Lm2Pw9Kd4Tb6Hs1Vn3Cj5Fg0Ry8Ue2Wo4Ia6Qp" + "Ml3Nb5Vc7",
        DATABASE_URL=f"sqlite:///{tmp_path}/prod.db",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout
