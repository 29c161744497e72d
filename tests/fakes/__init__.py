"""Hand-written fakes: a clock the test controls, a messenger that keeps what it sent, and a unit
of work on in-memory tables."""

from tests.fakes.messaging import FakeClock, FakeMessenger, Posted
from tests.fakes.tables import FakeDatabase
from tests.fakes.uow import FakeUnitOfWork, FakeUnitOfWorkFactory, fake_helpline, small_config

__all__ = [
    "FakeClock",
    "FakeDatabase",
    "FakeMessenger",
    "FakeUnitOfWork",
    "FakeUnitOfWorkFactory",
    "Posted",
    "fake_helpline",
    "small_config",
]
