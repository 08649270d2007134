import pytest

from pipeline.components.keys import case_key, fold_key, is_acronym, plural_variants


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("γ-aminobutyric acid", "gamma-aminobutyric acid"),
        ("GABA-A receptor", "GABAA receptor"),
        ("NMDA receptor", "nmda-receptor"),
        ("dextromethorphan/bupropion", "dextromethorphan-bupropion"),
        ("AZD 6765", "AZD6765"),
    ],
)
def test_keys_fold_variants_together(a, b):
    assert fold_key(a) == fold_key(b)


def test_keys_keep_stereo_descriptor_punctuation():
    assert fold_key("(2R,6R)-HNK") == "(2r,6r)hnk"
    assert fold_key("(2R,6R)-HNK") != fold_key("(2S,6S)-HNK")


def test_keys_case_key_keeps_case():
    assert case_key("ALS") == "ALS"
    assert case_key("als") != case_key("ALS")


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("nmdareceptors", ("nmdareceptor",)),
        ("therapies", ("therapie", "therapy")),
        ("mglurs", ("mglur",)),
        ("gas", ()),
        ("stress", ()),
    ],
)
def test_keys_plural_variants(key, expected):
    assert plural_variants(key) == expected


@pytest.mark.parametrize(
    ("text", "expected"), [("ALS", True), ("NK", True), ("als", False), ("GluN2B", False)]
)
def test_keys_is_acronym(text, expected):
    assert is_acronym(text) is expected


@pytest.mark.parametrize(
    ("british", "american"),
    [("oestrogen", "estrogen"), ("anaemia", "anemia"), ("haemorrhage", "hemorrhage"), ("oedema", "edema"),
     ("diarrhoea", "diarrhea"), ("anaesthesia", "anesthesia"), ("coeliac disease", "celiac disease"),
     ("heparan sulphate", "heparan sulfate"), ("paediatric", "pediatric")],
)
def test_keys_fold_british_spellings(british, american):
    assert fold_key(british) == fold_key(american)


@pytest.mark.parametrize(
    ("term", "tokens"),
    [("thromboembolism", ["thrombo", "-", "embolism"]), ("cauda equina", ["cauda", "equina"])],
)
def test_keys_british_fold_never_crosses_a_token_boundary(term, tokens):
    # The lexicon concatenates per-token keys; a compound must key the same either way.
    assert fold_key(term) == "".join(fold_key(t) for t in tokens)
