from pathlib import Path

import pytest

DEMO = Path(__file__).resolve().parents[3] / "socle" / "data" / "assistant" / "demo"


@pytest.fixture
def demo() -> dict[str, str]:
    return {name: (DEMO / f"conseil-municipal.{name}").read_text(encoding="utf-8")
            for name in ("vtt", "txt", "ordre-du-jour.txt", "presences.txt")}
