"""HTML pages in, the article body and the page's own metadata out. Pages written here."""

from __future__ import annotations

import pytest

from eventwire.errors import InputError
from eventwire.ingest.body import extract_body
from eventwire.ingest.html import HtmlExtract, extract_html
from eventwire.ingest.metadata import iso_date

PARAGRAPHS = [
    "KHARTOUM, Sudan - Paramilitary fighters shelled the eastern districts of the city "
    "overnight, killing at least 14 civilians and wounding dozens more, according to a "
    "local emergency response committee that has tracked casualties since the war began.",
    "The committee said three shells struck a crowded market near the central mosque "
    "shortly after dawn prayers, when traders were setting up their stalls. Volunteers "
    "carried the wounded to the only hospital still working in the area.",
    "A spokesman for the army said its units had repelled an attack on a bridge over the "
    "Blue Nile and accused the paramilitary forces of targeting residential areas on "
    "purpose. The paramilitary forces did not respond to a request for comment.",
    "The United Nations humanitarian office said on Saturday that more than 8,000 people "
    "had fled the eastern districts in the past week alone, most of them on foot, towards "
    "camps that are already short of water, food and medicine.",
    "Aid agencies have warned for months that the fighting could cut the last supply "
    "routes into the capital. Talks between the two sides, hosted by regional mediators, "
    "were suspended last month without a date to resume.",
]
CAPTION = "Smoke rises over the eastern districts of Khartoum after overnight shelling."

NEWS_PAGE = f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <title>Shelling kills 14 in Khartoum market | The Daily Courier</title>
  <meta property="og:title" content="Shelling kills 14 in Khartoum market | The Daily Courier">
  <meta property="og:site_name" content="The Daily Courier">
  <meta name="author" content="Amira Hassan">
  <meta property="article:published_time" content="2024-03-02T08:15:00Z">
  <link rel="canonical" href="https://courier.example.com/world/khartoum-shelling">
  <script>window.ads = {{slots: ["top", "side"]}};</script>
  <style>.share {{ display: flex; }}</style>
</head>
<body>
  <header>
    <nav class="main-nav">
      <ul>
        <li><a href="/">Home</a></li><li><a href="/world">World</a></li>
        <li><a href="/sport">Sport</a></li><li><a href="/opinion">Opinion</a></li>
      </ul>
    </nav>
  </header>
  <main>
    <article>
      <h1>Shelling kills 14 in Khartoum market</h1>
      <div class="byline">By Amira Hassan, <time datetime="2024-03-02">2 March 2024</time></div>
      <div class="share">
        <a href="https://facebook.com/share">Share on Facebook</a>
        <a href="https://twitter.com/share">Share on X</a>
        <a href="mailto:?subject=story">Email this story</a>
      </div>
      <figure>
        <img src="/img/khartoum.jpg" alt="Smoke over Khartoum">
        <figcaption>{CAPTION}</figcaption>
      </figure>
      <p>Updated 2 March 2024, 08:15 GMT</p>
      <p>{PARAGRAPHS[0]}</p>
      <p>{PARAGRAPHS[1]}</p>
      <p>Related: <a href="/world/sudan-talks">Sudan talks stall again in Jeddah</a></p>
      <p>{PARAGRAPHS[2]}</p>
      <p>{PARAGRAPHS[3]}</p>
      <p>{PARAGRAPHS[4]}</p>
      <p>Reporting by Amira Hassan; editing by Tom Lee</p>
      <p>Follow The Daily Courier on Twitter and Facebook for the latest updates.</p>
      <p>Read more: <a href="/world/darfur">Darfur camps run out of water</a></p>
      <p>3 comments</p>
      <div class="newsletter">
        <p>Sign up for our Africa briefing, delivered to your inbox every morning.</p>
      </div>
      <div class="tags">Tags: <a href="/t/sudan">Sudan</a>, <a href="/t/war">War</a></div>
    </article>
    <aside class="related">
      <h2>More stories</h2>
      <ul>
        <li><a href="/a">Floods displace thousands in South Sudan</a></li>
        <li><a href="/b">Ceasefire talks: what we know so far</a></li>
        <li><a href="/c">Explainer: who are the Rapid Support Forces?</a></li>
      </ul>
    </aside>
  </main>
  <footer><p>Copyright 2024 The Daily Courier. All rights reserved.</p></footer>
</body>
</html>
"""

FURNITURE = [
    "Updated",
    "Reporting by",
    "Follow The Daily Courier",
    "Darfur camps",
    "comments",
    "Home",
    "Sport",
    "Opinion",
    "Share on Facebook",
    "Email this story",
    "Sudan talks stall",
    "Sign up",
    "Tags",
    "Floods displace",
    "More stories",
    "Copyright",
    "window.ads",
    CAPTION,
]


@pytest.fixture(scope="module")
def news() -> HtmlExtract:
    return extract_html(NEWS_PAGE, "https://courier.example.com/world/khartoum-shelling")


def test_the_body_is_the_article_paragraphs_in_order(news: HtmlExtract) -> None:
    assert news.text == "\n\n".join(PARAGRAPHS)


@pytest.mark.parametrize("furniture", FURNITURE)
def test_page_furniture_stays_out_of_the_body(news: HtmlExtract, furniture: str) -> None:
    assert furniture not in news.text


def test_metadata_comes_from_the_page_declarations(news: HtmlExtract) -> None:
    assert news.title == "Shelling kills 14 in Khartoum market"
    assert news.author == "Amira Hassan"
    assert news.published == "2024-03-02T08:15:00+00:00"
    assert news.sitename == "The Daily Courier"
    assert news.language == "en-gb"
    assert news.url == "https://courier.example.com/world/khartoum-shelling"
    assert news.captions == [CAPTION]


def test_the_pipeline_body_of_a_page_is_its_extracted_text(news: HtmlExtract) -> None:
    body = extract_body(NEWS_PAGE, "html", news.url)
    assert body.text == news.text  # a clean page loses nothing more in scraped-text cleaning
    assert (body.title, body.author, body.captions) == (news.title, news.author, news.captions)
    assert body.published_metadata == news.published


def test_the_canonical_link_stands_in_for_a_missing_url() -> None:
    assert extract_html(NEWS_PAGE).url == "https://courier.example.com/world/khartoum-shelling"


def _page(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def test_no_date_is_guessed_when_the_page_declares_none() -> None:
    page = _page("".join(f"<p>On 3 May 2021, {p}</p>" for p in PARAGRAPHS))
    extract = extract_html(page)
    assert extract.published is None
    assert extract.author is None
    assert extract.language is None


def test_json_ld_metadata_is_read() -> None:
    ld = (
        '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
        '{"@type": "NewsArticle", "headline": "Convoy reaches Goma",'
        ' "datePublished": "2023-11-05", "author": [{"@type": "Person", "name": "J. Mbeki"},'
        ' {"@type": "Person", "name": "L. Okafor"}],'
        ' "publisher": {"@type": "Organization", "name": "Lakes Wire"}}]}</script>'
    )
    extract = extract_html(_page("".join(f"<p>{p}</p>" for p in PARAGRAPHS), ld))
    assert extract.title == "Convoy reaches Goma"
    assert extract.published == "2023-11-05"
    assert extract.author == "J. Mbeki; L. Okafor"
    assert extract.sitename == "Lakes Wire"


def test_lists_and_tables_read_as_lines_without_markup() -> None:
    body = (
        f"<article><p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p>"
        "<p>The committee listed the districts hit overnight:</p>"
        "<ul><li>Al-Haj Yousif, where the market was struck</li>"
        "<li>Sharq an-Nil, near the bridge</li></ul>"
        "<table><tr><th>District</th><th>Killed</th></tr>"
        "<tr><td>Al-Haj Yousif</td><td>9</td></tr><tr><td>Sharq an-Nil</td><td>5</td></tr>"
        f"</table><p>{PARAGRAPHS[2]}</p><p>{PARAGRAPHS[3]}</p></article>"
    )
    text = extract_html(_page(body)).text
    assert "Al-Haj Yousif, where the market was struck\nSharq an-Nil, near the bridge" in text
    assert "District\tKilled\nAl-Haj Yousif\t9\nSharq an-Nil\t5" in text
    assert "\n- " not in text and "|" not in text


MALFORMED = (
    "<html><head><title>Broken page</title><body><div class=story"
    f"<p>{PARAGRAPHS[0]}<p>{PARAGRAPHS[1]}</div></div></span>"
    f"<p><b>{PARAGRAPHS[2]}<p>{PARAGRAPHS[3]}</i>"
)


def test_malformed_html_still_gives_its_text() -> None:
    text = extract_html(MALFORMED).text
    for paragraph in PARAGRAPHS[1:4]:
        assert paragraph in text


@pytest.mark.parametrize(
    ("page", "problem"),
    [
        ("", "empty page"),
        ("  \n ", "empty page"),
        ("<html><head><title>x</title></head><body></body></html>", "no article text"),
        (
            _page('<nav><a href="/">Home</a> <a href="/news">News</a></nav>'),
            "no article text",
        ),
        ("\x00\x01\x02\x03", "not an HTML page"),
    ],
)
def test_a_page_without_text_is_one_clear_error(page: str, problem: str) -> None:
    with pytest.raises(InputError) as caught:
        extract_html(page, "https://example.com/a", where="pages/a.html")
    assert str(caught.value).startswith("pages/a.html: ")
    assert problem in caught.value.problem


def test_errors_name_the_url_or_html_when_no_file_is_given() -> None:
    with pytest.raises(InputError, match=r"^https://example\.com/a: empty page"):
        extract_html("", "https://example.com/a")
    with pytest.raises(InputError, match=r"^<html>: empty page"):
        extract_html("")


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2024-03-02", "2024-03-02"),
        ("2024-03-02T08:15:00Z", "2024-03-02T08:15:00+00:00"),
        ("2024-03-02T08:15:00-05:00", "2024-03-02T08:15:00-05:00"),
        ("Sat, 02 Mar 2024 08:15:00 GMT", "2024-03-02T08:15:00+00:00"),
        ("March 2, 2024", "2024-03-02"),
        ("2 March 2024", "2024-03-02"),
        ("last Tuesday", None),
        ("2024-13-45", None),
        ("", None),
        (None, None),
    ],
)
def test_iso_date_reads_declared_dates_and_guesses_nothing(
    value: str | None, iso: str | None
) -> None:
    assert iso_date(value) == iso
