def test_the_laender_are_named_in_the_active_language():
    from django.utils import translation

    from quartiersnetz.places.models import STATE_NAMES_EN, State, state_choices, state_label

    assert set(STATE_NAMES_EN) == set(State.values)
    with translation.override("de"):
        assert state_label("09") == "Bayern"
        assert state_choices()[0] == ("08", "Baden-Württemberg")
    with translation.override("en"):
        assert state_label("09") == "Bavaria"
        assert state_choices()[0] == ("08", "Baden-Württemberg")
        assert ("03", "Lower Saxony") in state_choices()
        assert [name for _code, name in state_choices()] == sorted(STATE_NAMES_EN.values())
