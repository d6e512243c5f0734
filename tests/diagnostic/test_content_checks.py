"""The home page reader (socle.diagnostic.homepage) and the content checks on what it finds:
third parties, known trackers, accessibility statement, legal notice; and the TLS 1.0/1.1 probe's
"could not test" path."""

import ssl

import pytest

from socle.diagnostic import collector, homepage
from socle.diagnostic.checks import content
from socle.diagnostic.facts import DomainFacts, PageFacts, WebFacts

URL = "https://www.ma-commune.fr/"


def read(html: str | bytes, **kwargs) -> PageFacts:
    body = html.encode() if isinstance(html, str) else html
    kwargs.setdefault("content_type", "text/html; charset=utf-8")
    return homepage.parse(body, url=URL, first_party=["ma-commune.fr"], **kwargs)


def facts_with(page: PageFacts | None, **web) -> DomainFacts:
    return DomainFacts(
        domain="ma-commune.fr",
        web=WebFacts(declared_url=URL, host="www.ma-commune.fr", page=page, **web),
    )


def rate_all(page: PageFacts | None, **web) -> dict[str, str]:
    facts = facts_with(page, **web)
    return {
        r.id: r.status
        for r in (
            content.third_parties(facts),
            content.trackers(facts),
            content.accessibility_statement(facts),
            content.legal_notice(facts),
        )
    }


def test_loaded_resources_from_other_domains_are_third_parties():
    page = read(
        """<html><head>
        <link rel="stylesheet" href="//fonts.googleapis.com/css?family=Inter">
        <link rel="preconnect" href="https://cdn.jsdelivr.net">
        <link rel="alternate" href="https://autre-site.fr/flux.xml">
        <link rel="stylesheet" href="/css/site.css">
        <script src="https://static.ma-commune.fr/app.js"></script>
        <script type="application/ld+json">{"@context": "https://schema.org"}</script>
        <script>var u = "https://static.hotjar.com/c/hotjar-1.js";</script>
        <style>body { background: url(https://img.exemple.org/fond.png) }</style>
        </head><body>
        <img src="data:image/png;base64,AAAA" alt=""><img src="/logo.png" alt="">
        <img srcset="https://photos.exemple.net/a.jpg 1x, https://photos2.exemple.net/b.jpg 2x">
        <iframe src="https://www.youtube-nocookie.com/embed/x"></iframe>
        <div style="background-image: url('//deco.exemple.com/x.png')"></div>
        <a href="https://www.service-public.fr/">Démarches</a>
        </body></html>"""
    )
    assert page.third_party_hosts == [
        "cdn.jsdelivr.net",
        "deco.exemple.com",
        "fonts.googleapis.com",
        "img.exemple.org",
        "photos.exemple.net",
        "photos2.exemple.net",
        "static.hotjar.com",
        "www.youtube-nocookie.com",
    ]  # not: own subdomain, relative, data:, JSON-LD context, plain links, rel=alternate
    assert [(t["name"], t["country"]) for t in page.trackers] == [
        ("Google Fonts", "US"),
        ("Hotjar", "MT"),
        ("YouTube (mode confidentialité renforcée)", "US"),
    ]


def test_scripts_held_back_until_consent_are_not_counted():
    page = read(
        '<script type="text/plain" data-cookieconsent="statistics" '
        'src="https://www.googletagmanager.com/gtag/js?id=G-1"></script>'
        '<script type="text/plain">var u = "https://static.hotjar.com/c.js";</script>'
        '<iframe data-src="https://www.youtube.com/embed/x"></iframe>'
        '<script>var svg = "http://www.w3.org/2000/svg";</script>'
        '<script type="text/javascript; charset=utf-8" src="https://cdn.exemple.org/a.js">'
        "</script>"
    )
    assert page.third_party_hosts == ["cdn.exemple.org"] and page.trackers == []


def test_trackers_match_on_the_registrable_suffix_only():
    page = read(
        '<script src="https://notgoogle-analytics.com/x.js"></script>'
        '<script src="https://ssl.google-analytics.com/ga.js"></script>'
        '<img src="https://logc1.xiti.com/hit.xiti?s=1">'
    )
    assert [t["host"] for t in page.trackers] == ["logc1.xiti.com", "ssl.google-analytics.com"]
    assert page.trackers[0]["company"] == "Piano / AT Internet"
    assert "notgoogle-analytics.com" in page.third_party_hosts


def test_the_page_host_is_first_party_even_after_a_redirect_elsewhere():
    page = homepage.parse(
        b'<img src="https://www.portail-mairie.fr/logo.png"><img src="https://x.ma-commune.fr/">',
        url="https://www.portail-mairie.fr/accueil",
        first_party=["ma-commune.fr"],
    )
    assert page.third_party_hosts == []


@pytest.mark.parametrize(
    ("link", "level"),
    [
        ('<a href="/a11y">ACCESSIBILITÉ : NON CONFORME</a>', "non"),
        ('<a href="/a11y">Accessibilite&nbsp;:  Partiellement   conforme</a>', "partiellement"),
        ('<a href="/x"><span>Accessibilité</span> : <b>totalement conforme</b></a>', "totalement"),
        ('<a href="/declaration">Déclaration d’accessibilité</a>', ""),
        ('<a href="/pages/Accessibilit%C3%A9">Handicap</a>', ""),
        ('<a href="/ACCESSIBILITE.html"><img alt="" src="/i.png"></a>', ""),
        ('<a href="/fr/accessibility">Access</a>', ""),
    ],
)
def test_accessibility_links_in_any_case_and_accents(link, level):
    page = read(f"<footer>{link}</footer>")
    assert len(page.accessibility_links) == 1
    assert page.accessibility_level == level


@pytest.mark.parametrize(
    "link",
    [
        '<a href="/infos">MENTIONS LÉGALES</a>',
        '<a href="/infos">Mentions legales</a>',
        '<a href="/infos">Mention légale</a>',
        '<a href="/Mentions-Legales.html">Informations</a>',
        '<a href="/mentions_legales">i</a>',
    ],
)
def test_legal_notice_links(link):
    assert read(link).legal_notice_links


def test_a_page_without_the_links_fails_and_one_with_them_passes():
    bare = read("<!doctype html><title>Mairie</title><a href='/contact'>Contact</a>")
    assert rate_all(bare) == {
        "web.third_parties": "pass",
        "web.trackers": "pass",
        "web.accessibility_statement": "fail",
        "web.legal_notice": "fail",
    }
    full = read(
        "<a href='/accessibilite'>Accessibilité : partiellement conforme</a>"
        "<a href='/mentions-legales'>Mentions légales</a>"
    )
    assert set(rate_all(full).values()) == {"pass"}


def test_malformed_html_is_still_read():
    page = read(
        b"<html><body><div><p>Bienvenue<table><tr><td><a href='/mentions-legales'>Mentions "
        b"l\xc3\xa9gales<script src='https://www.googletagmanager.com/gtm.js?id=X'><</td>"
        b'<a href="/accessibilite" <b>Accessibilit\xc3\xa9 : non conforme</a>\x00\xff</div'
    )
    assert not page.error
    assert page.legal_notice_links
    assert [t["name"] for t in page.trackers] == ["Google Tag Manager"]


def test_latin1_page_decoded_from_its_header():
    page = read(
        "<a href='/m'>Mentions légales</a>".encode("latin-1"),
        content_type="text/html; charset=iso-8859-1",
    )
    assert page.legal_notice_links == ["Mentions légales"]


def test_a_huge_page_is_parsed_up_to_the_limit_only():
    head = '<script src="https://www.google-analytics.com/analytics.js"></script>'
    filler = "<p>" + "x" * 1000 + "</p>"
    tail = "<a href='/mentions-legales'>Mentions légales</a>"
    body = (head + filler * (homepage.PARSE_LIMIT // len(filler) + 50) + tail).encode()
    page = read(body)
    assert page.truncated and page.size == len(body)
    assert [t["name"] for t in page.trackers] == ["Google Analytics"]  # before the cut: seen
    assert page.legal_notice_links == []  # after the cut: not seen ...
    statuses = rate_all(page)
    assert statuses["web.trackers"] == "fail"
    assert statuses["web.third_parties"] == "warning"
    # ... so its absence is "not tested", never a failure
    assert statuses["web.legal_notice"] == statuses["web.accessibility_statement"] == "error"
    clean = read(filler * (homepage.PARSE_LIMIT // len(filler) + 50))
    assert rate_all(clean)["web.trackers"] == "error"


def test_no_home_page_is_an_error_not_a_failure():
    assert set(rate_all(None, https_error="délai dépassé").values()) == {"error"}
    assert set(rate_all(PageFacts(error="page d'accueil en erreur (HTTP 500)")).values()) == {
        "error"
    }
    outcome = content.legal_notice(facts_with(None, reach_error="connexion refusée"))
    assert "connexion refusée" in outcome.evidence
    assert content.trackers(DomainFacts()).status == "not_applicable"


def test_a_page_that_is_not_html_is_not_tested():
    page = read(b"%PDF-1.7", content_type="application/pdf")
    assert page.error.startswith("la page d'accueil n'est pas du HTML")
    assert set(rate_all(page).values()) == {"error"}


def test_evidence_names_the_tracker_company_and_country():
    page = read('<script src="https://connect.facebook.net/fr_FR/fbevents.js"></script>')
    outcome = content.trackers(facts_with(page))
    assert outcome.status == "fail"
    assert outcome.evidence == (
        "Meta Pixel / SDK Facebook (Meta Platforms, Inc., US) via connect.facebook.net"
    )
    assert "art. 82" in outcome.explanation_fr and outcome.remedy_fr


def test_many_third_parties_are_summed_up():
    html = "".join(f'<img src="https://h{n}.exemple.org/i.png">' for n in range(14))
    outcome = content.third_parties(facts_with(read(html)))
    assert outcome.evidence.startswith("14 tiers : ") and outcome.evidence.endswith("4 autres")


def test_legal_references_are_cited():
    page = read("")
    assert "loi n° 2005-102" in content.accessibility_statement(facts_with(page)).explanation_fr
    assert "décret n° 2019-768" in content.accessibility_statement(facts_with(page)).explanation_fr
    assert "loi n° 2004-575" in content.legal_notice(facts_with(page)).explanation_fr


def test_the_home_page_is_read_over_http_when_there_is_no_https(sim_config):
    facts = collector.collect(sim_config, url="http://commune-risque.com")
    assert not facts.web.https_ok
    assert facts.web.page.url == "http://commune-risque.com/"
    assert facts.web.page.error == "" and facts.web.page.legal_notice_links == []


def test_a_home_page_in_error_is_not_tested(sim_config):
    response = collector.http.fetch(
        "https://bonne-commune.fr/", route=sim_config.route(), ca_bundle=sim_config.ca_bundle
    )
    assert collector._read_page(response, ["bonne-commune.fr"]).accessibility_links
    response.status = 404
    page = collector._read_page(response, ["bonne-commune.fr"])
    assert page.error == "page d'accueil en erreur (HTTP 404)"
    assert set(rate_all(page).values()) == {"error"}


def test_legacy_tls_probe_against_modern_and_old_servers(sim_config):
    modern = collector.collect_web(sim_config, "https://bonne-commune.fr/")
    assert modern.legacy_tls_tested and modern.legacy_tls == []
    old = collector.collect_web(sim_config, "https://commune-traceurs.fr/")
    assert old.legacy_tls_tested and old.legacy_tls == ["TLSv1", "TLSv1.1"]


def test_legacy_tls_not_offered_by_the_client_is_not_tested(sim_config):
    """Without SECLEVEL=0, OpenSSL 3 refuses to offer TLS 1.0 at all: that is 'could not test'
    (error), never a pass for the server."""
    strict = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    strict.check_hostname, strict.verify_mode = False, ssl.CERT_NONE
    with pytest.warns(DeprecationWarning):
        strict.minimum_version = strict.maximum_version = ssl.TLSVersion.TLSv1
    outcome = collector._legacy_handshake(sim_config, "commune-traceurs.fr", "TLSv1", strict)
    assert outcome.startswith("l'outil ne peut pas proposer TLSv1")
    web = WebFacts(https_ok=True, legacy_tls_error=outcome)
    from socle.diagnostic.checks.security import tls_versions

    rated = tls_versions(DomainFacts(web=web))
    assert rated.status == "error" and "ne peut pas proposer" in rated.evidence


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("<meta charset='windows-1252'><a href='/m'>Mentions légales</a>".encode("cp1252"), ""),
        ("<a href='/m'>Mentions légales</a>".encode("cp1252"), "text/html"),
        ("<a href='/m'>Mentions légales</a>".encode(), "text/html"),
        (
            '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml">'
            "<body><a href='/m'>Mentions légales</a></body></html>".encode(),
            "application/xhtml+xml",
        ),
    ],
)
def test_encodings_are_guessed_like_a_browser(body, content_type):
    assert read(body, content_type=content_type).legal_notice_links == ["Mentions légales"]


def test_a_character_cut_by_the_limit_does_not_change_the_encoding():
    body = "<a href='/m'>Mentions légales</a>".encode() + b"x" * homepage.PARSE_LIMIT
    cut = body[: homepage.PARSE_LIMIT - 1] + "é".encode()  # é's second byte is past the limit
    assert homepage.decode(cut[: homepage.PARSE_LIMIT]).startswith("<a href='/m'>Mentions légales")


def test_an_empty_page_has_no_links():
    assert rate_all(read(b""))["web.legal_notice"] == "fail"
    assert rate_all(read(b"   \n"))["web.accessibility_statement"] == "fail"
