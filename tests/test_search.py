"""The search on either database: the same partnerships found, through the full-text index on PostgreSQL."""

import pytest
from django.db import connection

from directory.models import Partnership

from .factories import ChinesePlaceFactory, NorwegianPlaceFactory, PartnershipFactory

pytestmark = pytest.mark.django_db

ON_POSTGRESQL = connection.vendor == "postgresql"


def found(query):
    return set(Partnership.objects.published().search(query).values_list("slug", flat=True))


@pytest.fixture
def ningbo_and_trondelag():
    ningbo = ChinesePlaceFactory(name="Ningbo", native_name="宁波市", pinyin="Níngbō Shì", slug="ningbo")
    sor_trondelag = NorwegianPlaceFactory(name="Sør-Trøndelag", native_name="Sør-Trøndelag fylke", slug="sor-trondelag")
    stavanger = NorwegianPlaceFactory(name="Stavanger", native_name="Stavanger kommune", slug="stavanger")
    chongqing = ChinesePlaceFactory(name="Chongqing", native_name="重庆市", pinyin="Chóngqìng Shì", slug="chongqing")
    PartnershipFactory(norwegian_party=stavanger, chinese_party=ningbo, slug="stavanger-ningbo", summary="Harbours.")
    PartnershipFactory(norwegian_party=sor_trondelag, chinese_party=chongqing, slug="sor-trondelag-chongqing")
    PartnershipFactory(norwegian_party=sor_trondelag, chinese_party=ningbo, slug="sor-trondelag-ningbo", status="draft")


@pytest.mark.usefixtures("ningbo_and_trondelag")
@pytest.mark.parametrize("query", ["宁波", "ningbo", "Níngbō", "NINGBO", "ning", "Ningbo 宁波", "宁波 harbours"])
def test_ningbo_is_found_in_chinese_pinyin_and_english_alike(query):
    assert found(query) == {"stavanger-ningbo"}


@pytest.mark.usefixtures("ningbo_and_trondelag")
@pytest.mark.parametrize("query", ["sor trondelag", "Sør-Trøndelag", "sor-trondelag", "trondelag fylke", "重庆"])
def test_sor_trondelag_is_found_with_or_without_its_letters(query):
    assert found(query) == {"sor-trondelag-chongqing"}


@pytest.mark.usefixtures("ningbo_and_trondelag")
@pytest.mark.parametrize("query", ["ningbo chongqing", "宁波 重庆", "xyzzy", "宁波 xyzzy"])
def test_every_word_must_match(query):
    assert found(query) == set()


def test_words_are_never_read_as_query_syntax():
    PartnershipFactory(summary="Rock & roll (and more): it's fine!")

    assert len(found("rock & roll | ! ( ) : * ' \\ and")) == 1
    assert found("!") == {partnership.slug for partnership in Partnership.objects.all()}  # no word: no filter


def test_the_search_reads_the_full_text_index_on_postgresql_and_the_text_on_sqlite():
    sql = str(Partnership.objects.search("ningbo 宁波").query)

    assert ("to_tsvector('simple'::regconfig" in sql) is ON_POSTGRESQL
    assert "宁波" in sql  # Chinese words are looked for as substrings on both


@pytest.mark.skipif(not ON_POSTGRESQL, reason="the full-text index exists on PostgreSQL only")
def test_the_full_text_index_is_the_one_the_search_uses():
    queryset = Partnership.objects.search("ningbo")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "partnership_search_document" in plan
