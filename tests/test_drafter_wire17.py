"""Specification of the readings the seventeenth and eighteenth sets (tests/data/drafter/wire17
and wire18, measured once as the session's final never-seen figure, then released) showed were
missing: the accused side's "nothing irregular", "at no time", "always declared"; a lawyer's
"not guilty"; "gave no evidence" as a refusal rather than a denial; "neither government said
how"; a summary's "charges Doha denied"; police commissioners and secretariats; outlets named
Diario. The sentences here are our own, written for these tests."""

from __future__ import annotations

from drafting import last


def test_the_accused_customs_service_finding_nothing_irregular_denies():
    result = last("Australia said corrupt officials in Fiji's customs service had cleared the "
                  "boat. Fiji's customs service said its officers had inspected the boat and "
                  "found “nothing irregular”.")
    assert result.answer == "denial"


def test_at_no_time_from_the_accused_side_denies():
    result = last("Denmark accused the United States of surveying its waters. The U.S. State "
                  "Department said the ship had “at no time conducted survey operations” there.")
    assert result.answer == "denial"


def test_a_lawyer_saying_his_client_will_plead_not_guilty_denies():
    result = last("A lawyer for the Australian man said his client would plead not guilty.")
    assert result.answer == "denial"


def test_gave_no_evidence_is_a_refusal_not_a_denial():
    result = last("The agency said the firm works for state bodies, but gave no evidence for "
                  "the link.")
    assert result.answer != "denial"


def test_neither_government_saying_how_is_the_outlets_own_voice():
    result = last("Neither government said how many troops were involved.")
    assert result.answer == "independent_fact"


def test_charges_a_side_denied_inside_a_summary_are_not_the_sentences_denial():
    result = last("Bahrain has for years accused Iran of arming militants, charges Tehran "
                  "denies.")
    assert result.answer != "denial"


def test_a_police_assistant_commissioner_is_an_official():
    result = last("In a statement, Assistant Commissioner Dean Harlow said investigators had "
                  "evidence that officials had been paid.")
    assert result.answer == "government_allegation"


def test_a_secretariat_is_a_government_body():
    result = last("The agriculture secretariat said in a resolution that the company had "
                  "invoiced cuts as cheaper trimmings.")
    assert result.answer == "government_allegation"


def test_a_draft_is_the_same_whatever_the_hash_seed():
    # Which entity "the agency" or a repeated name resolves to once broke ties by the order
    # of a set, which Python changes from run to run (PYTHONHASHSEED).
    import os
    import subprocess
    import sys
    from pathlib import Path

    pack = Path(__file__).parent / "data" / "drafter" / "wire20"
    script = ("import sys; sys.path.insert(0, 'tests'); from pathlib import Path; "
              "from drafting import read; "
              "print([d.answer for p in sorted(Path(sys.argv[1]).glob('*.txt')) "
              "for d in read(p.read_text(encoding='utf-8'))])")
    answers = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", script, str(pack)], env=env, check=True,
                              capture_output=True, text=True,
                              cwd=Path(__file__).parents[1])
        answers.add(done.stdout)
    assert len(answers) == 1
