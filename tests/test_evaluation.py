"""The scorer behind the entity quality figures."""

from newslens.evaluation import Score, labelled


def test_precision_and_recall_by_type_and_shared_forms():
    score = Score()
    gold = [labelled("PERSON", "Vladimir Putin", "Putin"), labelled("COUNTRY", "Russia", "Rusia"),
            labelled("LOCATION", "Moscow", "Moskow")]
    predicted = [labelled("PERSON", "Putin"), labelled("COUNTRY", "Rusia"),
                 labelled("PERSON", "Moskow"), labelled("ORG", "Baca")]
    score.add(gold, predicted)
    assert (score.precision("PERSON"), score.recall("PERSON")) == (0.5, 1.0)
    assert (score.precision("COUNTRY"), score.recall("COUNTRY")) == (1.0, 1.0)
    assert (score.precision("LOCATION"), score.recall("LOCATION")) == (0.0, 0.0)
    assert score.precision("ORG") == 0.0
    assert "PERSON" in score.table()
