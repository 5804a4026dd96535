"""The learned second opinion on intent (nlp.intent_model): how it decides, and that the shipped
weights are what training on the tuning sets gives."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from nlp import intent_model
from nlp.extract import build_doc
from nlp.gazetteer import load_gazetteer
from nlp.intent import classify, standard

NOW = dt.datetime(2026, 11, 26, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
DATA = Path(__file__).resolve().parent / "data"


def _doc(text: str):  # type: ignore[no-untyped-def]
    return build_doc(text, NOW, load_gazetteer())


def test_it_overrules_only_past_the_margin(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = _doc("我去")
    text = standard(doc.text)
    # other is preferred to claim by exactly the margin: the rules keep their word
    weights = {"我去": (0.0, 0.0, 0.0, intent_model.OVERRULE)}
    monkeypatch.setattr(intent_model, "load_model", lambda: weights)
    assert intent_model.second_opinion(doc, text, "claim") is None
    weights["我去"] = (0.0, 0.0, 0.0, intent_model.OVERRULE + 0.5)
    assert intent_model.second_opinion(doc, text, "claim") == "other"
    # agreeing with the rules is no opinion of its own
    assert intent_model.second_opinion(doc, text, "other") is None


def test_an_overruling_is_told_in_the_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = _doc("我去")
    monkeypatch.setattr(intent_model, "load_model",
                        lambda: {"我去": (0.0, 0.0, -5.0, 5.0)})
    res = classify(doc)
    assert (res.intent, res.reason) == ("other", "model (rules: claim, reply)")


def test_training_learns_what_the_labels_say() -> None:
    samples = [(["招工", "#head"], 0), (["找活", "我会"], 1), (["我去"], 2), (["收到"], 3)] * 5
    weights = intent_model.train(samples, epochs=5)
    for feats, label in samples[:4]:
        sc = intent_model.scores(feats, weights)
        assert max(range(4), key=sc.__getitem__) == label


def test_features_fold_digits_and_name_what_was_found() -> None:
    doc = _doc("明天要3个小工 150一天 电话13800001111")
    feats = intent_model.features(doc, standard(doc.text))
    # a phone is one mark, its digits gone (spelled ones too: 幺三八…)
    assert "0个" in feats and "^明" in feats and "1$" not in feats and "☎$" in feats
    assert not any("00" in f for f in feats)
    assert {"#work", "#wage", "#head", "#phone", "#date", "#work+head"} <= set(feats)
    spelled = _doc("招小工 电话幺三八零零零零幺幺幺幺")
    feats = intent_model.features(spelled, standard(spelled.text))
    assert "话☎" in feats and not any("幺" in f for f in feats)


def test_the_shipped_weights_are_those_training_gives(tmp_path: Path) -> None:
    # the model file is data the code writes, never edited by hand: retraining on the same
    # labelled sets gives the very same file
    samples = intent_model.samples_of(DATA / f"{n}.jsonl" for n in intent_model.TRAINING_SETS)
    out = tmp_path / "model.tsv"
    note = (f"intent model: {len(samples)} messages of "
            f"{', '.join(intent_model.TRAINING_SETS)}")
    intent_model.write_model(intent_model.train(samples), out, note)
    assert out.read_bytes() == intent_model.MODEL_PATH.read_bytes()


def test_it_is_never_trained_on_a_held_out_set() -> None:
    assert not {"holdout", "blind", "never_tuned"} & set(intent_model.TRAINING_SETS)


def test_the_contracts_explicit_structures_are_never_overruled(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    doc = _doc("哪位老板缺人手 我们组有四个劳力")
    text = standard(doc.text)
    monkeypatch.setattr(intent_model, "load_model",
                        lambda: {"劳力": (0.0, 0.0, 9.0, 0.0)})
    assert classify(doc).intent == "work_seek"  # asking around for work: a seek, whatever
    assert intent_model.second_opinion(doc, text, "work_seek", "seek") == "claim"
