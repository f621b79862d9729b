from django.utils import translation

from overstap.dashboard.readings import reading


def test_the_reading_says_how_many_and_what_changed_in_dutch():
    with translation.override("nl"):
        assert reading("zonder_plek", 12, 17) == "12 leerlingen zonder plek, 5 minder dan vorige week."
        assert reading("zonder_plek", 9, 8) == "9 leerlingen zonder plek, 1 meer dan vorige week."
        assert reading("thuiszitters", 6, 6) == "6 thuiszitters, evenveel als vorige week."
        assert reading("no_show", 0, 7) == "0 no-shows, 7 minder dan vorige week."
        assert reading("no_show", 7, None) == "7 no-shows; nog geen cijfer van een week geleden."


def test_a_small_number_is_not_given_away_by_the_difference():
    with translation.override("nl"):
        # 3 now and 8 last week: "5 fewer" would tell the 3.
        assert reading("zonder_plek", 3, 8) == "Minder dan 5 leerlingen zonder plek."
        assert reading("zonder_plek", 8, 3) == "8 leerlingen zonder plek."
