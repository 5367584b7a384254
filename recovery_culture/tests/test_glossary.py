from recovery_culture.lib.glossary import terms_in


def test_the_terms_are_found_in_their_everyday_forms():
    found = terms_in("Peer workers are valued.", "Staff with Lived Experience", "our peer-worker Jo")
    assert [t.term for t in found] == ["Peer worker", "Lived experience"]
    assert [t.term for t in terms_in("We go to the recovery college. Care plans are written with us.")] == [
        "Recovery course",
        "Care plan",
    ]


def test_words_that_only_look_alike_are_left_alone():
    assert terms_in("A peer of mine works here.", "We took care, and planned the trip.", "") == []
