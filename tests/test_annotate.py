import json
from dataclasses import asdict

from pipeline.annotate import annotate_texts


def test_to_dict_is_asdict_without_the_copies():
    text = (
        "Zorbaxine, an NMDA receptor antagonist, relieved treatment-resistant depression but caused "
        "nausea. Ketamine did not inhibit the AMPA receptor."
    )
    (annotation,) = annotate_texts([text])
    assert annotation.facts and annotation.mentions  # something of every kind to convert
    assert annotation.to_dict() == asdict(annotation)
    as_json = [json.dumps(d, ensure_ascii=False) for d in (annotation.to_dict(), asdict(annotation))]
    assert as_json[0] == as_json[1]  # same key order: stored annotations stay byte-identical
