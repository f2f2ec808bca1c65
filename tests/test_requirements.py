"""``require_plugins``: a tool demands plugin packages and versions, and fails early."""

from __future__ import annotations

import pytest

import kepatuhan as kp


def test_satisfied_requirements_pass() -> None:
    kp.require_plugins("pydantic>=2", "pluggy")


def test_every_unmet_requirement_is_named() -> None:
    with pytest.raises(kp.PluginError) as err:
        kp.require_plugins(
            "pydantic>=99", "kepatuhan-rubrik-tidak-ada>=1.0", "not a requirement!!", "pluggy"
        )
    text = str(err.value)
    lines = text.splitlines()
    assert lines[0] == "plugin requirements not met:"
    assert len(lines) == 4
    assert "pydantic>=99 is required, but pydantic 2." in text
    missing = "kepatuhan-rubrik-tidak-ada"
    assert f"{missing}>=1.0 is required, but {missing} is not installed" in text
    assert "'not a requirement!!' is not a valid requirement" in text
