"""Time windows of the handbook's protocol (pure date arithmetic).

A split is: training days, then `delay_days` whose labels are not known yet (unused), then the test days.
Test transactions of cards already known to be compromised are removed, as in the handbook: a card is
known for test day D when it has a fraud on a day in [known_from, D - delay_days - 1], where known_from is
the first of the KNOWN_CARDS_LOOKBACK_DAYS days before the delay (the handbook's training week), so the
test set does not depend on how long the training window is.
"""

from dataclasses import dataclass
from datetime import date, timedelta

KNOWN_CARDS_LOOKBACK_DAYS = 7
FOLD_ASSESSMENT_DAYS = 7


@dataclass(frozen=True)
class Window:
    first: date
    last: date  # inclusive

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def as_dict(self) -> dict:
        return {"first": self.first.isoformat(), "last": self.last.isoformat(), "days": self.days}


def window(first: date, days: int) -> Window:
    if days < 1:
        raise ValueError(f"a window needs at least one day, got {days}")
    return Window(first, first + timedelta(days=days - 1))


@dataclass(frozen=True)
class Split:
    train: Window
    delay_days: int
    test: Window

    @property
    def known_from(self) -> date:
        return self.test.first - timedelta(days=self.delay_days + KNOWN_CARDS_LOOKBACK_DAYS)

    def known_until(self, test_day: date) -> date:
        """Last day whose frauds are known when scoring `test_day`."""
        return test_day - timedelta(days=self.delay_days + 1)

    def as_dict(self) -> dict:
        return {
            "train": self.train.as_dict(),
            "delay_days": self.delay_days,
            "test": self.test.as_dict(),
            "known_cards_from": self.known_from.isoformat(),
        }


def make_split(train_start: date, train_days: int, delay_days: int, test_days: int) -> Split:
    if delay_days < 0:
        raise ValueError(f"delay_days must be >= 0, got {delay_days}")
    train = window(train_start, train_days)
    test = window(train.last + timedelta(days=delay_days + 1), test_days)
    return Split(train=train, delay_days=delay_days, test=test)


def split_ending_before(last_data_day: date, train_days: int, delay_days: int, test_days: int) -> Split:
    """The latest split whose test window ends on `last_data_day`."""
    train_start = last_data_day - timedelta(days=test_days + delay_days + train_days - 1)
    return make_split(train_start, train_days, delay_days, test_days)


def prequential_folds(split: Split, folds: int) -> list[Split]:
    """Validation folds (handbook chapter 5): fold k assesses the FOLD_ASSESSMENT_DAYS days ending
    7*k days before the end of the final training window, with a model trained on the same number of
    days, ending `delay_days` before that. Nothing after the final training window is used."""
    result = []
    for k in range(folds):
        assess_last = split.train.last - timedelta(days=FOLD_ASSESSMENT_DAYS * k)
        assess = Window(assess_last - timedelta(days=FOLD_ASSESSMENT_DAYS - 1), assess_last)
        train_last = assess.first - timedelta(days=split.delay_days + 1)
        train = Window(train_last - timedelta(days=split.train.days - 1), train_last)
        result.append(Split(train=train, delay_days=split.delay_days, test=assess))
    return result


def first_day_needed(splits: list[Split]) -> date:
    return min(min(s.train.first, s.known_from) for s in splits)


def last_day_needed(splits: list[Split]) -> date:
    return max(s.test.last for s in splits)
