"""A test that needs what the repository does not hold skips locally and fails in CI.

The archived documents, Chromium and HAProxy are outside the repository. Without them their
tests skip with a message saying how to provide them; with RETURNEES_REQUIRE_DOCUMENTS=1,
RETURNEES_REQUIRE_BROWSER=1 or RETURNEES_REQUIRE_HAPROXY=1 (`.ci/run` sets each:
tests/test_docs.py) they fail instead. Checked here without uninstalling anything: the needs
are pointed at paths that do not exist.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import conftest
from tests.browser import conftest as browser_conftest
from tests.conftest import REQUIRE_BROWSER, REQUIRE_DOCUMENTS, REQUIRE_HAPROXY, require

pytest_plugins = ["pytester"]


@pytest.mark.parametrize(
    ("found", "variable", "outcome"),
    [
        pytest.param(True, None, None, id="found: runs"),
        pytest.param(True, "1", None, id="found, required: runs"),
        pytest.param(False, None, pytest.skip.Exception, id="missing: skips"),
        pytest.param(False, "0", pytest.skip.Exception, id="missing, variable 0: skips"),
        pytest.param(False, "1", pytest.fail.Exception, id="missing, required: fails"),
    ],
)
def test_a_missing_need_skips_unless_required(found, variable, outcome, monkeypatch):
    if variable is None:
        monkeypatch.delenv("RETURNEES_REQUIRE_TEST", raising=False)
    else:
        monkeypatch.setenv("RETURNEES_REQUIRE_TEST", variable)
    if outcome is None:
        require(found, "RETURNEES_REQUIRE_TEST", "the need is missing")
        return
    with pytest.raises(outcome, match="the need is missing"):
        require(found, "RETURNEES_REQUIRE_TEST", "the need is missing")


def _run_documents_test(pytester, monkeypatch, documents: str | None, required: bool):
    pytester.makeconftest(Path(conftest.__file__).read_text(encoding="utf-8"))
    pytester.makepyfile(
        "def test_needs_documents(documents_dir):\n    assert documents_dir.is_dir()\n"
    )
    if documents is None:
        monkeypatch.delenv("RETURNEES_DOCUMENTS", raising=False)
    else:
        monkeypatch.setenv("RETURNEES_DOCUMENTS", documents)
    if required:
        monkeypatch.setenv(REQUIRE_DOCUMENTS, "1")
    else:
        monkeypatch.delenv(REQUIRE_DOCUMENTS, raising=False)
    return pytester.runpytest("-rsf", "-p", "no:cacheprovider")


@pytest.mark.parametrize("documents", [None, "no-such-folder"], ids=["unset", "missing folder"])
def test_without_the_documents_their_tests_skip_and_name_the_variable(
    documents, pytester, monkeypatch
):
    result = _run_documents_test(pytester, monkeypatch, documents, required=False)
    result.assert_outcomes(skipped=1)
    assert result.ret == pytest.ExitCode.OK
    result.stdout.fnmatch_lines(["*set RETURNEES_DOCUMENTS to the folder of archived documents*"])


@pytest.mark.parametrize("documents", [None, "no-such-folder"], ids=["unset", "missing folder"])
def test_without_the_documents_their_tests_fail_when_required(documents, pytester, monkeypatch):
    result = _run_documents_test(pytester, monkeypatch, documents, required=True)
    result.assert_outcomes(errors=1)  # the fixture fails: an error, and the run fails
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines([f"*{REQUIRE_DOCUMENTS}=1 but set RETURNEES_DOCUMENTS*"])


@pytest.mark.parametrize("required", [False, True], ids=["not required", "required"])
def test_with_the_documents_their_tests_run(required, pytester, monkeypatch):
    result = _run_documents_test(pytester, monkeypatch, str(pytester.path), required)
    result.assert_outcomes(passed=1)


@pytest.mark.parametrize(
    ("required", "outcome"),
    [(False, pytest.skip.Exception), (True, pytest.fail.Exception)],
    ids=["not required: skips", "required: fails"],
)
def test_without_chromium_the_browser_tests_skip_or_fail(required, outcome, monkeypatch, tmp_path):
    monkeypatch.setattr(browser_conftest, "CHROMIUM", str(tmp_path / "no-chromium"))
    if required:
        monkeypatch.setenv(REQUIRE_BROWSER, "1")
    else:
        monkeypatch.delenv(REQUIRE_BROWSER, raising=False)
    with pytest.raises(outcome, match="apt-get install chromium"):
        browser_conftest.require_chromium()


@pytest.mark.parametrize(
    ("required", "outcome"),
    [(False, pytest.skip.Exception), (True, pytest.fail.Exception)],
    ids=["not required: skips", "required: fails"],
)
def test_without_haproxy_the_deployment_tests_skip_or_fail(
    required, outcome, monkeypatch, tmp_path
):
    monkeypatch.setenv("RETURNEES_HAPROXY", str(tmp_path / "no-haproxy"))
    if required:
        monkeypatch.setenv(REQUIRE_HAPROXY, "1")
    else:
        monkeypatch.delenv(REQUIRE_HAPROXY, raising=False)
    with pytest.raises(outcome, match="apt-get install haproxy"):
        conftest.haproxy.__wrapped__()
