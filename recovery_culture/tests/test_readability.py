from recovery_culture.lib.readability import PLAIN_ENGLISH, hardest_sentences, reading_ease, sentences

PLAIN = "Thank you for coming to see us. We look forward to meeting you."
HARD = "Non-compliance with the prescribed therapeutic regimen necessitates multidisciplinary reassessment."


def test_plain_english_scores_at_or_above_the_bar_and_jargon_below():
    assert reading_ease(PLAIN) >= PLAIN_ENGLISH
    assert reading_ease(HARD) < 30


def test_a_text_without_words_has_no_score():
    assert reading_ease("") is None
    assert reading_ease(" \n -- ") is None


def test_sentences_keep_their_place_in_the_text():
    text = f"{PLAIN}\n{HARD}"
    found = sentences(text)
    assert [s.text for s in found] == [
        "Thank you for coming to see us.",
        "We look forward to meeting you.",
        HARD,
    ]
    assert all(text[s.start : s.start + len(s.text)] == s.text for s in found)


def test_the_hardest_sentences_come_first_and_plain_ones_are_left_out():
    easier_but_hard = "Please telephone the administration department if you are unable to attend."
    hardest = hardest_sentences(f"{PLAIN} {easier_but_hard} {HARD}")
    assert [s.text for s in hardest] == [HARD, easier_but_hard]
    assert hardest_sentences(PLAIN) == []
