"""Form D on real corpus filings: the paper-era seed (OCR), the XML primary_doc of both schema generations,
an SGML-wrapped one, and the checks' figures."""
from __future__ import annotations

from tests.conftest import corpus_file, extracted, gold

SEED = "seeds/001_c2f9e66c3c457e4c.txt"
X0708 = "form_d/edgartools__D.1685REIT.xml"
X0707 = "form_d/halloran-edgar__primary_doc.xml"
X0301_SGML = "form_d/halloran-edgar__filing_with_privacy.txt"
NC = "form_d/edgartools__0001398344-24-000491.nc"


_SOURCES: dict[str, str] = {}


def source_text(path: str) -> str:
    """The decoded source a record's provenance indexes."""
    if path not in _SOURCES:
        from edgarsift.read import read

        _SOURCES[path] = read(path).raw
    return _SOURCES[path]


def spanned(rec, path: str) -> str:
    a, b = rec.provenance[path]
    return source_text(rec.source.path)[a:b]


# -- paper-era seed -----------------------------------------------------------------------------------
def test_seed_issuer_identity_from_damaged_ocr():
    rec = extracted(SEED)
    d = rec.data
    assert rec.form_type == "D"
    # the Name of Issuer field holds only a stamp number: the name comes from the signature block
    assert d.issuer_name == "IBG LLC"
    # label and value interleave on one line ("… Plaza, Gree<TAB>fices (Number and Street, City, Stanwich, …")
    assert d.issuer_address.model_dump() == {"street": "1 Pickwick Plaza", "city": "Greenwich", "state": "CT",
                                             "zip": "06830"}
    assert d.issuer_phone == "2036185800"
    assert d.jurisdiction_of_incorporation == "CT"
    assert d.year_of_incorporation == 1994
    assert spanned(rec, "data.issuer_address.street") == "1 Pickwick Plaza"
    assert spanned(rec, "data.year_of_incorporation") == "1994"


def test_seed_garbled_description_is_null_not_guessed():
    # "marke<TAB>iness et making … clearar<TAB>nce": the joins are not attested anywhere else in the filing
    assert extracted(SEED).data.business_description is None


def test_seed_exemptions_and_persons():
    d = extracted(SEED).data
    assert d.federal_exemptions == ["Rule 506"]
    assert d.uloe is True
    assert [(p.name, p.relationships) for p in d.related_persons] == [
        ("Peterffy, Thomas", ["Beneficial Owner", "Executive Officer"]),
        ("Jacobowitz, Bradford L.", ["Executive Officer"]),
        ("Brody, Paul J.", ["Executive Officer"]),
    ]
    # "Interact<TAB>ive Brok<TAB>kers LLC": a split word and a letter read on both sides of the cut
    assert [r.name for r in d.sales_compensation_recipients] == ["Interactive Brokers LLC"]


def test_seed_offering_figures():
    rec = extracted(SEED)
    d = rec.data
    assert d.minimum_investment == 10000  # "$ 1<TAB>0,000"
    assert [(s.type, s.aggregate_offering_price, s.amount_sold) for s in d.securities] == [("Debt", 35607000, 35607000)]
    assert (d.total_offering_amount, d.total_amount_sold) == (35607000, 35607000)
    assert (d.accredited_investors, d.accredited_amount) == (257, 35607000)
    assert (d.non_accredited_investors, d.non_accredited_amount) == (0, 0)
    assert d.sales_commissions == 35607
    assert d.finders_fees is None  # the row is not in the scan
    assert d.adjusted_gross_proceeds == 35607000
    assert spanned(rec, "data.accredited_investors") == "257"


def test_seed_signature():
    d = extracted(SEED).data
    assert d.signer_name == "Bradford L. Jacobowitz"
    assert d.signer_title == "Associate General Counsel, IBG LLC"  # "IBG L<TAB>LC" joined
    assert d.signature_date == "2007-06-22"


def test_seed_state_appendix():
    rec = extracted(SEED)
    rows = {r.state: r for r in rec.data.state_appendix}
    assert len(rows) == 36
    assert rows["AL"].model_dump() == {"state": "AL", "offering_amount": 885000, "accredited_investors": 3,
                                       "accredited_amount": 885000, "non_accredited_investors": 0,
                                       "non_accredited_amount": 0}
    assert rows["MO"].offering_amount == 15000  # the state code came out of OCR in Cyrillic letters
    assert rows["NV"].offering_amount == 1456000  # "1, 456,000"
    assert rows["TX"].offering_amount == 1170000  # "Debt S<TAB>$1,170,000"
    assert rows["WA"].accredited_investors is None  # the cell OCR lost: never filled in
    assert rows["WA"].accredited_amount == 1394000
    assert rows["LA"].accredited_amount is None and rows["UT"].accredited_amount is None
    assert not {"AK", "DE", "RI", "WY", "PR"} & rows.keys()  # rows without any entry
    assert sum(r.offering_amount for r in rows.values()) == 35607000


def test_seed_scores_against_gold():
    rec = extracted(SEED)
    g = gold(SEED)["data"]
    got = rec.data.model_dump()
    for key in ("issuer_name", "issuer_phone", "minimum_investment", "total_offering_amount", "signer_title"):
        assert got[key] == g[key]
    by_state = {r["state"]: r for r in got["state_appendix"]}
    for row in g["state_appendix"]:
        for k, v in row.items():
            assert by_state[row["state"]][k] == v, (row["state"], k)


# -- checks ---------------------------------------------------------------------------------------------
def findings(rel: str, check: str):
    return [f for f in extracted(rel).findings if f.check == check]


def test_checks_implied_washington_count_is_a_finding_not_data():
    rec = extracted(SEED)
    [wa] = [f for f in findings(SEED, "form_d.appendix_implied_cell") if f.values.get("column") == "accredited_investors"]
    assert wa.values["state"] == "WA"
    assert wa.values["implied"] == 9
    assert (wa.values["summed"], wa.values["total"]) == (248, 257)
    assert wa.severity == "warning"
    assert next(r for r in rec.data.state_appendix if r.state == "WA").accredited_investors is None


def test_checks_appendix_and_totals():
    sums = {f.message.split(" over ")[0]: f for f in findings(SEED, "form_d.appendix_sum")}
    col3 = sums["appendix offering amounts (column 3)"]
    assert col3.severity == "ok" and col3.values["actual"] == 35607000 and col3.values["states"] == 36
    [amounts] = [f for f in findings(SEED, "form_d.appendix_implied_cell") if f.values["column"] == "accredited_amount"]
    assert amounts.values["states"] == ["LA", "UT"] and amounts.values["implied"] == 379000
    assert {f.severity for f in findings(SEED, "form_d.securities_total")} == {"ok"}
    [sold] = findings(SEED, "form_d.sold_within_offering")
    assert sold.severity == "ok"
    [proceeds] = findings(SEED, "form_d.adjusted_proceeds")
    assert proceeds.severity == "warning" and proceeds.values["expenses"] == 35607


# -- XML --------------------------------------------------------------------------------------------------
def test_xml_x0708_standalone():
    rec = extracted(X0708)
    d = rec.data
    assert rec.form_type == "D"
    assert d.issuer_name == "1685 38th REIT, L.L.C."
    assert d.issuer_address.street == "2029 CENTURY PARK EAST, SUITE 1370"  # street1 + street2
    assert d.jurisdiction_of_incorporation == "DE"  # "DELAWARE"
    assert d.year_of_incorporation == 2022 and d.entity_type == "limited liability company"
    assert d.federal_exemptions == ["Rule 506(b)", "Section 3(c)", "Section 3(c)(7)"]
    assert ("Doran, Joseph G.", ["Executive Officer", "Director"]) in [(p.name, p.relationships)
                                                                      for p in d.related_persons]
    assert [s.type for s in d.securities] == ["Equity", "Pooled Investment Fund Interests"]
    assert (d.total_offering_amount, d.total_amount_sold, d.total_investors) == (125000, 125000, 125)
    assert d.sales_commissions == 6250 and d.finders_fees == 0
    assert [r.name for r in d.sales_compensation_recipients] == ["Charles Harrison", "Lori Mayfield",
                                                                "Patrick Whelchel", "Scott Harrison"]
    assert d.signer_name == "Daniel Belldegrun"  # X0708: from signatureName, no nameOfSigner
    assert spanned(rec, "data.issuer_name") == "1685 38th REIT, L.L.C."
    assert spanned(rec, "data.total_amount_sold") == "125000"


def test_xml_older_generation_and_na_names():
    d = extracted(X0707).data
    assert d.year_of_incorporation is None  # over five years ago
    assert d.signer_name == "David G. Kalergis"  # "/s/ David G. Kalergis"
    assert d.date_of_first_sale == "2006-09-15"
    nc = extracted(NC)
    assert nc.form_type == "D/A"
    assert nc.data.total_offering_amount is None  # "Indefinite"
    assert nc.data.related_persons[0].name == "Investure, LLC"  # firstName N/A dropped
    assert nc.data.non_accredited_investors == 0  # hasNonAccreditedInvestors false


def test_xml_x0301_inside_sgml_submission():
    rec = extracted(X0301_SGML)
    d = rec.data
    assert rec.source.format == "edgar-sgml"
    assert d.issuer_name == "GABELLI INTERNATIONAL GOLD FUND LTD."
    assert d.issuer_address.street == "c/o MQ Services Ltd., Chancery Hall, 52 Reid Street"
    assert d.issuer_address.state == "D0" and d.jurisdiction_of_incorporation == "D0"
    assert d.entity_type == "other"
    assert d.federal_exemptions == ["Rule 506", "Section 3(c)", "Section 3(c)(1)"]
    assert d.total_offering_amount is None and d.total_amount_sold == 500000
    assert [r.name for r in d.sales_compensation_recipients] == ["Gabelli & Company"]
    assert (d.signer_name, d.signer_title, d.signature_date) == ("Douglas R. Jamieson", "President of the Manager",
                                                                 "2009-03-16")
    # provenance points into the submission, past its SGML header
    assert spanned(rec, "data.signer_name") == "Douglas R. Jamieson"
    assert rec.provenance["data.issuer_name"][0] > source_text(str(corpus_file(X0301_SGML))).index("<DOCUMENT>")


def _score_records(gold_record: dict, record: dict):
    """The reference scorer's (tp, predicted, gold, errors) for one record."""
    import importlib.util

    from tests.conftest import SHARED

    spec = importlib.util.spec_from_file_location("score", SHARED / "tools" / "score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    return score.score_pair(gold_record, record)


def _score(rel: str):
    return _score_records(gold(rel), extracted(rel).to_json_dict())


def test_xml_records_match_gold_exactly():
    for rel in (X0708, X0707, X0301_SGML, NC, "form_d/edgartools__D.APFund.xml"):
        tp, npred, ngold, errors = _score(rel)
        assert errors == [] and tp == npred == ngold, rel


def test_seed_precision_is_perfect():
    tp, npred, ngold, errors = _score(SEED)
    assert tp == npred  # precision 1.0: nothing wrong is emitted
    assert [e[0] for e in errors] == ["data.business_description"]  # the one deliberate null
