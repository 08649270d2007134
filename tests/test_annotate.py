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


def test_a_fact_keeps_its_own_argument_when_a_mention_of_another_label_has_the_same_offsets():
    # "serotonin and norepinephrine transporters": the relation rules read "serotonin" as the elided
    # serotonin transporter while the NER's mention at those offsets is the chemical; the fact must
    # not come out as "X INHIBITOR serotonin (the chemical)"
    (ann,) = annotate_texts(["Zorbaxine inhibits serotonin and norepinephrine transporters in vitro."])
    chemical = [m for m in ann.mentions if m.text == "serotonin"]
    assert [m.label for m in chemical] == ["CHEMICAL"]
    objects = {(f.relation, f.object.text, f.object.label, f.object.concept_id) for f in ann.facts}
    assert ("INHIBITOR", "serotonin", "RECEPTOR", "HGNC:SLC6A4") in objects
    assert ("INHIBITOR", "norepinephrine transporters", "RECEPTOR", "HGNC:SLC6A2") in objects
    assert all(f.object.label == "RECEPTOR" for f in ann.facts if f.relation == "INHIBITOR")
