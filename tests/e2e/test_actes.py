"""Browser (acceptance): an agent uploads an act, reviews the suggestions with the keyboard,
publishes; the public page shows no masked item; the original is reachable only by its
collectivité. axe on the upload, review and public pages."""

from __future__ import annotations

import pytest

from tests.actes.conftest import ACT_TEXT, MASKED, metadata
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def _fill_upload(page, path) -> None:
    data = metadata()
    page.locator("#id_file").set_input_files(str(path))
    for name in ("kind", "nature", "matiere_code"):
        page.locator(f"#id_{name}").select_option(data[name])
    for name in ("number", "date", "object", "siret", "author_name", "author_title",
                 "votes_effectif", "votes_presents", "votes_votants", "votes_pour",
                 "votes_contre", "votes_abstentions"):
        page.locator(f"#id_{name}").fill(data[name])


def test_agent_uploads_reviews_with_keyboard_and_publishes(browsing, agent_a, agent_b,
                                                           territory, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    source = tmp_path / "deliberation-2026-014.txt"
    source.write_text(ACT_TEXT, encoding="cp1252")
    sign_in(browsing, agent_a)
    page = browsing.page
    browsing.visit(f"/actes/collectivites/{territory.a.pk}/deposer/")
    assert_accessible(page)
    _fill_upload(page, source)
    page.get_by_role("button", name="Déposer et analyser").click()
    browsing.check_budgets()
    assert "encodage lu : Windows-1252" in page.locator("main").inner_text()
    assert_accessible(page)

    # Keyboard: j to the third suggestion (the date of birth), g keeps it in clear (the
    # preview shows it), m masks it again.
    preview = page.locator("#preview")
    page.locator("h1").click()
    for _ in range(3):
        page.keyboard.press("j")
    first = page.locator("#act-text mark.current")
    first_text = first.evaluate("m => m.firstChild.textContent")
    index = first.get_attribute("data-index")
    page.keyboard.press("g")
    assert not page.locator(f"#mask-{index}").is_checked()
    page.wait_for_function("t => document.querySelector('#preview').innerText.includes(t)",
                           arg=first_text)
    page.keyboard.press("m")
    assert page.locator(f"#mask-{index}").is_checked()
    # a: add the selected words (the amount, for the test) as an item to mask.
    page.evaluate("""() => {
        const pre = document.getElementById('act-text');
        const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
        let node;
        while ((node = walker.nextNode())) {
            const at = node.textContent.indexOf('1 500 euros');
            if (at >= 0) {
                const range = document.createRange();
                range.setStart(node, at); range.setEnd(node, at + '1 500 euros'.length);
                const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
                return;
            }
        }
    }""")
    with page.expect_navigation():
        page.keyboard.press("a")
    browsing.check_budgets()
    assert "Relecture enregistrée" in page.locator("main").inner_text()
    assert "1 500 euros" not in preview.inner_text()
    page.get_by_role("button", name="Publier la version pseudonymisée").click()
    assert "Acte publié" in page.locator("main").inner_text()
    original_url = page.get_by_role("link", name="Télécharger l'original").get_attribute("href")
    assert page.request.get(original_url).status == 200

    browsing.visit(f"/actes/public/{territory.a.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="Délibération n° 2026-014").click()
    browsing.check_budgets()
    assert_accessible(page)
    shown = page.content()
    for original in [*MASKED, "1 500 euros"]:
        assert original not in shown
    assert "[Personne 1]" in shown and "Étienne Élu" in shown

    sign_in(browsing, agent_b)
    assert page.request.get(original_url).status == 404
